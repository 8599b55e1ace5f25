"""Interrupting, resuming and closing the session."""

import pytest

from meetings.models import Meeting, SpeakerRequest
from meetings.session.errors import LiveError
from meetings.session.services.agenda import call_item
from meetings.session.services.attendance import mark_attendance
from meetings.session.services.session import close_meeting, interrupt, resume
from meetings.session.services.speakers import request_to_speak, start_speaker


def test_interruption_is_shown_with_its_reason(chair, running):
    event = interrupt(by=chair, meeting=running, reason="Störung der Videokonferenz")

    interruption = running.interruptions.get()
    assert (interruption.reason, interruption.ended) == ("Störung der Videokonferenz", None)
    assert event.views["public"]["state"]["meeting"]["interruption"]["reason"] == (
        "Störung der Videokonferenz"
    )


def test_second_interruption_is_refused(chair, running, english):
    interrupt(by=chair, meeting=running, reason="Pause")

    with pytest.raises(LiveError, match="already interrupted"):
        interrupt(by=chair, meeting=running, reason="Noch eine")

    assert running.interruptions.count() == 1


def test_resuming_ends_the_interruption(chair, running):
    interrupt(by=chair, meeting=running, reason="Pause")

    event = resume(by=chair, meeting=running)

    assert running.interruptions.get().ended is not None
    assert event.views["public"]["state"]["meeting"]["interruption"] is None


def test_resuming_without_an_interruption_is_refused(chair, running, english):
    with pytest.raises(LiveError, match="not interrupted") as refused:
        resume(by=chair, meeting=running)

    assert refused.value.code == "conflict"


def test_closing_ends_the_meeting(chair, running):
    close_meeting(by=chair, meeting=running)

    running.refresh_from_db()
    assert running.state == Meeting.State.CLOSED
    assert running.closed is not None


def test_closing_ends_every_presence_at_the_closing_time(clerk, chair, running, member):
    mark_attendance(by=clerk, meeting=running, person=member.person, state_name="remote")
    mark_attendance(by=clerk, meeting=running, person=chair.person, state_name="hall")

    close_meeting(by=chair, meeting=running)

    running.refresh_from_db()
    assert [p.left for p in running.presences.all()] == [running.closed, running.closed]


def test_closing_ends_the_interruption(chair, running):
    interrupt(by=chair, meeting=running, reason="Pause")

    close_meeting(by=chair, meeting=running)

    running.refresh_from_db()
    assert running.interruptions.get().ended == running.closed


def test_closing_ends_the_current_speech(clerk, chair, running, public_item, member):
    call_item(by=clerk, meeting=running, item_id=public_item.pk)
    request = request_to_speak(by=member, meeting=running, person=member.person, kind="speech")
    start_speaker(by=clerk, meeting=running, request_id=request.data["request"])

    close_meeting(by=chair, meeting=running)

    assert SpeakerRequest.objects.get().state == "done"


def test_a_closed_meeting_cannot_close_again(chair, running, english):
    close_meeting(by=chair, meeting=running)

    with pytest.raises(LiveError, match="not running"):
        close_meeting(by=chair, meeting=running)

    assert running.events.count() == 2
