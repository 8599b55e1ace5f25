"""Invitations (Einladung), updates (Nachtrag) and cancellations (Absage) of meetings.

Each writes its dispatch and the new notice in one transaction; the e-mails go out after commit,
so a refused or failed change never mails anyone.
"""

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings import mail
from meetings.audit import record_for_meeting
from meetings.errors import MeetingError
from meetings.models import Dispatch, Meeting, Notice
from meetings.notice_pdf import render_notice
from meetings.rules import INVITED, invitation_deadline, is_invitation_late, may_transition
from meetings.services.agenda import locked
from meetings.services.changes import pending_changes


def ensure_transition(meeting: Meeting, target: str) -> None:
    if not may_transition(meeting.state, target):
        raise MeetingError(
            _("A meeting that is %(state)s cannot be %(target)s.")
            % {
                "state": meeting.get_state_display(),
                "target": Meeting.State(target).label.lower(),
            }
        )


@transaction.atomic
def send_invitation(*, by, meeting: Meeting, urgent_reason: str = "") -> Dispatch:
    """Invite the members: draft → invited, within the body's notice period unless urgent.

    Locks the meeting row, so that a double click sends one invitation.
    """
    meeting = locked(meeting)
    ensure_transition(meeting, INVITED)
    if not meeting.agenda_items.exists():
        raise MeetingError(_("The agenda is empty; add items before inviting."))
    days = meeting.body.notice_period_days
    # Notice periods count calendar days on the town's clock, across a change to summer time too.
    start = timezone.localtime(meeting.start)
    late = is_invitation_late(now=timezone.now(), start=start, notice_period_days=days)
    if late and not urgent_reason.strip():
        raise MeetingError(
            ngettext(
                "The notice period of %(days)d day ended on %(deadline)s. Mark the invitation "
                "as urgent and give the reason to send it anyway.",
                "The notice period of %(days)d days ended on %(deadline)s. Mark the invitation "
                "as urgent and give the reason to send it anyway.",
                days,
            )
            % {
                "days": days,
                "deadline": invitation_deadline(start, days).strftime("%d.%m.%Y %H:%M"),
            }
        )
    meeting.state, meeting.invited = Meeting.State.INVITED, timezone.now()
    sent = dispatch(meeting, Dispatch.Kind.INVITATION, by=by, urgent_reason=urgent_reason.strip())
    record_for_meeting("invitation.sent", by=by, meeting=meeting, urgent_reason=sent.urgent_reason)
    return sent


@transaction.atomic
def send_update(*, by, meeting: Meeting) -> Dispatch:
    """Send the changes made since the last dispatch as one update (Nachtrag)."""
    meeting = locked(meeting)
    if meeting.state != Meeting.State.INVITED:
        raise MeetingError(_("Updates can only be sent for an invited meeting."))
    changes = list(pending_changes(meeting))
    if not changes:
        raise MeetingError(_("Nothing has changed since the last dispatch."))
    meeting.calendar_sequence += 1
    sent = dispatch(meeting, Dispatch.Kind.UPDATE, by=by)
    pending_changes(meeting).update(dispatch=sent)
    record_for_meeting(
        "invitation.update_sent", by=by, meeting=meeting, changes=[str(c) for c in changes]
    )
    return sent


@transaction.atomic
def cancel_meeting(*, by, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting with a reason; invited members get a calendar cancellation."""
    meeting = locked(meeting)
    ensure_transition(meeting, Meeting.State.CANCELLED)
    if not reason.strip():
        raise MeetingError(_("Please give the reason for cancelling the meeting."))
    was_invited = meeting.state == Meeting.State.INVITED
    meeting.state = Meeting.State.CANCELLED
    meeting.cancel_reason = reason.strip()
    if was_invited:
        meeting.calendar_sequence += 1
        dispatch(meeting, Dispatch.Kind.CANCELLATION, by=by)
    else:
        meeting.save()
    record_for_meeting("meeting.cancelled", by=by, meeting=meeting, reason=meeting.cancel_reason)
    return meeting


def dispatch(meeting: Meeting, kind: str, *, by, urgent_reason: str = "") -> Dispatch:
    """Record the dispatch, renew the notice PDFs (not for a cancellation), mail after commit."""
    if kind != Dispatch.Kind.CANCELLATION:
        meeting.agenda_version += 1
        publish_notice(meeting)
    meeting.save()
    recipients = mail.recipients(meeting)
    sent = Dispatch.objects.create(
        meeting=meeting,
        kind=kind,
        sequence=meeting.calendar_sequence,
        urgent_reason=urgent_reason,
        recipients=len(recipients),
        sent_by=by,
    )
    transaction.on_commit(lambda: mail.send_dispatch(sent.pk))
    return sent


def publish_notice(meeting: Meeting) -> Notice:
    """The invitation for members and the public notice, as PDFs of the current agenda version."""
    version = meeting.agenda_version
    notice = Notice(meeting=meeting, version=version)
    for field, include_non_public, suffix in (
        ("full_pdf", True, "einladung"),
        ("public_pdf", False, "bekanntmachung"),
    ):
        content = render_notice(meeting, include_non_public=include_non_public, version=version)
        getattr(notice, field).save(
            # A random stored name, as for documents: the file is reachable only through its view.
            f"{suffix}-{secrets.token_hex(16)}.pdf",
            ContentFile(content),
            save=False,
        )
    notice.save()
    return notice
