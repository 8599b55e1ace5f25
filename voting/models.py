"""Ballots (Abstimmungen) on agenda items, the votes cast in them, and their results.

A secret ballot keeps who took part (`SecretParticipation`) apart from what was chosen
(`SecretTally`, running counts only): no row, id, timestamp or order links a person to a choice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from council.models import MajorityRule, Person
from meetings.models import AgendaItem, Meeting


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class Ballot(models.Model):
    """Abstimmung: one vote of the body on an item, usually on its paper's proposed resolution."""

    class Kind(models.TextChoices):
        NAMED = "named", _("Named vote")
        SHOW_OF_HANDS = "show_of_hands", _("Show of hands (counted by the secretariat)")
        SECRET = "secret", _("Secret ballot")

    class State(models.TextChoices):
        PREPARED = "prepared", _("Prepared")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        ANNULLED = "annulled", _("Annulled")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        TIE = "tie", _("Tie – rejected")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="ballots"
    )
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="ballots"
    )
    question = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_election = models.BooleanField(_("election"), default=False)
    majority_rule = models.CharField(
        _("majority rule"), max_length=30, choices=MajorityRule.choices
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PREPARED
    )
    legal_member_count = models.PositiveSmallIntegerField(_("legal member count"))
    eligible_count = models.PositiveSmallIntegerField(_("eligible voters"), default=0)
    opened = models.DateTimeField(_("opened"), null=True, blank=True)
    closed = models.DateTimeField(_("closed"), null=True, blank=True)
    yes = models.PositiveSmallIntegerField(_("yes"), default=0)
    no = models.PositiveSmallIntegerField(_("no"), default=0)
    abstain = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    result_text = models.CharField(_("result"), max_length=200, blank=True)
    annul_reason = models.TextField(_("reason for annulling"), blank=True)
    repeats = models.ForeignKey(
        "self",
        verbose_name=_("repeats"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repetitions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="annulled") | ~Q(annul_reason=""),
                name="annulled_ballot_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["prepared", "open", "annulled"]) | ~Q(outcome=""),
                name="closed_ballot_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(kind="show_of_hands")
                | Q(yes__lte=models.F("eligible_count") - models.F("no") - models.F("abstain")),
                name="counted_votes_within_eligible",
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(state="open"), name="one_open_ballot_per_meeting"
            ),
        ]

    def __str__(self):
        return f"{self.item.number}: {self.question[:60]}"


class Eligibility(models.Model):
    """Stimmberechtigung: who may vote in a ballot, fixed when it opens."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="eligible")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("eligible voter")
        verbose_name_plural = _("eligible voters")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "person"], name="eligible_once_per_ballot"),
        ]

    def __str__(self):
        return str(self.person)


class Vote(models.Model):
    """Stimme in an open named vote: each member's choice is recorded and published."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices)
    request_id = models.CharField(max_length=64)
    cast = models.DateTimeField(_("cast"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when the secretariat recorded a vote called out in the hall."),
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["ballot", "person__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "person"], name="one_vote_per_person"),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_choice_display()}"


class SecretParticipation(models.Model):
    """Who took part in a secret ballot, so nobody votes twice. Deliberately nothing else:
    no choice, no time; the primary key is random, so its order says nothing either."""

    id = models.UUIDField(primary_key=True, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    request_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("participation in a secret ballot")
        verbose_name_plural = _("participations in secret ballots")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "person"], name="one_participation"),
        ]

    def __str__(self):
        return str(self.person)


class SecretTally(models.Model):
    """The running counts of a secret ballot: updated in the participation's transaction."""

    ballot = models.OneToOneField(Ballot, on_delete=models.CASCADE, related_name="tally")
    yes = models.PositiveSmallIntegerField(default=0)
    no = models.PositiveSmallIntegerField(default=0)
    abstain = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("secret tally")
        verbose_name_plural = _("secret tallies")
        constraints = [
            models.CheckConstraint(
                condition=Q(yes__gte=0, no__gte=0, abstain__gte=0), name="tally_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.yes}/{self.no}/{self.abstain}"
