"""Meetings and what the secretariat prepares for them: papers, agendas, documents, invitations.

Names follow OParl 1.1 (Paper, Consultation, Meeting, AgendaItem, File, Location), so that an OParl
API is a thin read layer.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from council.models import Body, Faction, Timestamped


def new_jitsi_room() -> str:
    """An unguessable room name: 128 random bits."""
    return "ratssaal-" + secrets.token_hex(16)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class Paper(Timestamped):
    """Vorlage/Drucksache: a proposal, report or motion that bodies consult and decide on."""

    class Kind(models.TextChoices):
        RESOLUTION_PROPOSAL = "resolution_proposal", _("Resolution proposal")
        REPORT = "report", _("Report")
        FACTION_MOTION = "faction_motion", _("Motion of a faction")

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    resolution_text = models.TextField(_("proposed resolution"), blank=True)
    originator_department = models.CharField(
        _("originating department"), max_length=200, blank=True
    )
    originator_faction = models.ForeignKey(
        Faction,
        verbose_name=_("originating faction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
    )
    is_public = models.BooleanField(_("public"), default=True)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="paper_number_per_year"),
            models.CheckConstraint(condition=Q(number__gte=1), name="paper_number_positive"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"


class Location(Timestamped):
    """Ort: where a meeting takes place."""

    room = models.CharField(_("room"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    locality = models.CharField(_("locality"), max_length=100)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(
                fields=["room", "street_address", "postal_code", "locality"],
                name="location_unique",
            )
        ]

    def __str__(self):
        return f"{self.room}, {self.street_address}, {self.postal_code} {self.locality}"


class Meeting(Timestamped):
    """Sitzung: one meeting of a body."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        INVITED = "invited", _("Invited")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveIntegerField(_("meeting number"))
    start = models.DateTimeField(_("start"))
    planned_end = models.DateTimeField(_("planned end"))
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="meetings"
    )
    is_hybrid = models.BooleanField(_("hybrid meeting"), default=True)
    public_notes = models.TextField(_("notes for the public"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    jitsi_room = models.CharField(
        max_length=60, unique=True, default=new_jitsi_room, editable=False
    )
    calendar_sequence = models.PositiveIntegerField(
        _("calendar sequence"),
        default=0,
        help_text=_("SEQUENCE of the invitation's calendar entry."),
    )
    agenda_version = models.PositiveIntegerField(_("agenda version"), default=0)
    invited = models.DateTimeField(
        _("invited"),
        null=True,
        blank=True,
        help_text=_("When the invitation went out: from then on the meeting is public."),
    )
    started = models.DateTimeField(_("started"), null=True, blank=True)
    closed = models.DateTimeField(_("closed"), null=True, blank=True)
    log_length = models.PositiveIntegerField(_("events in the log"), default=0)
    log_head = models.CharField(_("hash of the last event"), max_length=64, blank=True)
    current_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("current item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="meeting_number_per_body"),
            models.CheckConstraint(
                condition=Q(planned_end__gt=models.F("start")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(state="cancelled") | ~Q(cancel_reason=""),
                name="cancelled_meeting_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.body.name}"


class ItemStatus(models.TextChoices):
    """Where an agenda item stands in the session."""

    OPEN = "open", _("Open")
    IN_DISCUSSION = "in_discussion", _("In discussion")
    DONE = "done", _("Done")
    DEFERRED = "deferred", _("Deferred")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AgendaItem(Timestamped):
    """Tagesordnungspunkt (TOP): one item of a meeting's agenda, public or non-public.

    `number` ("Ö 2.1", "N 1") and `order` (place in the whole agenda) are derived from part,
    position and parent by `rules.number_agenda` and stored, so that lists, feeds and PDFs need
    not recompute them.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    is_public = models.BooleanField(_("public"), default=True)
    position = models.PositiveIntegerField(_("position"))
    number = models.CharField(_("number"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("order in the agenda"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(position__gte=1), name="agenda_position_positive"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class Consultation(Timestamped):
    """Beratung: one step in a paper's path through the bodies, and its result there."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        ACCEPTED_AMENDED = "accepted_amended", _("Accepted with amendments")
        REJECTED = "rejected", _("Rejected")
        NOTED = "noted", _("Noted")
        DEFERRED = "deferred", _("Deferred")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    paper = models.ForeignKey(
        Paper, verbose_name=_("paper"), on_delete=models.CASCADE, related_name="consultations"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="consultations"
    )
    position = models.PositiveSmallIntegerField(_("position in the path"))
    is_decisive = models.BooleanField(_("decides"), default=False)
    agenda_item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation",
    )
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.PENDING
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="consultation_step_unique"),
        ]

    def __str__(self):
        return f"{self.paper.reference} → {self.body.name}"


def document_path(document, filename):
    # The stored name is random: the original name is kept as data, never used as a path.
    return f"documents/{secrets.token_hex(16)}.pdf"


class Document(Timestamped):
    """Datei: a PDF attached to a paper or to an agenda item. Public only if its owner is."""

    paper = models.ForeignKey(
        Paper,
        verbose_name=_("paper"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha512 = models.CharField(_("SHA-512 checksum"), max_length=128)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paper__isnull=True, agenda_item__isnull=False)
                | Q(paper__isnull=False, agenda_item__isnull=True),
                name="document_has_one_owner",
            ),
        ]

    def __str__(self):
        return self.title


class StandardItem(models.Model):
    """Standard-TOP: an item every new meeting of the body starts with (opening, minutes, …)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="standard_items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["body", "-is_public", "position"]

    def __str__(self):
        return self.title


class Dispatch(models.Model):
    """Versand: an invitation, update (Nachtrag) or cancellation sent for a meeting."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        UPDATE = "update", _("Update")
        CANCELLATION = "cancellation", _("Cancellation")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="dispatches"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sequence = models.PositiveIntegerField(_("calendar sequence"))
    urgent_reason = models.TextField(_("reason for urgency"), blank=True)
    recipients = models.PositiveIntegerField(_("recipients"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    mailed = models.DateTimeField(_("mails delivered to the mail server"), null=True, blank=True)
    mail_error = models.TextField(_("mail error"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["meeting", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "sequence"], name="dispatch_sequence_unique"
            ),
        ]

    def __str__(self):
        return f"{self.meeting} – {self.get_kind_display()} ({self.sequence})"


class AgendaChange(models.Model):
    """Änderung: one change to an invited meeting, sent to the members with the next update."""

    class Kind(models.TextChoices):
        SCHEDULE = "schedule", _("Date or time changed")
        LOCATION = "location", _("Location changed")
        ITEM_ADDED = "item_added", _("Item added")
        ITEM_REMOVED = "item_removed", _("Item removed")
        ITEM_CHANGED = "item_changed", _("Item changed")
        ITEM_MOVED = "item_moved", _("Item moved")
        DOCUMENT_ADDED = "document_added", _("Document added")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    detail = models.CharField(_("detail"), max_length=400, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    dispatch = models.ForeignKey(
        Dispatch,
        verbose_name=_("sent with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_changes",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda change")
        verbose_name_plural = _("agenda changes")
        ordering = ["meeting", "created", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.detail}"


class CalendarToken(models.Model):
    """The secret of a member's private calendar feed; deleting it revokes the feed's address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return str(self.user)


class Notice(models.Model):
    """Einladung/Bekanntmachung as PDF, one version per agenda state, full and public renderings."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="notices"
    )
    version = models.PositiveIntegerField(_("version"))
    full_pdf = models.FileField(_("invitation for members"), upload_to="notices/")
    public_pdf = models.FileField(_("public notice"), upload_to="notices/")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="notice_version_unique"),
        ]

    def __str__(self):
        return f"{self.meeting} v{self.version}"


class RemovedObject(models.Model):
    """Gelöschtes Objekt: a public agenda item, paper, consultation or document that was removed
    or is no longer public. The OParl API answers for it with `deleted: true`, so that portals
    that copied it delete their copy. Only what was public is recorded: a removed non-public
    item leaves no trace here."""

    class Kind(models.TextChoices):
        AGENDA_ITEM = "agenda_item", _("Agenda item")
        PAPER = "paper", _("Paper")
        CONSULTATION = "consultation", _("Consultation")
        DOCUMENT = "document", _("Document")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    created = models.DateTimeField(_("created"), help_text=_("When the object was created."))
    modified = models.DateTimeField(_("removed"), auto_now=True)

    class Meta:
        verbose_name = _("removed object")
        verbose_name_plural = _("removed objects")
        ordering = ["modified"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="removed_object_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id}"
