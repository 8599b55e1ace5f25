"""Read-side look-ups: the meetings, items and papers a user may see."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from council.permissions import is_secretariat
from meetings.models import Document, Meeting, Paper
from meetings.permissions import may_see_non_public


def meetings_for(user):
    """Every meeting whose invitation went out; the secretariat sees those in preparation too."""
    meetings = Meeting.objects.select_related("body", "location")
    if is_secretariat(user):
        return meetings
    return meetings.filter(invited__isnull=False)


def items_for(user, meeting: Meeting):
    """The agenda as this user may see it: the non-public part only for members and staff."""
    items = meeting.agenda_items.select_related("consultation__paper").prefetch_related(
        Prefetch("documents", queryset=Document.objects.order_by("created"))
    )
    if may_see_non_public(user, meeting):
        return items
    return items.filter(is_public=True)


def papers_for(user):
    papers = Paper.objects.select_related("originator_faction")
    if is_secretariat(user):
        return papers
    return papers.filter(is_public=True)


def changes_for(user, meeting: Meeting) -> list[dict]:
    """The changes sent to the members (Nachtrag); non-public ones without detail for the public."""
    sees_non_public = may_see_non_public(user, meeting)
    return [
        {
            "kind": change.get_kind_display(),
            "detail": change.detail,
            "sent_at": change.dispatch.sent_at,
        }
        if change.is_public or sees_non_public
        else {
            "kind": _("Change in the non-public part"),
            "detail": "",
            "sent_at": change.dispatch.sent_at,
        }
        for change in meeting.changes.filter(dispatch__isnull=False).select_related("dispatch")
    ]
