"""Sending an update (Nachtrag): the changes since the last dispatch, with the next sequence."""

import pytest
from icalendar import Calendar

from meetings.errors import MeetingError
from meetings.models import Dispatch
from meetings.services.agenda import update_item
from meetings.services.invitations import send_invitation, send_update
from tests.meetings.factories import make_item


@pytest.fixture
def invited(clerk, meeting, members, committed, mailoutbox):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")
    committed(send_invitation, by=clerk, meeting=meeting)
    mailoutbox.clear()
    meeting.refresh_from_db()
    return meeting


def calendar_of(mail):
    (attachment,) = [item for item in mail.attachments if item.filename == "sitzung.ics"]
    return Calendar.from_ical(attachment.content)


def test_update_raises_sequence_and_agenda_version(clerk, invited, committed):
    make_item(by=clerk, meeting=invited, title="Dringlichkeitsantrag")

    dispatch = committed(send_update, by=clerk, meeting=invited)

    invited.refresh_from_db()
    assert (invited.calendar_sequence, invited.agenda_version) == (1, 2)
    assert (dispatch.kind, dispatch.sequence) == (Dispatch.Kind.UPDATE, 1)
    assert invited.state == "invited"


def test_update_marks_the_pending_changes_as_sent(clerk, invited, committed):
    make_item(by=clerk, meeting=invited, title="Dringlichkeitsantrag")
    make_item(by=clerk, meeting=invited, title="Personal", is_public=False)

    dispatch = committed(send_update, by=clerk, meeting=invited)

    assert list(invited.changes.values_list("dispatch", flat=True)) == [dispatch.pk, dispatch.pk]


def test_update_publishes_notice_version_two(clerk, invited, committed):
    make_item(by=clerk, meeting=invited, title="Dringlichkeitsantrag")

    committed(send_update, by=clerk, meeting=invited)

    assert list(invited.notices.values_list("version", flat=True)) == [2, 1]


def test_update_mails_a_request_with_sequence_one_and_the_changes(
    clerk, invited, members, committed, mailoutbox
):
    make_item(by=clerk, meeting=invited, title="Dringlichkeitsantrag")

    committed(send_update, by=clerk, meeting=invited)

    assert sorted(address for mail in mailoutbox for address in mail.to) == members
    calendar = calendar_of(mailoutbox[0])
    (event,) = calendar.events
    assert (calendar["METHOD"], event.sequence) == ("REQUEST", 1)
    assert "Ö 2 Dringlichkeitsantrag" in event["DESCRIPTION"]
    assert mailoutbox[0].subject.startswith("Geänderte Einladung (Nachtrag)")
    assert "- Punkt hinzugefügt: Ö 2 Dringlichkeitsantrag" in mailoutbox[0].body


def test_update_mail_carries_the_changed_invitation_pdf(clerk, invited, committed, mailoutbox):
    make_item(by=clerk, meeting=invited, title="Dringlichkeitsantrag")

    committed(send_update, by=clerk, meeting=invited)

    (pdf,) = [item for item in mailoutbox[0].attachments if item.filename.endswith(".pdf")]
    assert pdf.content == invited.notices.get(version=2).full_pdf.read()


def test_update_without_pending_changes_is_refused(clerk, invited, committed, mailoutbox, english):
    with pytest.raises(MeetingError, match="Nothing has changed since the last dispatch"):
        committed(send_update, by=clerk, meeting=invited)

    invited.refresh_from_db()
    assert (invited.calendar_sequence, invited.agenda_version) == (0, 1)
    assert invited.dispatches.count() == 1
    assert mailoutbox == []


def test_changes_already_sent_are_not_sent_again(clerk, invited, committed):
    make_item(by=clerk, meeting=invited, title="Dringlichkeitsantrag")
    committed(send_update, by=clerk, meeting=invited)

    with pytest.raises(MeetingError):
        committed(send_update, by=clerk, meeting=invited)

    assert invited.dispatches.count() == 2


def test_each_update_takes_the_next_sequence(clerk, invited, committed, mailoutbox):
    item = make_item(by=clerk, meeting=invited, title="Dringlichkeitsantrag")
    committed(send_update, by=clerk, meeting=invited)
    update_item(by=clerk, item=item, title="Dringlichkeitsantrag der Fraktion", text="")
    mailoutbox.clear()

    dispatch = committed(send_update, by=clerk, meeting=invited)

    invited.refresh_from_db()
    assert (dispatch.sequence, invited.agenda_version) == (2, 3)
    assert calendar_of(mailoutbox[0]).events[0].sequence == 2


def test_draft_gets_no_update(clerk, meeting, english):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")

    with pytest.raises(MeetingError, match="only be sent for an invited meeting"):
        send_update(by=clerk, meeting=meeting)

    assert not meeting.dispatches.exists()
