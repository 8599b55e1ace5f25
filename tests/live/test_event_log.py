"""The session event log: one hash-chained row per change, numbered without gaps, and every
change to a stored row shows up in the check."""

import io
import itertools

import pytest
from django.core.management import CommandError, call_command

from meetings.models import SessionEvent
from meetings.session.events import verify_chain
from meetings.session.services.agenda import call_item, set_item_status
from meetings.session.services.attendance import join_remotely, lose_connection, mark_attendance
from meetings.session.services.conflicts import declare_conflict, withdraw_conflict
from meetings.session.services.failures import decide_failure, report_failure
from meetings.session.services.session import close_meeting, interrupt, resume, start_meeting
from meetings.session.services.speakers import (
    move_request,
    request_to_speak,
    start_speaker,
    stop_speaker,
    withdraw_request,
)


@pytest.fixture
def session(clerk, chair, meeting, public_item, secret_item, member, others):
    """A whole meeting, one service after the other; each returns the event it appended."""
    m, you, them = meeting, member.person, others[0].person
    steps = [
        lambda: mark_attendance(by=clerk, meeting=m, person=chair.person, state_name="hall"),
        lambda: start_meeting(by=clerk, meeting=m),
        lambda: join_remotely(by=member, meeting=m, person=you),
        lambda: call_item(by=clerk, meeting=m, item_id=public_item.pk),
        lambda: request_to_speak(by=member, meeting=m, person=you, kind="speech"),
        lambda: request_to_speak(by=clerk, meeting=m, person=them, kind="speech"),
        lambda: move_request(
            by=clerk, meeting=m, request_id=last("speakers").data["request"], up=True
        ),
        lambda: start_speaker(by=clerk, meeting=m, request_id=first("requested").data["request"]),
        lambda: stop_speaker(by=clerk, meeting=m, request_id=first("requested").data["request"]),
        lambda: withdraw_request(by=clerk, meeting=m, request_id=last("requested").data["request"]),
        lambda: declare_conflict(by=member, meeting=m, item_id=secret_item.pk, person=you),
        lambda: withdraw_conflict(by=clerk, meeting=m, item_id=secret_item.pk, person=you),
        lambda: report_failure(by=member, meeting=m, person=you),
        lambda: decide_failure(
            by=chair,
            meeting=m,
            failure_id=last("failure").data["failure"],
            fault="member",
            decision="Keine Wiederholung",
        ),
        lambda: lose_connection(by=member, meeting=m, person=you),
        lambda: interrupt(by=chair, meeting=m, reason="Pause"),
        lambda: resume(by=chair, meeting=m),
        lambda: set_item_status(by=clerk, meeting=m, item_id=public_item.pk, status="done"),
        lambda: close_meeting(by=chair, meeting=m),
    ]
    events = []

    def last(type_or_op):
        return next(e for e in reversed(events) if type_or_op in (e.type, e.op))

    def first(op):
        return next(e for e in events if e.op == op)

    for step in steps:
        before = m.events.count()
        events.append(step())
        assert m.events.count() == before + 1, events[-1]
    return events


def test_every_service_appends_exactly_one_event(session, meeting):
    assert [(e.type, e.op) for e in session] == [
        ("attendance", "marked"),
        ("meeting", "started"),
        ("attendance", "joined"),
        ("agenda", "called"),
        ("speakers", "requested"),
        ("speakers", "requested"),
        ("speakers", "moved"),
        ("speakers", "started"),
        ("speakers", "stopped"),
        ("speakers", "withdrawn"),
        ("conflict", "declared"),
        ("conflict", "withdrawn"),
        ("failure", "reported"),
        ("failure", "decided"),
        ("attendance", "disconnected"),
        ("meeting", "interrupted"),
        ("meeting", "resumed"),
        ("agenda", "status"),
        ("meeting", "closed"),
    ]
    assert list(meeting.events.values_list("pk", flat=True)) == [e.pk for e in session]


def test_sequence_numbers_run_from_one_without_gaps(session, meeting):
    assert list(meeting.events.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, len(session) + 1)
    )


def test_intact_log_verifies(session, meeting):
    assert verify_chain(meeting) == []


def test_each_event_links_to_the_one_before(session):
    assert session[0].previous_hash == "0" * 64
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(session))


def test_changed_data_is_reported(session, meeting):
    SessionEvent.objects.filter(pk=session[9].pk).update(data={"item": 1, "request": 2})

    assert verify_chain(meeting) == ["#10: content does not match its hash"]


def test_changed_view_is_reported(session, meeting):
    event = session[10]
    event.views["public"] = {"state": {}}
    SessionEvent.objects.filter(pk=event.pk).update(views=event.views)

    assert verify_chain(meeting) == ["#11: content does not match its hash"]


def test_deleted_row_is_reported(session, meeting):
    SessionEvent.objects.filter(pk=session[4].pk).delete()

    problems = verify_chain(meeting)

    assert "#6: expected sequence number 5" in problems
    assert "#6: does not link to the event before it" in problems


def test_deleting_the_last_events_is_reported(session, meeting):
    SessionEvent.objects.filter(pk__in=[e.pk for e in session[-2:]]).delete()

    assert verify_chain(meeting) != []


def test_reordered_rows_are_reported(session, meeting):
    a, b = session[2], session[3]
    SessionEvent.objects.filter(pk=a.pk).update(seq=999)
    SessionEvent.objects.filter(pk=b.pk).update(seq=a.seq)
    SessionEvent.objects.filter(pk=a.pk).update(seq=b.seq)

    problems = verify_chain(meeting)

    assert "#3: does not link to the event before it" in problems
    assert "#3: content does not match its hash" in problems
    assert "#4: content does not match its hash" in problems


def test_a_rewritten_row_with_a_fresh_hash_breaks_the_next_link(session, meeting):
    from meetings.session.events import event_hash

    event = SessionEvent.objects.get(pk=session[5].pk)
    event.data = {"forged": True}
    event.hash = event_hash(event)
    event.save()

    assert verify_chain(meeting) == ["#7: does not link to the event before it"]


def test_command_says_chain_intact(session, meeting):
    out = io.StringIO()

    call_command("verify_event_log", str(meeting.pk), stdout=out)

    assert out.getvalue() == f"Meeting {meeting.pk}: {len(session)} events, chain intact\n"


def test_command_fails_on_a_tampered_log(session, meeting):
    SessionEvent.objects.filter(pk=session[0].pk).update(op="excused")
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 meeting"):
        call_command("verify_event_log", stderr=err, stdout=io.StringIO())

    assert "#1: content does not match its hash" in err.getvalue()
