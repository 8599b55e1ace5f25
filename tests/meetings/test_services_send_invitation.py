"""Sending the invitation: draft → invited, a dispatch, the notice PDFs, and one mail per member."""

import datetime

import pytest
from icalendar import Calendar

from meetings.errors import MeetingError
from meetings.models import Dispatch, Meeting, Notice
from meetings.services.invitations import send_invitation
from tests.meetings.factories import (
    in_days,
    make_emailed_member,
    make_item,
    make_meeting,
    set_state,
)


@pytest.fixture
def agenda(clerk, meeting):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")
    make_item(by=clerk, meeting=meeting, title="Grundstück Lindenweg", is_public=False)
    return meeting


@pytest.fixture
def late_meeting(clerk, body):
    """A meeting in three days: the Stadtrat's seven-day notice period is over."""
    meeting = make_meeting(by=clerk, body=body, start=in_days(3))
    make_item(by=clerk, meeting=meeting, title="Eilentscheidung")
    return meeting


def calendar_attachment(mail):
    (attachment,) = [item for item in mail.attachments if item.filename.endswith(".ics")]
    return attachment


def pdf_attachment(mail):
    (attachment,) = [item for item in mail.attachments if item.filename.endswith(".pdf")]
    return attachment


def test_invitation_moves_the_meeting_from_draft_to_invited(clerk, agenda, members):
    send_invitation(by=clerk, meeting=agenda)

    agenda.refresh_from_db()
    assert agenda.state == Meeting.State.INVITED


def test_invitation_is_recorded_as_the_first_dispatch(clerk, agenda, members):
    dispatch = send_invitation(by=clerk, meeting=agenda)

    assert list(agenda.dispatches.all()) == [dispatch]
    assert (dispatch.kind, dispatch.sequence) == (Dispatch.Kind.INVITATION, 0)
    assert (dispatch.recipients, dispatch.sent_by, dispatch.urgent_reason) == (3, clerk, "")


def test_invitation_publishes_notice_version_one_for_members_and_public(clerk, agenda, members):
    send_invitation(by=clerk, meeting=agenda)

    notice = Notice.objects.get(meeting=agenda)
    agenda.refresh_from_db()
    assert (notice.version, agenda.agenda_version) == (1, 1)
    full, public = notice.full_pdf.read(), notice.public_pdf.read()
    assert full.startswith(b"%PDF-")
    assert public.startswith(b"%PDF-")
    assert full != public


def test_every_member_gets_one_mail_addressed_to_them_alone(
    clerk, agenda, members, committed, mailoutbox
):
    committed(send_invitation, by=clerk, meeting=agenda)

    assert sorted(mail.to for mail in mailoutbox) == [[address] for address in members]
    assert {mail.subject for mail in mailoutbox} == {"Einladung: 1. Sitzung – Stadtrat"}


def test_mail_carries_a_calendar_request_with_sequence_zero(
    clerk, agenda, members, committed, mailoutbox
):
    committed(send_invitation, by=clerk, meeting=agenda)

    attachment = calendar_attachment(mailoutbox[0])
    calendar = Calendar.from_ical(attachment.content)
    (event,) = calendar.events
    assert attachment.mimetype.startswith("text/calendar")
    assert "method=REQUEST" in attachment.mimetype
    assert calendar["METHOD"] == "REQUEST"
    assert (event.sequence, event.status) == (0, "CONFIRMED")


def test_calendar_part_of_the_mail_is_text_calendar_with_one_charset(
    clerk, agenda, members, committed, mailoutbox
):
    committed(send_invitation, by=clerk, meeting=agenda)

    parts = [
        part for part in mailoutbox[0].message().walk() if part.get_filename() == "sitzung.ics"
    ]
    (part,) = parts
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_charset() == "utf-8"
    assert part["Content-Type"].count("charset") == 1


def test_mail_carries_the_members_invitation_pdf(clerk, agenda, members, committed, mailoutbox):
    committed(send_invitation, by=clerk, meeting=agenda)

    attachment = pdf_attachment(mailoutbox[0])
    notice = Notice.objects.get(meeting=agenda)
    assert attachment.filename == "einladung-1-SR.pdf"
    assert attachment.mimetype == "application/pdf"
    assert attachment.content == notice.full_pdf.read()


def test_mail_is_in_german_whatever_language_the_clerk_uses(
    clerk, agenda, members, committed, mailoutbox, english
):
    committed(send_invitation, by=clerk, meeting=agenda)

    assert "Sie sind zur 1. Sitzung – Stadtrat – eingeladen." in mailoutbox[0].body
    assert "N 1  Grundstück Lindenweg" in mailoutbox[0].body


def test_no_mail_leaves_before_the_commit(clerk, agenda, members, mailoutbox):
    send_invitation(by=clerk, meeting=agenda)

    assert mailoutbox == []


def test_members_without_seat_on_the_meeting_day_get_no_mail(
    clerk, body, agenda, members, committed, mailoutbox
):
    meeting_day = agenda.start.date()
    make_emailed_member(body, "alt@example.org", end_date=meeting_day - datetime.timedelta(days=1))
    make_emailed_member(body, "neu@example.org", start_date=meeting_day + datetime.timedelta(1))

    committed(send_invitation, by=clerk, meeting=agenda)

    assert sorted(address for mail in mailoutbox for address in mail.to) == members


def test_late_invitation_without_urgent_reason_is_refused(
    clerk, late_meeting, members, committed, mailoutbox, english
):
    with pytest.raises(MeetingError, match="notice period of 7 days ended on"):
        committed(send_invitation, by=clerk, meeting=late_meeting)

    late_meeting.refresh_from_db()
    assert late_meeting.state == Meeting.State.DRAFT
    assert not late_meeting.dispatches.exists()
    assert not late_meeting.notices.exists()
    assert mailoutbox == []


def test_blank_urgent_reason_is_no_reason(clerk, late_meeting, members):
    with pytest.raises(MeetingError):
        send_invitation(by=clerk, meeting=late_meeting, urgent_reason="  \n ")

    late_meeting.refresh_from_db()
    assert late_meeting.state == Meeting.State.DRAFT


def test_late_invitation_with_urgent_reason_is_sent_and_the_reason_kept(
    clerk, late_meeting, members, committed, mailoutbox
):
    dispatch = committed(
        send_invitation, by=clerk, meeting=late_meeting, urgent_reason=" Frist der Förderung "
    )

    late_meeting.refresh_from_db()
    assert late_meeting.state == Meeting.State.INVITED
    assert dispatch.urgent_reason == "Frist der Förderung"
    assert len(mailoutbox) == 3
    assert "Ladungsfrist verkürzt: Frist der Förderung" in mailoutbox[0].body


def test_empty_agenda_is_refused(clerk, meeting, members, committed, mailoutbox, english):
    with pytest.raises(MeetingError, match="The agenda is empty"):
        committed(send_invitation, by=clerk, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.DRAFT
    assert mailoutbox == []


def test_second_invitation_is_refused(clerk, agenda, members, committed, mailoutbox, english):
    committed(send_invitation, by=clerk, meeting=agenda)
    mailoutbox.clear()

    with pytest.raises(MeetingError, match="A meeting that is Invited cannot be invited"):
        committed(send_invitation, by=clerk, meeting=agenda)

    assert agenda.dispatches.count() == 1
    assert mailoutbox == []


@pytest.mark.parametrize("state", ["running", "closed", "cancelled"])
def test_meeting_past_the_draft_cannot_be_invited(clerk, agenda, members, state):
    set_state(agenda, state)

    with pytest.raises(MeetingError):
        send_invitation(by=clerk, meeting=agenda)

    agenda.refresh_from_db()
    assert agenda.state == state
    assert not agenda.dispatches.exists()
