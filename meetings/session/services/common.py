"""What every live service needs: the locked meeting, its guards, and the event it records."""

from django.utils.translation import gettext as _

from council.models import Person
from meetings.models import AgendaItem, Meeting
from meetings.session import state
from meetings.session.errors import LiveError
from meetings.session.events import append_event


def locked(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting_id)


def ensure_running(meeting: Meeting) -> None:
    if meeting.state != Meeting.State.RUNNING:
        raise LiveError("conflict", _("The meeting is not running."))


def record(meeting: Meeting, type: str, op: str, *, by, data: dict, slices, **view_options):
    return append_event(
        meeting,
        type=type,
        op=op,
        data=data,
        views=state.views(meeting, slices, **view_options),
        actor=by if getattr(by, "is_authenticated", False) else None,
    )


def seat_of(meeting: Meeting, person: Person):
    seat = state.seats(meeting).filter(person=person).first()
    if seat is None:
        raise LiveError("invalid", _("%(name)s is not a member of this body.") % {"name": person})
    return seat


def item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise LiveError("not_found", _("There is no such item in this meeting."))
    return item
