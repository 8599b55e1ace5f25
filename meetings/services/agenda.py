"""Meetings and their agendas, as the secretariat plans them."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from council import audit
from council.models import Body
from meetings.audit import record_for_meeting
from meetings.errors import MeetingError
from meetings.models import AgendaChange, AgendaItem, Location, Meeting, Paper, StandardItem
from meetings.rules import ItemPlace, number_agenda
from meetings.services import removals
from meetings.services.changes import record_change
from meetings.services.papers import consultation_for

EDITABLE_STATES = {Meeting.State.DRAFT, Meeting.State.INVITED}


def locked(meeting: Meeting) -> Meeting:
    """The meeting row, locked until the transaction ends: agenda edits happen one at a time."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def ensure_editable(meeting: Meeting) -> None:
    if meeting.state not in EDITABLE_STATES:
        raise MeetingError(
            _("The meeting is %(state)s; its agenda can no longer be changed.")
            % {"state": meeting.get_state_display()}
        )


def location_for(*, room: str, street_address: str, postal_code: str, locality: str) -> Location:
    location, _created = Location.objects.get_or_create(
        room=room, street_address=street_address, postal_code=postal_code, locality=locality
    )
    return location


@transaction.atomic
def create_meeting(*, by, body: Body, start, planned_end, location: Location, **fields) -> Meeting:
    """A draft meeting with the next number of its body, starting with the body's standard items.

    Locks the body row so that two meetings created at once get different numbers.
    """
    Body.objects.select_for_update().get(pk=body.pk)
    number = (body.meetings.aggregate(Max("number"))["number__max"] or 0) + 1
    meeting = Meeting.objects.create(
        body=body, number=number, start=start, planned_end=planned_end, location=location, **fields
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, title=item.title, is_public=item.is_public, position=index)
        for index, item in enumerate(body.standard_items.all(), start=1)
    )
    renumber(meeting)
    record_for_meeting("meeting.created", by=by, meeting=meeting)
    return meeting


@transaction.atomic
def update_meeting(*, by, meeting: Meeting, start, planned_end, location: Location, **fields):
    """Change time, place or notes; after the invitation, time and place changes are recorded."""
    meeting = locked(meeting)
    ensure_editable(meeting)
    if (start, planned_end) != (meeting.start, meeting.planned_end):
        record_change(meeting, AgendaChange.Kind.SCHEDULE)
    if location != meeting.location:
        record_change(meeting, AgendaChange.Kind.LOCATION, str(location))
    meeting.start, meeting.planned_end, meeting.location = start, planned_end, location
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    record_for_meeting("meeting.changed", by=by, meeting=meeting)
    return meeting


@transaction.atomic
def add_item(
    *,
    by,
    meeting: Meeting,
    title: str,
    is_public: bool,
    text: str = "",
    parent: AgendaItem | None = None,
    paper: Paper | None = None,
) -> AgendaItem:
    """Add an item at the end of its part (or of its parent's sub-items); a paper gets consulted."""
    meeting = locked(meeting)
    ensure_editable(meeting)
    if parent is not None:
        if parent.meeting_id != meeting.pk or parent.parent_id is not None:
            raise MeetingError(_("Sub-items can only be added to a main item of this meeting."))
        is_public = parent.is_public
    if paper is not None and is_public and not paper.is_public:
        raise MeetingError(_("A non-public paper cannot be discussed in the public part."))
    siblings = meeting.agenda_items.filter(parent=parent, is_public=is_public)
    position = (siblings.aggregate(Max("position"))["position__max"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        is_public=is_public,
        position=position,
        title=title,
        text=text,
    )
    if paper is not None:
        consultation = consultation_for(paper, meeting.body)
        consultation.agenda_item = item
        consultation.save(update_fields=["agenda_item", "modified"])
    renumber(meeting)
    item.refresh_from_db()
    record_change(
        meeting, AgendaChange.Kind.ITEM_ADDED, f"{item.number} {title}", is_public=is_public
    )
    record_for_meeting("agenda.item_added", by=by, meeting=meeting, item=str(item))
    return item


@transaction.atomic
def update_item(*, by, item: AgendaItem, title: str, text: str) -> AgendaItem:
    meeting = locked(item.meeting)
    ensure_editable(meeting)
    if (title, text) != (item.title, item.text):
        item.title, item.text = title, text
        item.save(update_fields=["title", "text", "modified"])
        record_change(
            meeting,
            AgendaChange.Kind.ITEM_CHANGED,
            f"{item.number} {title}",
            is_public=item.is_public,
        )
        record_for_meeting("agenda.item_changed", by=by, meeting=meeting, item=str(item))
    return item


@transaction.atomic
def remove_item(*, by, item: AgendaItem) -> None:
    """Remove an item with its sub-items; its paper's consultation becomes open again."""
    meeting = locked(item.meeting)
    ensure_editable(meeting)
    record_change(
        meeting,
        AgendaChange.Kind.ITEM_REMOVED,
        f"{item.number} {item.title}",
        is_public=item.is_public,
    )
    removals.record_item_removal(item)
    record_for_meeting("agenda.item_removed", by=by, meeting=meeting, item=str(item))
    item.delete()
    renumber(meeting)


@transaction.atomic
def move_item(*, by, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap the item with its neighbour above or below, within its part and parent."""
    meeting = locked(item.meeting)
    ensure_editable(meeting)
    siblings = list(
        meeting.agenda_items.filter(parent=item.parent_id, is_public=item.is_public).order_by(
            "position", "pk"
        )
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        raise MeetingError(_("The item is already at the edge of its part."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    AgendaItem.objects.bulk_update(siblings, ["position"])
    renumber(meeting)
    item.refresh_from_db()
    record_change(
        meeting,
        AgendaChange.Kind.ITEM_MOVED,
        f"{item.number} {item.title}",
        is_public=item.is_public,
    )
    record_for_meeting(
        "agenda.item_moved",
        by=by,
        meeting=meeting,
        item=str(item),
        direction="up" if up else "down",
    )
    return item


def renumber(meeting: Meeting) -> None:
    """Store each item's number (Ö 1, Ö 2.1, N 1 …) after any change to the agenda."""
    items = list(meeting.agenda_items.all())
    numbers = number_agenda(
        ItemPlace(
            key=item.pk, is_public=item.is_public, position=item.position, parent=item.parent_id
        )
        for item in items
    )
    order = {key: index for index, key in enumerate(numbers, start=1)}
    changed = [
        item for item in items if (item.number, item.order) != (numbers[item.pk], order[item.pk])
    ]
    for item in changed:
        item.number, item.order = numbers[item.pk], order[item.pk]
    AgendaItem.objects.bulk_update(changed, ["number", "order"])


@transaction.atomic
def set_standard_items(*, by, body: Body, public: list[str], non_public: list[str]) -> None:
    """Replace the items new meetings of the body start with; existing meetings keep theirs."""
    body.standard_items.all().delete()
    StandardItem.objects.bulk_create(
        StandardItem(body=body, position=position, title=title, is_public=is_public)
        for is_public, titles in ((True, public), (False, non_public))
        for position, title in enumerate(titles, start=1)
    )
    audit.record(
        actor=by,
        action="agenda.standard_items_changed",
        target=body,
        details={"public": public, "non_public": non_public},
    )
