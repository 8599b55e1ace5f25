"""State changes of ballots: prepare, open, cast, close, annul (see STYLE.md).

Opening, closing and annulling lock the meeting row like every live change and record one event.
Casting is the hot path, in `voting.casting`: casts run side by side under a shared lock that a
close waits for, and record no event.
"""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.models import Person
from meetings.models import Consultation, Meeting
from meetings.session import state
from meetings.session.announce import announce
from meetings.session.events import append_event
from meetings.session.rules import STATE_LAWS, may_hold_secret_ballot, may_vote_remotely
from meetings.session.services.common import ensure_running, item_of, locked
from voting.casting import Cast, ballot_lock, cast_votes
from voting.errors import CastRefused, VotingError
from voting.models import Ballot, Eligibility, SecretTally
from voting.rules import Counts, Seat, eligible_voters, outcome, result_text
from voting.state import ballot_views

CONSULTATION_RESULT = {
    "accepted": Consultation.Result.ACCEPTED,
    "rejected": Consultation.Result.REJECTED,
    "tie": Consultation.Result.REJECTED,
}


def ballot_of(meeting: Meeting, ballot_id: int, *, lock: bool = False) -> Ballot:
    ballots = Ballot.objects.select_for_update() if lock else Ballot.objects
    ballot = ballots.select_related("item").filter(pk=ballot_id, meeting=meeting).first()
    if ballot is None:
        raise CastRefused("not_found").error()
    return ballot


def record(meeting, ballot, op, *, by, data, announce_text=None, eligible=None):
    return append_event(
        meeting,
        type="ballot",
        op=op,
        data={"ballot": ballot.pk, "item": ballot.item_id, **data},
        views=ballot_views(meeting, ballot, announce=announce_text, eligible=eligible),
        actor=by if getattr(by, "is_authenticated", False) else None,
    )


@transaction.atomic
def prepare_ballot(
    *,
    by,
    meeting: Meeting,
    item_id: int,
    question: str,
    kind: str,
    majority_rule: str = "",
    is_election: bool = False,
):
    """A ballot on an item, with the body's default majority unless another is chosen."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    item = item_of(meeting, item_id)
    if kind not in Ballot.Kind.values:
        raise VotingError("invalid", _("Unknown kind of ballot."))
    ballot = Ballot.objects.create(
        meeting=meeting,
        item=item,
        question=question.strip() or default_question(item),
        kind=kind,
        is_election=is_election,
        majority_rule=majority_rule or meeting.body.default_majority_rule,
        legal_member_count=meeting.body.legal_member_count,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    return record(meeting, ballot, "prepared", by=by, data={"kind": kind})


def default_question(item) -> str:
    try:
        resolution = item.consultation.paper.resolution_text
    except type(item).consultation.RelatedObjectDoesNotExist:
        resolution = ""
    return resolution or item.title


@transaction.atomic
def open_ballot(*, by, meeting: Meeting, ballot_id: int):
    """Open the ballot and fix who may vote: present members with a vote and no conflict."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    ballot = ballot_of(meeting, ballot_id, lock=True)
    if ballot.state != Ballot.State.PREPARED:
        raise VotingError("conflict", _("Only a prepared ballot can be opened."))
    if meeting.ballots.filter(state=Ballot.State.OPEN).exists():
        raise VotingError("conflict", _("Another ballot is still open."))
    law = STATE_LAWS[meeting.body.state_law_profile]
    attendance = {a.person_id: a.state for a in meeting.attendances.all()}
    remote_now = sum(1 for value in attendance.values() if value == "remote")
    if ballot.kind == Ballot.Kind.SECRET and not may_hold_secret_ballot(law, remote_now=remote_now):
        raise VotingError(
            "conflict",
            _(
                "Under %(law)s law there is no secret ballot while members take part remotely "
                "(%(count)d now). Ask them to join in the hall or hold an open vote."
            )
            % {"law": law.name, "count": remote_now},
        )
    conflicted = set(ballot.item.conflicts.values_list("person_id", flat=True))
    voters = eligible_voters(
        [
            Seat(
                person=seat.person_id,
                voting_right=seat.voting_right,
                attendance=attendance.get(seat.person_id, "unknown"),
                conflicted=seat.person_id in conflicted,
            )
            for seat in state.seats(meeting)
        ],
        remote_may_vote=may_vote_remotely(law, is_election=ballot.is_election),
    )
    Eligibility.objects.bulk_create(Eligibility(ballot=ballot, person_id=p) for p in voters)
    if ballot.kind == Ballot.Kind.SECRET:
        SecretTally.objects.create(ballot=ballot)
    ballot.state, ballot.opened, ballot.eligible_count = (
        Ballot.State.OPEN,
        timezone.now(),
        len(voters),
    )
    ballot.save(update_fields=["state", "opened", "eligible_count"])
    return record(
        meeting,
        ballot,
        "opened",
        by=by,
        data={"eligible": voters},
        eligible=voters,
        announce_text=announce(
            gettext_lazy("Voting on %(number)s is open."), number=ballot.item.number
        ),
    )


def cast_vote(
    *,
    by,
    meeting: Meeting,
    ballot_id: int,
    person: Person,
    choice: str,
    request_id: str,
    entered_by=None,
) -> dict:
    """Record one vote exactly once; the same `request_id` again gets the same answer."""
    (answer,) = cast_votes(meeting.pk, [Cast(person, ballot_id, choice, request_id, entered_by)])
    if isinstance(answer, CastRefused):
        raise answer.error()
    return answer


def record_for_member(
    *, by, meeting: Meeting, ballot_id: int, person: Person, choice: str, request_id: str
) -> dict:
    """Staff records a hall member's vote as called out (named votes only), marked as such."""
    return cast_vote(
        by=by,
        meeting=meeting,
        ballot_id=ballot_id,
        person=person,
        choice=choice,
        request_id=request_id,
        entered_by=by,
    )


def close_ballot(*, by, meeting: Meeting, ballot_id: int, yes=None, no=None, abstain=None):
    """Close and count; a show of hands brings the secretariat's counts."""
    counts = None
    if (yes, no, abstain) != (None, None, None):
        counts = Counts(yes=yes or 0, no=no or 0, abstain=abstain or 0)
    return close_and_count(by=by, meeting=meeting, ballot_id=ballot_id, counts=counts)


@transaction.atomic
def close_and_count(*, by, meeting: Meeting, ballot_id: int, counts: Counts | None = None):
    """Close and count. Waits for casts in flight (`ballot_lock`); a show of hands brings its
    counts."""
    meeting = locked(meeting.pk)
    ballot_lock(ballot_id, exclusive=True)
    ballot = ballot_of(meeting, ballot_id, lock=True)
    if ballot.state != Ballot.State.OPEN:
        raise VotingError("conflict", _("Only an open ballot can be closed."))
    if ballot.kind == Ballot.Kind.SHOW_OF_HANDS:
        if counts is None:
            raise VotingError("invalid", _("Enter the counts of yes, no and abstentions."))
        if counts.cast > ballot.eligible_count:
            raise VotingError(
                "invalid",
                _("%(cast)d votes counted, but only %(eligible)d members may vote.")
                % {"cast": counts.cast, "eligible": ballot.eligible_count},
            )
    elif ballot.kind == Ballot.Kind.SECRET:
        tally = SecretTally.objects.get(ballot=ballot)
        counts = Counts(yes=tally.yes, no=tally.no, abstain=tally.abstain)
    else:
        by_choice = dict(ballot.votes.values_list("choice").annotate(n=Count("id")))
        counts = Counts(
            yes=by_choice.get("yes", 0),
            no=by_choice.get("no", 0),
            abstain=by_choice.get("abstain", 0),
        )
    result = outcome(
        counts, rule=ballot.majority_rule, legal_member_count=ballot.legal_member_count
    )
    ballot.yes, ballot.no, ballot.abstain = counts.yes, counts.no, counts.abstain
    ballot.outcome = result
    ballot.result_text = result_text(counts, result, election=ballot.is_election)
    ballot.state, ballot.closed = Ballot.State.CLOSED, timezone.now()
    ballot.save()
    Consultation.objects.filter(agenda_item=ballot.item).update(
        result=CONSULTATION_RESULT[result], modified=ballot.closed
    )
    return record(
        meeting,
        ballot,
        "closed",
        by=by,
        data={"yes": counts.yes, "no": counts.no, "abstain": counts.abstain, "outcome": result},
        announce_text=announce(
            gettext_lazy("Result on %(number)s: %(result)s"),
            number=ballot.item.number,
            result=ballot.result_text,
        ),
    )


@transaction.atomic
def annul_ballot(*, by, meeting: Meeting, ballot_id: int, reason: str):
    """Aufhebung, e.g. to repeat a vote taken during a connection failure."""
    meeting = locked(meeting.pk)
    ballot = ballot_of(meeting, ballot_id, lock=True)
    if ballot.state not in (Ballot.State.OPEN, Ballot.State.CLOSED):
        raise VotingError("conflict", _("Only an open or closed ballot can be annulled."))
    if not reason.strip():
        raise VotingError("invalid", _("Please give the reason for annulling the ballot."))
    was_closed = ballot.state == Ballot.State.CLOSED
    ballot.state, ballot.annul_reason = Ballot.State.ANNULLED, reason.strip()
    ballot.save(update_fields=["state", "annul_reason"])
    if was_closed:
        # The decision no longer stands: the paper waits for the repeated vote.
        Consultation.objects.filter(agenda_item=ballot.item).update(
            result=Consultation.Result.PENDING, modified=timezone.now()
        )
    return record(meeting, ballot, "annulled", by=by, data={"reason": ballot.annul_reason})
