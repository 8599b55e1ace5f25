"""E-mails to the members: invitation, update and cancellation, with calendar file and PDF."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from council.models import Membership
from meetings.calendar import invitation_calendar
from meetings.models import Dispatch, Meeting

logger = logging.getLogger(__name__)

SUBJECTS = {
    Dispatch.Kind.INVITATION: "Einladung",
    Dispatch.Kind.UPDATE: "Geänderte Einladung (Nachtrag)",
    Dispatch.Kind.CANCELLATION: "Absage",
}


def recipients(meeting: Meeting) -> list[str]:
    """The e-mail addresses of everyone who holds a seat in the body on the day of the meeting."""
    memberships = (
        Membership.objects.on(timezone.localdate(meeting.start))
        .filter(body=meeting.body)
        .select_related("person__user")
    )
    addresses = {}
    for membership in memberships:
        address = membership.person.email or getattr(membership.person.user, "email", "")
        if address:
            # One mail per mailbox, however its owner spelled the address.
            addresses.setdefault(address.lower(), address)
    return sorted(addresses.values())


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("meeting-detail", args=[meeting.pk])


def send_dispatch(dispatch_pk: int) -> None:
    """Mail one dispatch to every member, each message on its own (addresses stay private).

    Runs after commit and again when the secretariat resends after a failure.
    """
    dispatch = Dispatch.objects.select_related("meeting__body", "meeting__location").get(
        pk=dispatch_pk
    )
    meeting = dispatch.meeting
    # The members' mail is in the municipality's language, whoever clicked the button.
    with translation.override(settings.LANGUAGE_CODE):
        messages = [message(dispatch, address) for address in recipients(meeting)]
    try:
        get_connection().send_messages(messages)
    except (OSError, smtplib.SMTPException) as error:
        # The dispatch stands (it is the record); the secretariat sees the failure and resends.
        logger.exception("Mail for dispatch %s of meeting %s failed", dispatch.pk, meeting.pk)
        Dispatch.objects.filter(pk=dispatch.pk).update(mail_error=str(error)[:1000])
        return
    Dispatch.objects.filter(pk=dispatch.pk).update(mailed=timezone.now(), mail_error="")


def message(dispatch: Dispatch, address: str) -> EmailMessage:
    meeting = dispatch.meeting
    cancelled = dispatch.kind == Dispatch.Kind.CANCELLATION
    url = meeting_url(meeting)
    body = render_to_string(
        "meetings/mail/dispatch.txt",
        {
            "meeting": meeting,
            "dispatch": dispatch,
            "url": url,
            "changes": dispatch.agenda_changes.all(),
            "items": meeting.agenda_items.select_related("consultation__paper"),
        },
    )
    email = EmailMessage(
        subject=f"{SUBJECTS[dispatch.kind]}: {meeting.number}. Sitzung – {meeting.body.name}",
        body=body,
        to=[address],
    )
    email.attach(
        "sitzung.ics",
        invitation_calendar(
            meeting,
            method="CANCEL" if cancelled else "REQUEST",
            sequence=dispatch.sequence,
            include_non_public=True,
            url=url,
        ),
        # No charset here: Django adds it to every text part, and a second one is malformed MIME.
        f"text/calendar; method={'CANCEL' if cancelled else 'REQUEST'}",
    )
    if not cancelled:
        notice = meeting.notices.get(version=meeting.agenda_version)
        email.attach(
            f"einladung-{meeting.number}-{meeting.body.short_name or meeting.body.pk}.pdf",
            notice.full_pdf.read(),
            "application/pdf",
        )
    return email
