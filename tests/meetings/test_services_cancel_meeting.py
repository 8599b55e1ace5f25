"""Cancelling a meeting: a reason is required; invited members get a calendar cancellation."""

import pytest
from icalendar import Calendar

from meetings.errors import MeetingError
from meetings.models import Dispatch, Meeting
from meetings.services.invitations import cancel_meeting, send_invitation, send_update
from tests.meetings.factories import make_item, set_state


@pytest.fixture
def invited(clerk, meeting, members, committed, mailoutbox):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")
    committed(send_invitation, by=clerk, meeting=meeting)
    mailoutbox.clear()
    meeting.refresh_from_db()
    return meeting


def calendar_of(mail):
    (attachment,) = mail.attachments
    return attachment, Calendar.from_ical(attachment.content)


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_cancelling_needs_a_reason(clerk, invited, reason, committed, mailoutbox, english):
    with pytest.raises(MeetingError, match="give the reason for cancelling"):
        committed(cancel_meeting, by=clerk, meeting=invited, reason=reason)

    invited.refresh_from_db()
    assert invited.state == Meeting.State.INVITED
    assert mailoutbox == []


def test_draft_is_cancelled_without_mail_or_dispatch(
    clerk, meeting, members, committed, mailoutbox
):
    committed(cancel_meeting, by=clerk, meeting=meeting, reason=" Keine Beratungsgegenstände ")

    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED
    assert meeting.cancel_reason == "Keine Beratungsgegenstände"
    assert meeting.calendar_sequence == 0
    assert not meeting.dispatches.exists()
    assert mailoutbox == []


def test_invited_meeting_is_cancelled_with_a_dispatch_and_next_sequence(clerk, invited, committed):
    committed(cancel_meeting, by=clerk, meeting=invited, reason="Sturmwarnung")

    invited.refresh_from_db()
    dispatch = invited.dispatches.get(kind=Dispatch.Kind.CANCELLATION)
    assert (invited.state, invited.calendar_sequence) == (Meeting.State.CANCELLED, 1)
    assert dispatch.sequence == 1
    assert invited.agenda_version == 1
    assert invited.notices.count() == 1


def test_invited_members_get_a_calendar_cancel(clerk, invited, members, committed, mailoutbox):
    committed(cancel_meeting, by=clerk, meeting=invited, reason="Sturmwarnung")

    assert sorted(address for mail in mailoutbox for address in mail.to) == members
    attachment, calendar = calendar_of(mailoutbox[0])
    (event,) = calendar.events
    assert "method=CANCEL" in attachment.mimetype
    assert calendar["METHOD"] == "CANCEL"
    assert (event.status, event.sequence) == ("CANCELLED", 1)


def test_cancellation_mail_gives_the_reason_and_has_no_pdf(clerk, invited, committed, mailoutbox):
    committed(cancel_meeting, by=clerk, meeting=invited, reason="Sturmwarnung")

    mail = mailoutbox[0]
    assert mail.subject == "Absage: 1. Sitzung – Stadtrat"
    assert "Grund: Sturmwarnung" in mail.body
    assert [attachment.filename for attachment in mail.attachments] == ["sitzung.ics"]


def test_cancellation_after_an_update_takes_the_sequence_after_it(
    clerk, invited, committed, mailoutbox
):
    make_item(by=clerk, meeting=invited, title="Dringlichkeitsantrag")
    committed(send_update, by=clerk, meeting=invited)
    mailoutbox.clear()

    committed(cancel_meeting, by=clerk, meeting=invited, reason="Sturmwarnung")

    _attachment, calendar = calendar_of(mailoutbox[0])
    assert calendar.events[0].sequence == 2


@pytest.mark.parametrize("state", ["running", "closed", "cancelled"])
def test_meeting_that_was_held_or_cancelled_cannot_be_cancelled(
    clerk, invited, state, committed, mailoutbox
):
    set_state(invited, state)

    with pytest.raises(MeetingError):
        committed(cancel_meeting, by=clerk, meeting=invited, reason="Versehen")

    invited.refresh_from_db()
    assert invited.state == state
    assert invited.dispatches.count() == 1
    assert mailoutbox == []


def test_closed_meeting_cannot_be_cancelled_says_why(clerk, invited, english):
    set_state(invited, "closed")

    with pytest.raises(MeetingError, match="A meeting that is Closed cannot be cancelled"):
        cancel_meeting(by=clerk, meeting=invited, reason="Versehen")
