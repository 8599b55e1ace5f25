"""A past Stadtrat meeting of the demo, run through the live session with a vote of each kind:
named, by show of hands, secret (an election), and one on a non-public item with a conflict of
interest. The minutes are drafted from it.

The meeting is replayed on a simulated clock three weeks back, so that its record (event log,
arrival times, votes) carries the times of that evening and its hash chain is genuine.
"""

import datetime
import itertools
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth import get_user_model

from council.models import Body
from meetings.demo import TOWN_HALL, evening
from meetings.models import Attendance, Meeting
from meetings.services.agenda import add_item, create_meeting, location_for
from meetings.services.invitations import send_invitation
from meetings.services.papers import create_paper
from meetings.session.services import agenda, attendance, conflicts, session, speakers
from voting import services as voting
from voting.models import Ballot
from voting.rules import Counts

PAPERS = [
    (
        "Benennung des Platzes vor dem Rathaus nach Hedwig Dohm",
        "Der Platz vor dem Rathaus erhält den Namen „Hedwig-Dohm-Platz“.",
    ),
    (
        "Zuschuss für die Flutlichtanlage des TuS Musterstadt",
        "Der TuS Musterstadt erhält einen Zuschuss von 45.000 € für eine LED-Flutlichtanlage.",
    ),
]
ELECTION = "Wahl der Schiedsperson für den Schiedsamtsbezirk Musterstadt-Nord"
NON_PUBLIC = "Stundung einer Gewerbesteuerforderung"
ABSENT, EXCUSED, REMOTE = {"mitglied07", "mitglied19"}, {"mitglied24"}, {"mitglied12"}
CONFLICTED = "mitglied05"


@contextmanager
def replayed_clock(start: datetime.datetime, step=datetime.timedelta(seconds=20)):
    """timezone.now() returns `start`, then `step` later on every call: the evening replayed."""
    moments = itertools.count()
    with mock.patch("django.utils.timezone.now", lambda: start + step * next(moments)):
        yield


def seed(*, with_passwords: bool) -> None:
    if Ballot.objects.exists():
        return
    users = {user.username: user for user in get_user_model().objects.all()}
    stadtrat = Body.objects.get(name="Stadtrat")
    start, end = evening(-21)
    with replayed_clock(start - datetime.timedelta(days=12)):
        meeting = prepare(stadtrat, start, end, by=users["sekretariat"])
    with replayed_clock(start - datetime.timedelta(minutes=5)):
        run(meeting, users)


def prepare(stadtrat, start, end, *, by) -> Meeting:
    meeting = create_meeting(
        by=by,
        body=stadtrat,
        start=start,
        planned_end=end,
        location=location_for(**TOWN_HALL),
        is_hybrid=True,
        public_notes="Die Sitzung ist öffentlich.",
    )
    for title, resolution in PAPERS:
        paper = create_paper(
            by=by,
            kind="resolution_proposal",
            title=title,
            path=[stadtrat],
            resolution_text=resolution,
            originator_department="Hauptamt",
        )
        add_item(by=by, meeting=meeting, title=title, is_public=True, paper=paper)
    add_item(by=by, meeting=meeting, title=ELECTION, is_public=True)
    add_item(by=by, meeting=meeting, title=NON_PUBLIC, is_public=False)
    send_invitation(by=by, meeting=meeting)
    return meeting


def run(meeting: Meeting, users) -> None:
    chair, clerk = users["vorsitz"], users["sekretariat"]
    session.start_meeting(by=chair, meeting=meeting)
    for membership in meeting.body.memberships.select_related("person__user"):
        username = membership.person.user.username
        state = (
            "absent"
            if username in ABSENT
            else "excused"
            if username in EXCUSED
            else "remote"
            if username in REMOTE
            else "hall"
        )
        attendance.mark_attendance(
            by=clerk, meeting=meeting, person=membership.person, state_name=state
        )
    items = {item.title: item for item in meeting.agenda_items.all()}
    for item in meeting.agenda_items.filter(is_public=True, parent=None).order_by("order")[:4]:
        agenda.call_item(by=chair, meeting=meeting, item_id=item.pk)
        agenda.set_item_status(by=chair, meeting=meeting, item_id=item.pk, status="done")
    named_vote(meeting, items[PAPERS[0][0]], users, chair)
    show_of_hands(meeting, items[PAPERS[1][0]], chair, Counts(yes=22, no=4, abstain=1))
    secret_election(meeting, items[ELECTION], users, chair)
    non_public(meeting, items[NON_PUBLIC], users, chair)
    session.close_meeting(by=chair, meeting=meeting)


def voters(meeting, ballot):
    return list(ballot.eligible.select_related("person__user").order_by("person__family_name"))


def named_vote(meeting, item, users, chair):
    agenda.call_item(by=chair, meeting=meeting, item_id=item.pk)
    member = users["mitglied14"].person
    request = speakers.request_to_speak(by=chair, meeting=meeting, person=member, kind="speech")
    speakers.start_speaker(by=chair, meeting=meeting, request_id=request.data["request"])
    speakers.stop_speaker(by=chair, meeting=meeting, request_id=request.data["request"])
    ballot = open_ballot(meeting, item, "named", chair)
    for index, eligibility in enumerate(voters(meeting, ballot)):
        choice = "no" if index % 5 == 0 else "abstain" if index % 7 == 0 else "yes"
        voting.cast_vote(
            by=eligibility.person.user,
            meeting=meeting,
            ballot_id=ballot.pk,
            person=eligibility.person,
            choice=choice,
            request_id=f"demo-{index}",
        )
    finish(meeting, item, ballot, chair)


def show_of_hands(meeting, item, chair, counts):
    agenda.call_item(by=chair, meeting=meeting, item_id=item.pk)
    ballot = open_ballot(meeting, item, "show_of_hands", chair)
    voting.close_ballot(
        by=chair,
        meeting=meeting,
        ballot_id=ballot.pk,
        yes=counts.yes,
        no=counts.no,
        abstain=counts.abstain,
    )
    agenda.set_item_status(by=chair, meeting=meeting, item_id=item.pk, status="done")


def secret_election(meeting, item, users, chair):
    agenda.call_item(by=chair, meeting=meeting, item_id=item.pk)
    ballot = open_ballot(
        meeting,
        item,
        "secret",
        chair,
        question="Herr Manfred Ostermann wird zur Schiedsperson gewählt.",
        is_election=True,
    )
    for index, eligibility in enumerate(voters(meeting, ballot)):
        voting.cast_vote(
            by=eligibility.person.user,
            meeting=meeting,
            ballot_id=ballot.pk,
            person=eligibility.person,
            choice="no" if index % 6 == 0 else "yes",
            request_id=f"demo-secret-{index}",
        )
    finish(meeting, item, ballot, chair)


def non_public(meeting, item, users, chair):
    conflicts.declare_conflict(
        by=users[CONFLICTED], meeting=meeting, item_id=item.pk, person=users[CONFLICTED].person
    )
    agenda.call_item(by=chair, meeting=meeting, item_id=item.pk)
    present = meeting.attendances.filter(state__in=[Attendance.State.HALL, Attendance.State.REMOTE])
    ballot = open_ballot(meeting, item, "show_of_hands", chair)
    voting.close_ballot(
        by=chair, meeting=meeting, ballot_id=ballot.pk, yes=present.count() - 3, no=1, abstain=1
    )
    agenda.set_item_status(by=chair, meeting=meeting, item_id=item.pk, status="done")


def open_ballot(meeting, item, kind, chair, **options) -> Ballot:
    event = voting.prepare_ballot(
        by=chair,
        meeting=meeting,
        item_id=item.pk,
        kind=kind,
        question=options.get("question", ""),
        is_election=options.get("is_election", False),
    )
    voting.open_ballot(by=chair, meeting=meeting, ballot_id=event.data["ballot"])
    return Ballot.objects.get(pk=event.data["ballot"])


def finish(meeting, item, ballot, chair):
    voting.close_ballot(by=chair, meeting=meeting, ballot_id=ballot.pk)
    agenda.set_item_status(by=chair, meeting=meeting, item_id=item.pk, status="done")
