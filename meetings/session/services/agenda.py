"""Calling items and setting their status during the session."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import (
    AgendaItem,
    ItemStatus,
    Meeting,
)
from meetings.session.announce import announce
from meetings.session.errors import LiveError
from meetings.session.services.common import (
    ensure_running,
    item_of,
    locked,
    record,
)


def item_announcement(item: AgendaItem, message) -> dict:
    """Members hear the item; the public hears only that the non-public part goes on."""
    return {
        "announce": announce(message, number=item.number, title=item.title),
        "public": True
        if item.is_public
        else announce(gettext_lazy("The meeting continues in the non-public part.")),
    }


@transaction.atomic
def call_item(*, by, meeting: Meeting, item_id: int):
    """Aufruf: the item becomes the current one and, if still open, goes into discussion."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    item = item_of(meeting, item_id)
    if item.status in (ItemStatus.DEFERRED, ItemStatus.WITHDRAWN):
        raise LiveError("conflict", _("A deferred or withdrawn item cannot be called."))
    meeting.current_item = item
    meeting.save(update_fields=["current_item", "modified"])
    if item.status == ItemStatus.OPEN:
        item.status = ItemStatus.IN_DISCUSSION
        item.save(update_fields=["status", "modified"])
    return record(
        meeting,
        "agenda",
        "called",
        by=by,
        data={"item": item.pk, "number": item.number, "public": item.is_public},
        slices=("agenda", "current", "speakers"),
        **item_announcement(item, gettext_lazy("Now: %(number)s %(title)s")),
    )


@transaction.atomic
def set_item_status(*, by, meeting: Meeting, item_id: int, status: str):
    """Open, in discussion, done, deferred (vertagt) or withdrawn (abgesetzt)."""
    meeting = locked(meeting.pk)
    if meeting.state not in (Meeting.State.INVITED, Meeting.State.RUNNING):
        raise LiveError("conflict", _("The meeting is not running."))
    item = item_of(meeting, item_id)
    if status not in ItemStatus.values:
        raise LiveError("invalid", _("Unknown item status."))
    if item.status == status:
        raise LiveError("conflict", _("Nothing to change."))
    old = item.status
    item.status = status
    item.save(update_fields=["status", "modified"])
    # Deferring or withdrawing the current item ends it: the public's `current` changes too,
    # even when the item itself is non-public.
    ends_current = (
        status in (ItemStatus.DEFERRED, ItemStatus.WITHDRAWN) and meeting.current_item_id == item.pk
    )
    if ends_current:
        meeting.current_item = None
        meeting.save(update_fields=["current_item", "modified"])
    return record(
        meeting,
        "agenda",
        "status",
        by=by,
        data={"item": item.pk, "number": item.number, "from": old, "to": status},
        slices=("agenda", "current", "speakers"),
        public=item.is_public or ends_current,
    )
