"""The speakers' list of the current item."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.models import Person
from meetings.models import (
    AgendaItem,
    Meeting,
    SpeakerRequest,
)
from meetings.session.announce import announce
from meetings.session.errors import LiveError
from meetings.session.services.common import (
    ensure_running,
    locked,
    record,
    seat_of,
)


def current_item(meeting: Meeting) -> AgendaItem:
    if meeting.current_item is None:
        raise LiveError("conflict", _("No item is being discussed."))
    return meeting.current_item


def speakers_event(meeting, op, *, by, request: SpeakerRequest, announce_text=None):
    item = request.item
    return record(
        meeting,
        "speakers",
        op,
        by=by,
        data={"item": item.pk, "request": request.pk, "person": request.person_id},
        slices=("speakers",),
        announce=announce(announce_text, name=request.person.full_name) if announce_text else None,
        public=item.is_public,
    )


@transaction.atomic
def request_to_speak(*, by, meeting: Meeting, person: Person, kind: str):
    """Wortmeldung on the current item; a point of order goes before all speeches."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    seat_of(meeting, person)
    item = current_item(meeting)
    if kind not in SpeakerRequest.Kind.values:
        raise LiveError("invalid", _("Unknown kind of request."))
    if item.conflicts.filter(person=person).exists():
        raise LiveError("conflict", _("A member with a conflict of interest does not take part."))
    if item.speakers.filter(person=person, state__in=["waiting", "speaking"]).exists():
        raise LiveError("conflict", _("%(name)s is already on the list.") % {"name": person})
    position = (item.speakers.aggregate(Max("position"))["position__max"] or 0) + 1
    request = SpeakerRequest.objects.create(
        item=item, person=person, kind=kind, position=position, requested=timezone.now()
    )
    return speakers_event(meeting, "requested", by=by, request=request)


def open_request(meeting: Meeting, request_id: int) -> SpeakerRequest:
    request = (
        SpeakerRequest.objects.select_related("item", "person")
        .filter(pk=request_id, item__meeting=meeting, state__in=["waiting", "speaking"])
        .first()
    )
    if request is None:
        raise LiveError("not_found", _("There is no such request to speak."))
    return request


@transaction.atomic
def withdraw_request(*, by, meeting: Meeting, request_id: int, person: Person | None = None):
    """The member takes back their own request, or staff removes one (`person` None)."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    request = open_request(meeting, request_id)
    if person is not None and request.person_id != person.pk:
        raise LiveError("forbidden", _("You can only withdraw your own request."))
    request.state = SpeakerRequest.State.WITHDRAWN
    request.ended = timezone.now()
    request.save(update_fields=["state", "ended"])
    return speakers_event(meeting, "withdrawn", by=by, request=request)


@transaction.atomic
def move_request(*, by, meeting: Meeting, request_id: int, up: bool):
    """Staff orders the waiting speeches; points of order keep their place in front."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    request = open_request(meeting, request_id)
    waiting = list(
        request.item.speakers.filter(state="waiting", kind=request.kind).order_by("position")
    )
    index = next((i for i, r in enumerate(waiting) if r.pk == request.pk), None)
    other = None if index is None else index - 1 if up else index + 1
    if other is None or not 0 <= other < len(waiting):
        raise LiveError("conflict", _("The request cannot move further."))
    waiting[index].position, waiting[other].position = (
        waiting[other].position,
        waiting[index].position,
    )
    SpeakerRequest.objects.bulk_update([waiting[index], waiting[other]], ["position"])
    return speakers_event(meeting, "moved", by=by, request=request)


@transaction.atomic
def start_speaker(*, by, meeting: Meeting, request_id: int):
    """Give the floor; whoever spoke before is done."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    request = open_request(meeting, request_id)
    now = timezone.now()
    request.item.speakers.filter(state="speaking").update(state="done", ended=now)
    request.state, request.started = SpeakerRequest.State.SPEAKING, now
    request.save(update_fields=["state", "started"])
    return speakers_event(
        meeting, "started", by=by, request=request, announce_text=gettext_lazy("%(name)s speaks.")
    )


@transaction.atomic
def stop_speaker(*, by, meeting: Meeting, request_id: int):
    meeting = locked(meeting.pk)
    request = open_request(meeting, request_id)
    if request.state != SpeakerRequest.State.SPEAKING:
        raise LiveError("conflict", _("%(name)s is not speaking.") % {"name": request.person})
    request.state, request.ended = SpeakerRequest.State.DONE, timezone.now()
    request.save(update_fields=["state", "ended"])
    return speakers_event(meeting, "stopped", by=by, request=request)
