"""Conflicts of interest (Befangenheit)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Person
from meetings.models import (
    ConflictOfInterest,
    Meeting,
    SpeakerRequest,
)
from meetings.session.errors import LiveError
from meetings.session.services.common import (
    item_of,
    locked,
    record,
    seat_of,
)


@transaction.atomic
def declare_conflict(*, by, meeting: Meeting, item_id: int, person: Person):
    """Befangenheit: the member takes no part in the item's discussion and votes."""
    meeting = locked(meeting.pk)
    if meeting.state not in (Meeting.State.INVITED, Meeting.State.RUNNING):
        raise LiveError("conflict", _("The meeting is not running."))
    seat_of(meeting, person)
    item = item_of(meeting, item_id)
    _conflict, created = ConflictOfInterest.objects.get_or_create(
        item=item, person=person, defaults={"recorded_by": by, "recorded": timezone.now()}
    )
    if not created:
        raise LiveError("conflict", _("This conflict of interest is already recorded."))
    item.speakers.filter(person=person, state__in=["waiting", "speaking"]).update(
        state=SpeakerRequest.State.WITHDRAWN, ended=timezone.now()
    )
    return record(
        meeting,
        "conflict",
        "declared",
        by=by,
        data={
            "item": item.pk,
            "number": item.number,
            "person": person.pk,
            "name": person.full_name,
        },
        slices=("agenda", "speakers"),
        public=item.is_public,
    )


@transaction.atomic
def withdraw_conflict(*, by, meeting: Meeting, item_id: int, person: Person):
    meeting = locked(meeting.pk)
    if meeting.state not in (Meeting.State.INVITED, Meeting.State.RUNNING):
        raise LiveError("conflict", _("The meeting is not running."))
    item = item_of(meeting, item_id)
    if not ConflictOfInterest.objects.filter(item=item, person=person).delete()[0]:
        raise LiveError("not_found", _("There is no such conflict of interest."))
    return record(
        meeting,
        "conflict",
        "withdrawn",
        by=by,
        data={
            "item": item.pk,
            "number": item.number,
            "person": person.pk,
            "name": person.full_name,
        },
        slices=("agenda",),
        public=item.is_public,
    )
