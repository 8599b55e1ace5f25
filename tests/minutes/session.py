"""A whole meeting played through the services, on a replayed clock so that its times are known:
roll call with one member remote, a named vote on the public item, a show of hands that rejects,
a deferred item, an interruption, and on the non-public item a conflict of interest, a
connection failure with the chair's decision and a unanimous named vote."""

import datetime

from meetings.models import Meeting
from meetings.session.services import agenda, attendance, conflicts, failures, session
from tests.live.fixtures import SECRET_TITLE
from tests.voting.ballots import cast, close, open_ballot, paper_for
from voting.demo import replayed_clock

REJECTED_TITLE = "Antrag auf Verlängerung der Öffnungszeiten"
DEFERRED_TITLE = "Radverkehrskonzept Innenstadt"
INTERRUPTION = "Technische Prüfung der Videokonferenz"
DECISION = f"Die Abstimmung zu {SECRET_TITLE} wird nicht wiederholt."
START = datetime.datetime(2026, 12, 3, 18, 0, tzinfo=datetime.UTC)
STEP = datetime.timedelta(minutes=1)


def play(meeting: Meeting, *, clerk, chair, member, others):
    weber, vogt, aydin = others
    items = {item.title: item for item in meeting.agenda_items.all()}
    public_item = meeting.agenda_items.filter(is_public=True).order_by("order").first()
    secret_item = meeting.agenda_items.get(is_public=False)
    with replayed_clock(START, STEP):
        paper_for(public_item, by=clerk, body=meeting.body)
        session.start_meeting(by=clerk, meeting=meeting)
        for user, state in [
            (chair, "hall"),
            (member, "hall"),
            (weber, "remote"),
            (vogt, "hall"),
            (aydin, "hall"),
        ]:
            attendance.mark_attendance(
                by=clerk, meeting=meeting, person=user.person, state_name=state
            )

        agenda.call_item(by=chair, meeting=meeting, item_id=public_item.pk)
        ballot = open_ballot(meeting, public_item, by=chair, kind="named")
        for user, choice in [
            (chair, "yes"),
            (member, "yes"),
            (weber, "yes"),
            (vogt, "no"),
            (aydin, "abstain"),
        ]:
            cast(meeting, ballot, user, choice)
        close(meeting, ballot, by=chair)
        agenda.set_item_status(by=chair, meeting=meeting, item_id=public_item.pk, status="done")

        rejected = items[REJECTED_TITLE]
        agenda.call_item(by=chair, meeting=meeting, item_id=rejected.pk)
        ballot = open_ballot(meeting, rejected, by=chair, kind="show_of_hands")
        close(meeting, ballot, by=clerk, yes=1, no=3, abstain=1)
        agenda.set_item_status(by=chair, meeting=meeting, item_id=rejected.pk, status="done")
        agenda.set_item_status(
            by=chair, meeting=meeting, item_id=items[DEFERRED_TITLE].pk, status="deferred"
        )

        # Vogt leaves for a while: two presence periods.
        attendance.mark_attendance(
            by=clerk, meeting=meeting, person=vogt.person, state_name="absent"
        )
        session.interrupt(by=chair, meeting=meeting, reason=INTERRUPTION)
        session.resume(by=chair, meeting=meeting)
        attendance.mark_attendance(by=clerk, meeting=meeting, person=vogt.person, state_name="hall")

        conflicts.declare_conflict(
            by=aydin, meeting=meeting, item_id=secret_item.pk, person=aydin.person
        )
        agenda.call_item(by=chair, meeting=meeting, item_id=secret_item.pk)
        failure = failures.report_failure(by=weber, meeting=meeting, person=weber.person)
        failures.decide_failure(
            by=chair,
            meeting=meeting,
            failure_id=failure.data["failure"],
            fault="member",
            decision=DECISION,
        )
        ballot = open_ballot(meeting, secret_item, by=chair, kind="named")
        for user in (chair, member, weber, vogt):
            cast(meeting, ballot, user, "yes")
        close(meeting, ballot, by=chair)
        agenda.set_item_status(by=chair, meeting=meeting, item_id=secret_item.pk, status="done")
        session.close_meeting(by=chair, meeting=meeting)
