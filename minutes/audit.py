"""What the minutes' services write to the audit log (`council.audit`), in their transactions:
the action codes with their labels. Each entry's target is the meeting of the minutes."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "minutes.edited": _("Draft of the minutes edited"),
    "minutes.finalized": _("Minutes finalized"),
    "minutes.reopened": _("Minutes returned to the draft"),
    "minutes.corrected": _("Fact of the session corrected in the minutes"),
    "minutes.signed": _("Minutes signed"),
    "minutes.published": _("Minutes published"),
}
