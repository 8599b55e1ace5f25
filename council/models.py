"""The council registry: the municipality, its bodies, terms, factions, people and memberships.

The names follow OParl 1.1 where it has one: our Municipality is OParl's Body, our Body is an
OParl Organization of type Gremium, a Faction is an Organization of type Fraktion.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.querysets import MembershipQuerySet


class Timestamped(models.Model):
    """When a record was created and last changed (OParl's `created` and `modified`)."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class Municipality(Timestamped):
    """Kommune: the town or district that runs this installation. There is exactly one."""

    name = models.CharField(_("name"), max_length=200)
    imprint_url = models.URLField(_("imprint URL"), blank=True)
    is_the_one = models.BooleanField(default=True, editable=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(fields=["is_the_one"], name="one_municipality"),
            models.CheckConstraint(condition=Q(is_the_one=True), name="municipality_is_the_one"),
        ]

    def __str__(self):
        return self.name


class StateLawProfile(models.TextChoices):
    """Landesrecht: whose rules for hybrid sessions apply to a body."""

    NRW = "nrw", _("North Rhine-Westphalia")
    BAYERN = "by", _("Bavaria")
    NIEDERSACHSEN = "ni", _("Lower Saxony")


class QuorumRule(models.TextChoices):
    """Beschlussfähigkeit: how many members must be present."""

    MORE_THAN_HALF_OF_LEGAL = "more_than_half_legal", _("More than half of the legal members")
    AT_LEAST_HALF_OF_LEGAL = "at_least_half_legal", _("At least half of the legal members")
    AT_LEAST_ONE_THIRD_OF_LEGAL = "one_third_legal", _("At least one third of the legal members")


class MajorityRule(models.TextChoices):
    """Mehrheit: what it takes for a motion to pass."""

    SIMPLE = "simple", _("Simple majority of votes cast")
    ABSOLUTE_OF_LEGAL = "absolute_legal", _("Absolute majority of the legal members")
    TWO_THIRDS_OF_CAST = "two_thirds_cast", _("Two thirds of votes cast")
    TWO_THIRDS_OF_LEGAL = "two_thirds_legal", _("Two thirds of the legal members")


class Body(Timestamped):
    """Gremium: the council or one of its committees."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        COMMITTEE = "committee", _("Committee")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    legal_member_count = models.PositiveSmallIntegerField(
        _("legal member count"),
        help_text=_("Gesetzliche Mitgliederzahl: the chair counts where the chair has a vote."),
    )
    quorum_rule = models.CharField(
        _("quorum rule"),
        max_length=30,
        choices=QuorumRule.choices,
        default=QuorumRule.MORE_THAN_HALF_OF_LEGAL,
    )
    default_majority_rule = models.CharField(
        _("default majority rule"),
        max_length=30,
        choices=MajorityRule.choices,
        default=MajorityRule.SIMPLE,
    )
    state_law_profile = models.CharField(
        _("state law profile"), max_length=10, choices=StateLawProfile.choices
    )
    notice_period_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        default=7,
        help_text=_("Ladungsfrist: how many days before a meeting the invitation must go out."),
    )
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["position", "name"]
        permissions = [("run_sessions", _("Can prepare and run the meetings of every body"))]
        constraints = [
            models.CheckConstraint(condition=Q(legal_member_count__gte=1), name="body_has_members"),
        ]

    def __str__(self):
        return self.name


class LegislativeTerm(Timestamped):
    """Wahlperiode: the term for which the council was elected."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("legislative term")
        verbose_name_plural = _("legislative terms")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="term_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name


class Faction(Timestamped):
    """Fraktion: a parliamentary group of council members."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    legislative_term = models.ForeignKey(
        LegislativeTerm,
        verbose_name=_("legislative term"),
        on_delete=models.PROTECT,
        related_name="factions",
    )

    class Meta:
        verbose_name = _("faction")
        verbose_name_plural = _("factions")
        ordering = ["name"]

    def __str__(self):
        return self.short_name


def joined_name(title: str, given_name: str, family_name: str) -> str:
    """A person's name as shown everywhere: "Dr. Erika Muster"."""
    return " ".join(part for part in (title, given_name, family_name) if part)


class Person(Timestamped):
    """Person: a council member, chair or advisory member; public name, private contact data."""

    title = models.CharField(_("academic title"), max_length=50, blank=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("For invitations only; never shown publicly.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return joined_name(self.title, self.given_name, self.family_name)


class Membership(Timestamped):
    """Mitgliedschaft: a person's seat in a body, from start to end date (both inclusive).

    One person holds at most one membership in a body at any date; the database refuses overlaps
    (a trigger on SQLite, an exclusion constraint on PostgreSQL: see migration 0002).
    """

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
        MEMBER = "member", _("Member")
        ADVISORY = "advisory", _("Advisory member")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    faction = models.ForeignKey(
        Faction,
        verbose_name=_("faction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting_right = models.BooleanField(_("voting right"), default=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "person"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(role="advisory") | Q(voting_right=False),
                name="advisory_member_has_no_vote",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.body} ({self.get_role_display()})"

    def has_ended(self, *, on: datetime.date) -> bool:
        """The membership ended before `on` (its end date is the last day it holds)."""
        return self.end_date is not None and self.end_date < on

    def clean(self):
        if self.start_date is None:
            return  # the missing start date is reported on its field; nothing to compare yet
        overlapping = Membership.objects.overlapping(
            person_id=self.person_id,
            body_id=self.body_id,
            start_date=self.start_date,
            end_date=self.end_date,
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                _("This person already has a membership in this body during that period.")
            )


class AuditEntry(models.Model):
    """Änderungsprotokoll: who changed what, and when, for the secretariat's audit page.

    Generic on purpose (council is the lowest layer): the apps that record say what the target
    is by type, id and a label kept as it was then. The live session has its own log
    (`meetings.SessionEvent`, hash-chained) and records nothing here.
    """

    when = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("name of the person who made the change"), max_length=150)
    action = models.CharField(_("action"), max_length=60)
    target_type = models.CharField(_("type of the target"), max_length=40)
    target_id = models.PositiveBigIntegerField(_("id of the target"))
    target_label = models.CharField(_("target"), max_length=300)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-when", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self):
        return f"{self.when:%Y-%m-%d %H:%M} {self.actor_name}: {self.action} {self.target_label}"
