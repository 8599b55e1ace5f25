"""Opening, closing, interrupting and resuming the session."""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import (
    PRESENT_STATES,
    Attendance,
    Interruption,
    Meeting,
    PresencePeriod,
    SpeakerRequest,
)
from meetings.session import state
from meetings.session.announce import announce
from meetings.session.errors import LiveError
from meetings.session.services.attendance import open_presence
from meetings.session.services.common import (
    ensure_running,
    locked,
    record,
)

# Sent after the close commits, with `meeting`: the minutes start their draft (a higher app,
# which this one does not import).
meeting_closed = Signal()


@transaction.atomic
def start_meeting(*, by, meeting: Meeting):
    """Eröffnung: invited → running; the roll call starts with everyone not yet recorded."""
    meeting = locked(meeting.pk)
    if meeting.state != Meeting.State.INVITED:
        raise LiveError("conflict", _("Only an invited meeting can be started."))
    meeting.state, meeting.started = Meeting.State.RUNNING, timezone.now()
    meeting.save(update_fields=["state", "started", "modified"])
    for membership in state.seats(meeting):
        Attendance.objects.get_or_create(meeting=meeting, person=membership.person)
    for attendance in meeting.attendances.filter(state__in=PRESENT_STATES):
        open_presence(meeting, attendance.person, remote=attendance.state == "remote")
    return record(
        meeting,
        "meeting",
        "started",
        by=by,
        data={"started": meeting.started},
        # Opening changes no one's attendance: the roll call stays as every client has it.
        slices=tuple(name for name in state.SLICES if name != "attendance"),
        announce=announce(gettext_lazy("The meeting has started.")),
    )


@transaction.atomic
def close_meeting(*, by, meeting: Meeting):
    """Schließung: running → closed; open presences, speeches and interruptions end now."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    now = timezone.now()
    meeting.state, meeting.closed = Meeting.State.CLOSED, now
    meeting.save(update_fields=["state", "closed", "modified"])
    PresencePeriod.objects.filter(meeting=meeting, left__isnull=True).update(left=now)
    SpeakerRequest.objects.filter(item__meeting=meeting, state="speaking").update(
        state=SpeakerRequest.State.DONE, ended=now
    )
    # Nobody speaks after the close: requests still waiting lapse.
    SpeakerRequest.objects.filter(item__meeting=meeting, state="waiting").update(
        state=SpeakerRequest.State.WITHDRAWN, ended=now
    )
    meeting.interruptions.filter(ended__isnull=True).update(ended=now)
    # Robust: a listener that fails must not turn a committed close into an error.
    transaction.on_commit(lambda: meeting_closed.send(sender=Meeting, meeting=meeting), robust=True)
    return record(
        meeting,
        "meeting",
        "closed",
        by=by,
        data={"closed": now},
        slices=("meeting", "speakers"),
        announce=announce(gettext_lazy("The meeting is closed.")),
    )


@transaction.atomic
def interrupt(*, by, meeting: Meeting, reason: str):
    # The column is shorter than the protocol's text limit; PostgreSQL would refuse the row.
    if not reason.strip() or len(reason) > Interruption._meta.get_field("reason").max_length:
        raise LiveError(
            "invalid", _("The field “%(field)s” is missing or not valid.") % {"field": "reason"}
        )
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    if meeting.interruptions.filter(ended__isnull=True).exists():
        raise LiveError("conflict", _("The meeting is already interrupted."))
    Interruption.objects.create(meeting=meeting, reason=reason, started=timezone.now())
    return record(
        meeting,
        "meeting",
        "interrupted",
        by=by,
        data={"reason": reason},
        slices=("meeting",),
        announce=announce(gettext_lazy("The meeting is interrupted: %(reason)s"), reason=reason),
    )


@transaction.atomic
def resume(*, by, meeting: Meeting):
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    if not meeting.interruptions.filter(ended__isnull=True).update(ended=timezone.now()):
        raise LiveError("conflict", _("The meeting is not interrupted."))
    return record(
        meeting,
        "meeting",
        "resumed",
        by=by,
        data={},
        slices=("meeting",),
        announce=announce(gettext_lazy("The meeting continues.")),
    )
