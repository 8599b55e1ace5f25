from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from meetings.session.errors import LiveError


class VotingError(LiveError):
    """A refused ballot action or cast. Codes beyond the live session's: `ballot_closed`,
    `not_eligible`, `conflicted`, `already_voted`."""


# Why a cast is refused: its error code and its message, which may name the member.
CAST_REFUSALS = {
    "bad_choice": ("invalid", gettext_lazy("Choose yes, no or abstain.")),
    "not_found": ("not_found", gettext_lazy("There is no such ballot in this meeting.")),
    "ballot_closed": ("ballot_closed", gettext_lazy("The ballot is not open.")),
    "already_voted": ("already_voted", gettext_lazy("%(name)s has already voted.")),
    "not_eligible": ("not_eligible", gettext_lazy("%(name)s may not vote in this ballot.")),
    "conflicted": (
        "conflicted",
        gettext_lazy("%(name)s has declared a conflict of interest on this item and may not vote."),
    ),
    "secret_for_other": (
        "invalid",
        gettext_lazy("Nobody can cast a secret vote for someone else."),
    ),
    "show_of_hands": (
        "invalid",
        gettext_lazy("In a vote by show of hands the secretariat enters counts."),
    ),
}


@dataclass(frozen=True)
class CastRefused:
    """A cast's refusal as data: casts of many members are decided together, and each one's
    message is written later, in that member's language (`error`)."""

    reason: str
    person: object = None

    def error(self) -> VotingError:
        """The refusal in the active language."""
        code, message = CAST_REFUSALS[self.reason]
        return VotingError(code, str(message) % {"name": self.person})
