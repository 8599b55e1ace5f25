"""What happens in a running meeting: the event log, attendance, speakers, conflicts, failures.

The event log is the record: every state change of a running meeting appends one row, with a
per-meeting sequence number and the hash of the previous row. The other tables hold the current
state for fast reading; they change in the same transaction as the row that records the change.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from council.models import Person
from meetings.models.planning import AgendaItem, Meeting


class SessionEvent(models.Model):
    """Ereignis: one committed change of a meeting, as each audience may see it.

    `views` holds the message for each audience (`staff`, `members`, `public`); a missing audience
    gets only the sequence number, so that its clients still see no gap.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="events"
    )
    seq = models.PositiveIntegerField(_("sequence number"))
    type = models.CharField(_("type"), max_length=30)
    op = models.CharField(_("operation"), max_length=30)
    data = models.JSONField(_("data"), default=dict)
    views = models.JSONField(_("views by audience"), default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"))
    previous_hash = models.CharField(_("hash of the previous event"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("session event")
        verbose_name_plural = _("session events")
        ordering = ["meeting", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seq"], name="event_seq_per_meeting"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="event_seq_positive"),
        ]

    def __str__(self):
        return f"{self.meeting_id}#{self.seq} {self.type}.{self.op}"


class Attendance(models.Model):
    """Anwesenheit: how a member of the body takes part in the meeting right now."""

    class State(models.TextChoices):
        UNKNOWN = "unknown", _("Not yet recorded")
        HALL = "hall", _("Present in the hall")
        REMOTE = "remote", _("Present remotely")
        DISCONNECTED = "disconnected", _("Remote, connection lost")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.UNKNOWN
    )
    changed = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting", "person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person"),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_state_display()}"


# The attendance vocabulary, defined once: who counts as present, and what the roll call records
# (in the order the pages offer it); `disconnected` and `unknown` only ever happen.
PRESENT_STATES = frozenset({Attendance.State.HALL, Attendance.State.REMOTE})
MARKABLE_STATES = (
    Attendance.State.HALL,
    Attendance.State.REMOTE,
    Attendance.State.ABSENT,
    Attendance.State.EXCUSED,
)


class PresencePeriod(models.Model):
    """From arrival to departure, in the hall or remotely: the minutes list these times."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="presences"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="presences"
    )
    remote = models.BooleanField(_("remote"))
    arrived = models.DateTimeField(_("arrived"))
    left = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("presence period")
        verbose_name_plural = _("presence periods")
        ordering = ["meeting", "arrived"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=models.F("arrived")),
                name="presence_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(left__isnull=True),
                name="one_open_presence_per_person",
            ),
        ]

    def __str__(self):
        return (
            f"{self.person} {self.arrived:%H:%M}–{self.left:%H:%M}"
            if self.left
            else str(self.person)
        )


class SpeakerRequest(models.Model):
    """Wortmeldung: a member's request to speak on an agenda item."""

    class Kind(models.TextChoices):
        SPEECH = "speech", _("Speech")
        POINT_OF_ORDER = "point_of_order", _("Point of order")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SPEAKING = "speaking", _("Speaking")
        DONE = "done", _("Done")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="speakers"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="speaker_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SPEECH)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.WAITING
    )
    position = models.PositiveIntegerField(_("position"))
    requested = models.DateTimeField(_("requested"))
    started = models.DateTimeField(_("started"), null=True, blank=True)
    ended = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to speak")
        verbose_name_plural = _("requests to speak")
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"],
                condition=Q(state__in=["waiting", "speaking"]),
                name="one_open_request_per_person_and_item",
            ),
            models.UniqueConstraint(
                fields=["item"], condition=Q(state="speaking"), name="one_speaker_at_a_time"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_state_display()})"


class ConflictOfInterest(models.Model):
    """Befangenheit: a member's declared conflict of interest for one agenda item."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="conflicts"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["item", "recorded"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="one_conflict_per_item"),
        ]

    def __str__(self):
        return f"{self.person} – {self.item}"


class ConnectionFailure(models.Model):
    """Verbindungsstörung: a remote member cannot follow; the chair decides whose side it is on."""

    class Fault(models.TextChoices):
        UNDECIDED = "undecided", _("Not yet decided")
        MEMBER = "member", _("On the member's side")
        MUNICIPALITY = "municipality", _("On the municipality's side")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="failures"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="failures"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported = models.DateTimeField(_("reported"))
    fault = models.CharField(
        _("fault"), max_length=20, choices=Fault.choices, default=Fault.UNDECIDED
    )
    decision = models.TextField(_("chair's decision"), blank=True)
    decided = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("connection failure")
        verbose_name_plural = _("connection failures")
        ordering = ["meeting", "reported"]

    def __str__(self):
        return f"{self.person} {self.reported:%H:%M}"


class Interruption(models.Model):
    """Unterbrechung: the chair interrupts the session, e.g. for a connection failure."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="interruptions"
    )
    reason = models.CharField(_("reason"), max_length=300)
    started = models.DateTimeField(_("started"))
    ended = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("interruption")
        verbose_name_plural = _("interruptions")
        ordering = ["meeting", "started"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(ended__isnull=True), name="one_open_interruption"
            ),
        ]

    def __str__(self):
        return f"{self.meeting} {self.started:%H:%M}"
