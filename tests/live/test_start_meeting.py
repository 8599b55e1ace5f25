"""Opening the session: only an invited meeting starts, and the roll call covers every seat."""

import pytest

from meetings.models import Attendance, Meeting, PresencePeriod
from meetings.session.errors import LiveError
from meetings.session.services.attendance import mark_attendance
from meetings.session.services.session import start_meeting
from tests.meetings.factories import set_state


def test_invited_meeting_starts_running(clerk, meeting):
    start_meeting(by=clerk, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.RUNNING
    assert meeting.started is not None


def test_every_seat_gets_an_attendance_row(clerk, meeting, chair, member, others):
    start_meeting(by=clerk, meeting=meeting)

    people = {a.person_id: a.state for a in meeting.attendances.all()}
    seated = {user.person.pk for user in [chair, member, *others]}
    assert people == dict.fromkeys(seated, Attendance.State.UNKNOWN)


def test_members_marked_before_the_start_arrive_with_it(clerk, meeting, member):
    mark_attendance(by=clerk, meeting=meeting, person=member.person, state_name="hall")

    start_meeting(by=clerk, meeting=meeting)

    (period,) = PresencePeriod.objects.filter(meeting=meeting, person=member.person)
    assert (period.remote, period.left) == (False, None)
    assert period.arrived >= Meeting.objects.get(pk=meeting.pk).started


@pytest.mark.parametrize("state", ["draft", "running", "closed", "cancelled"])
def test_only_an_invited_meeting_can_start(clerk, meeting, state, english):
    set_state(meeting, state)

    with pytest.raises(LiveError, match="Only an invited meeting") as refused:
        start_meeting(by=clerk, meeting=meeting)

    assert refused.value.code == "conflict"
    assert not meeting.events.exists()


def test_start_is_the_first_event(clerk, meeting):
    event = start_meeting(by=clerk, meeting=meeting)

    assert (event.seq, event.type, event.op, event.actor) == (1, "meeting", "started", clerk)
    # Opening changes no one's attendance: the roll call every client has stays as it is.
    assert set(event.views["public"]["state"]) == {
        "meeting",
        "quorum",
        "agenda",
        "current",
        "speakers",
        "failures",
    }
