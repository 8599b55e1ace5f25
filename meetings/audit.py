"""What the planning services write to the audit log (`council.audit`): their action codes with
labels, and one helper per kind of target. The live session keeps its own, hash-chained log."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council import audit
from meetings.models import Meeting, Paper

ACTIONS = {
    "meeting.created": _("Meeting created"),
    "meeting.changed": _("Time, place or notes changed"),
    "meeting.cancelled": _("Meeting cancelled"),
    "agenda.item_added": _("Agenda item added"),
    "agenda.item_changed": _("Agenda item changed"),
    "agenda.item_removed": _("Agenda item removed"),
    "agenda.item_moved": _("Agenda item moved"),
    "agenda.standard_items_changed": _("Standard items changed"),
    "document.added": _("Document added"),
    "invitation.sent": _("Invitation sent"),
    "invitation.update_sent": _("Update sent"),
    "paper.created": _("Paper created"),
    "paper.changed": _("Paper changed"),
}


def meeting_label(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.start).strftime("%d.%m.%Y")
    return f"{meeting.number}. {meeting.body.name} ({day})"


def record_for_meeting(action: str, *, by, meeting: Meeting, **details) -> None:
    audit.record(
        actor=by, action=action, target=meeting, label=meeting_label(meeting), details=details
    )


def record_for_paper(action: str, *, by, paper: Paper, **details) -> None:
    audit.record(actor=by, action=action, target=paper, details=details)
