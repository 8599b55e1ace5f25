"""Niederschrift: the minutes of a meeting, their rendered versions and the signatures on them.

The facts of the session (attendance, results, times) are not stored here: `record` reads them
from the meeting's tables and event log. The minutes keep what people add (notes, free sections),
recorded corrections of facts, and every version as rendered: a version's files are never
rewritten, a signature only appends to them, and a later correction makes a new version.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from council.models import Person
from meetings.models import AgendaItem, Meeting


def minutes_path(instance, filename):
    # Random stored names: a file's address says nothing about the meeting or its content.
    return f"minutes/{secrets.token_hex(16)}.pdf"


class Minutes(models.Model):
    """Niederschrift of one meeting: draft → final (locked) → signed → published."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")
        SIGNED = "signed", _("Signed")
        PUBLISHED = "published", _("Published")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Schriftführer/in: a member of the secretariat."),
    )
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opening = models.TextField(_("opening remarks"), blank=True)
    closing = models.TextField(_("closing remarks"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-meeting__start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "final", "signed", "published"]),
                name="minutes_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.meeting} – {self.get_state_display()}"


class ItemNote(models.Model):
    """What the recorder writes for one agenda item: the discussion, statements for the record."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="notes")
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="+"
    )
    discussion = models.TextField(_("discussion"), blank=True)
    statements = models.TextField(_("statements for the record"), blank=True)

    class Meta:
        verbose_name = _("note on an item")
        verbose_name_plural = _("notes on items")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "item"], name="one_note_per_item"),
        ]

    def __str__(self):
        return str(self.item)


class Correction(models.Model):
    """Berichtigung: a fact of the session corrected as data, with its reason, by whom and when.

    `target` names the fact ("attendance:<person>", "ballot:<ballot>", "session"), `value` holds
    the corrected data and `previous` what the record said before; `record.apply_corrections`
    lays them over the session's record in the order they were made.
    """

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", _("Attendance")
        BALLOT = "ballot", _("Result of a ballot")
        SESSION = "session", _("Start and end of the session")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    target = models.CharField(_("corrected fact"), max_length=60)
    value = models.JSONField(_("corrected value"))
    previous = models.JSONField(_("previous value"))
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made = models.DateTimeField(_("made"))

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["minutes", "made", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
            models.CheckConstraint(
                condition=Q(kind__in=["attendance", "ballot", "session"]),
                name="correction_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target}"


class Version(models.Model):
    """Fassung: the minutes as rendered once, full and public, then signed and published.

    The unsigned files and their SHA-256 are kept as rendered; the signed files grow by one
    incremental update per signature. A version that was published stays as it is when a later
    correction replaces it (superseded).
    """

    class State(models.TextChoices):
        FINAL = "final", _("Final, awaiting signatures")
        SIGNED = "signed", _("Signed")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded by a later version")
        DISCARDED = "discarded", _("Discarded before publication")

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.FINAL)
    changes = models.TextField(
        _("what changed"), blank=True, help_text=_("Required from the second version on.")
    )
    record = models.JSONField(_("session record"))
    full_pdf = models.FileField(_("full minutes"), upload_to=minutes_path)
    full_sha256 = models.CharField(_("SHA-256 of the full minutes"), max_length=64)
    public_pdf = models.FileField(_("public minutes"), upload_to=minutes_path)
    public_sha256 = models.CharField(_("SHA-256 of the public minutes"), max_length=64)
    slots = models.JSONField(
        _("signature boxes"),
        help_text=_("Where each signature goes: page and box in PDF points, per file and role."),
    )
    signed_full_pdf = models.FileField(_("signed full minutes"), upload_to=minutes_path, blank=True)
    signed_full_sha256 = models.CharField(max_length=64, blank=True)
    signed_public_pdf = models.FileField(
        _("signed public minutes"), upload_to=minutes_path, blank=True
    )
    signed_public_sha256 = models.CharField(max_length=64, blank=True)
    finalized = models.DateTimeField(_("finalized"))
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("version of the minutes")
        verbose_name_plural = _("versions of the minutes")
        ordering = ["minutes", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="minutes_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="minutes_version_positive"),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(changes=""), name="later_version_states_changes"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["final", "signed", "published", "superseded", "discarded"]),
                name="minutes_version_state_valid",
            ),
            models.UniqueConstraint(
                fields=["minutes"],
                condition=Q(state="published"),
                name="one_published_version",
            ),
            models.UniqueConstraint(
                fields=["minutes"],
                condition=Q(state__in=["final", "signed"]),
                name="one_version_in_progress",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["final", "discarded"])
                | (~Q(signed_full_sha256="") & ~Q(signed_public_sha256="")),
                name="signed_version_has_signed_files",
            ),
            models.CheckConstraint(
                condition=Q(published__isnull=True) | Q(state__in=["published", "superseded"]),
                name="only_published_versions_have_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.minutes.meeting} v{self.number}"


class Signature(models.Model):
    """Unterschrift: one PAdES signature on one file of a version, by the recorder or the chair."""

    class Role(models.TextChoices):
        RECORDER = "recorder", _("Recorder")
        CHAIR = "chair", _("Chair")

    class Document(models.TextChoices):
        FULL = "full", _("Full minutes")
        PUBLIC = "public", _("Public minutes")

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="signatures")
    document = models.CharField(_("file"), max_length=10, choices=Document.choices)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("signer"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"))
    certificate_subject = models.CharField(_("certificate subject"), max_length=500)
    certificate_serial = models.CharField(_("certificate serial number"), max_length=100)
    signed_length = models.PositiveIntegerField(_("bytes signed"))
    file_sha256 = models.CharField(_("SHA-256 of the file after signing"), max_length=64)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["version", "document", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "document", "role"], name="one_signature_per_role_and_file"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["recorder", "chair"]), name="signature_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(document__in=["full", "public"]), name="signature_document_valid"
            ),
            models.CheckConstraint(
                condition=Q(signed_length__gte=1), name="signature_covers_bytes"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.signer_name}"
