"""Ballots for the voting tests, made through the services as the live session makes them."""

from council.models import Membership
from meetings.models import Paper
from meetings.services.papers import consultation_for
from meetings.session.services.session import start_meeting
from tests.factories import make_body, make_membership, make_person, make_user
from tests.meetings.factories import make_item, make_meeting, make_paper, set_state
from voting import services as voting
from voting.models import Ballot

RESOLUTION = "Der Haushaltsplan 2027 wird in der vorliegenden Fassung beschlossen."


def prepare(meeting, item, *, by, kind="named", question="", **options) -> Ballot:
    event = voting.prepare_ballot(
        by=by, meeting=meeting, item_id=item.pk, question=question, kind=kind, **options
    )
    return Ballot.objects.get(pk=event.data["ballot"])


def open_ballot(meeting, item, *, by, kind="named", **options) -> Ballot:
    """A ballot on `item`, prepared and opened: its voters are fixed now."""
    ballot = prepare(meeting, item, by=by, kind=kind, **options)
    voting.open_ballot(by=by, meeting=meeting, ballot_id=ballot.pk)
    ballot.refresh_from_db()
    return ballot


def cast(meeting, ballot, user, choice, *, request_id=None) -> dict:
    """The member `user` votes for themselves, as their socket would have them."""
    return voting.cast_vote(
        by=user,
        meeting=meeting,
        ballot_id=ballot.pk,
        person=user.person,
        choice=choice,
        request_id=request_id or f"cast-{user.pk}",
    )


def close(meeting, ballot, *, by, **counts) -> Ballot:
    voting.close_ballot(by=by, meeting=meeting, ballot_id=ballot.pk, **counts)
    ballot.refresh_from_db()
    return ballot


def paper_for(item, *, by, body) -> Paper:
    """A paper with a proposed resolution whose consultation in `body` is on `item`."""
    paper = make_paper(by=by, path=[body], resolution_text=RESOLUTION)
    consultation = consultation_for(paper, body)
    consultation.agenda_item = item
    consultation.save(update_fields=["agenda_item"])
    return paper


def seated_meeting(size: int, *, by, **body_fields):
    """A running meeting of a body of `size` members with a vote, all in the hall, and its one
    public item. Returns (meeting, item, users)."""
    body = make_body(legal_member_count=size, **body_fields)
    users = []
    for number in range(1, size + 1):
        user = make_user()
        person = make_person(given_name=f"Mitglied{number:02}", user=user)
        make_membership(person=person, body=body, role=Membership.Role.MEMBER)
        users.append(user)
    meeting = make_meeting(by=by, body=body)
    item = make_item(by=by, meeting=meeting, title="Bebauungsplan Nr. 12")
    set_state(meeting, "invited")
    start_meeting(by=by, meeting=meeting)
    # The roll call at once: marking members one by one is the attendance tests' business.
    meeting.attendances.update(state="hall")
    meeting.refresh_from_db()
    return meeting, item, users
