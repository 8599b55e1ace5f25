"""A mail server that refuses the invitation leaves the invitation recorded and says so."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from meetings.services.invitations import send_invitation
from tests.meetings.factories import make_item


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def invited_without_mail(settings, clerk, meeting, members, committed):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    make_item(by=clerk, meeting=meeting)
    dispatch = committed(send_invitation, by=clerk, meeting=meeting)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    dispatch.refresh_from_db()
    return dispatch


def test_refused_mail_keeps_the_invitation_and_records_the_error(invited_without_mail):
    assert invited_without_mail.meeting.state == "invited"
    assert "unexpectedly closed" in invited_without_mail.mail_error
    assert invited_without_mail.mailed is None
    assert mail.outbox == []


def test_meeting_page_tells_the_secretariat_and_offers_to_resend(
    clerk_client, invited_without_mail
):
    page = clerk_client.get(reverse("meeting-detail", args=[invited_without_mail.meeting_id]))

    resend = reverse(
        "dispatch-resend", args=[invited_without_mail.meeting_id, invited_without_mail.pk]
    )
    assert resend in page.content.decode()


def test_resending_delivers_the_mails(clerk_client, invited_without_mail, members):
    meeting_id = invited_without_mail.meeting_id

    clerk_client.post(reverse("dispatch-resend", args=[meeting_id, invited_without_mail.pk]))

    invited_without_mail.refresh_from_db()
    assert invited_without_mail.mailed is not None and invited_without_mail.mail_error == ""
    assert sorted(address for message in mail.outbox for address in message.to) == members


def test_public_is_not_told_about_mail_failures(client, invited_without_mail):
    page = client.get(reverse("meeting-detail", args=[invited_without_mail.meeting_id]))

    assert "unexpectedly closed" not in page.content.decode()
