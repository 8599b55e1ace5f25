"""Connection failures of remote members and the chair's decisions on them."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.models import Person
from meetings.models import (
    ConnectionFailure,
    Meeting,
)
from meetings.session.announce import announce
from meetings.session.errors import LiveError
from meetings.session.services.common import (
    ensure_running,
    locked,
    record,
    seat_of,
)


@transaction.atomic
def report_failure(*, by, meeting: Meeting, person: Person):
    """A remote member cannot follow (reported by them, or by staff for them)."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    seat_of(meeting, person)
    state_now = meeting.attendances.filter(person=person).values_list("state", flat=True).first()
    if state_now not in ("remote", "disconnected"):
        raise LiveError(
            "conflict", _("Only a member taking part remotely can have a connection failure.")
        )
    failure = ConnectionFailure.objects.create(
        meeting=meeting, person=person, reported_by=by, reported=timezone.now()
    )
    return record(
        meeting,
        "failure",
        "reported",
        by=by,
        data={"failure": failure.pk, "person": person.pk, "name": person.full_name},
        slices=("failures",),
        announce=announce(
            gettext_lazy("%(name)s reports a connection failure."), name=person.full_name
        ),
        public=False,
    )


@transaction.atomic
def decide_failure(*, by, meeting: Meeting, failure_id: int, fault: str, decision: str):
    """The chair decides whose side the fault is on; the minutes record the decision."""
    meeting = locked(meeting.pk)
    failure = meeting.failures.filter(pk=failure_id).select_related("person").first()
    if failure is None:
        raise LiveError("not_found", _("There is no such connection failure."))
    if fault not in ConnectionFailure.Fault.values or fault == "undecided":
        raise LiveError("invalid", _("Choose whose side the fault is on."))
    failure.fault, failure.decision, failure.decided = fault, decision, timezone.now()
    failure.save(update_fields=["fault", "decision", "decided"])
    return record(
        meeting,
        "failure",
        "decided",
        by=by,
        data={"failure": failure.pk, "fault": fault, "decision": decision},
        slices=("failures",),
        public=False,
    )
