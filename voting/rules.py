"""Pure rules of voting: majorities, result texts, and who may vote.

Simple majority: more yes than no; abstentions do not count; a tie rejects.
Absolute majority: more yes than half of the legal member count.
Two thirds of votes cast: yes at least two thirds of yes and no together.
Two thirds of the legal members: yes at least two thirds of the legal member count.
"""

from dataclasses import dataclass
from fractions import Fraction

from meetings.models import PRESENT_STATES, Attendance

SIMPLE, ABSOLUTE_OF_LEGAL = "simple", "absolute_legal"
TWO_THIRDS_OF_CAST, TWO_THIRDS_OF_LEGAL = "two_thirds_cast", "two_thirds_legal"
ACCEPTED, REJECTED, TIE = "accepted", "rejected", "tie"
TWO_THIRDS = Fraction(2, 3)


@dataclass(frozen=True)
class Counts:
    yes: int
    no: int
    abstain: int

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


def outcome(counts: Counts, *, rule: str, legal_member_count: int) -> str:
    """accepted, rejected, or tie (which rejects) under the majority rule."""
    yes, no = counts.yes, counts.no
    if rule == SIMPLE:
        if yes == no:
            return TIE
        return ACCEPTED if yes > no else REJECTED
    if rule == ABSOLUTE_OF_LEGAL:
        return ACCEPTED if 2 * yes > legal_member_count else REJECTED
    if rule == TWO_THIRDS_OF_CAST:
        return ACCEPTED if yes + no > 0 and yes >= TWO_THIRDS * (yes + no) else REJECTED
    if rule == TWO_THIRDS_OF_LEGAL:
        return ACCEPTED if yes >= TWO_THIRDS * legal_member_count else REJECTED
    raise ValueError(f"unknown majority rule {rule!r}")


def result_text(counts: Counts, result: str, *, election: bool = False) -> str:
    """The result as the minutes say it (German: the minutes are the legal record in German).
    An election (Wahl) elects or does not elect; any other vote decides (beschlossen)."""
    abstentions = "Enthaltung" if counts.abstain == 1 else "Enthaltungen"
    numbers = f"{counts.yes} Ja, {counts.no} Nein, {counts.abstain} {abstentions}"
    passed, failed = ("gewählt", "nicht gewählt") if election else ("beschlossen", "abgelehnt")
    if result == TIE:
        return f"Stimmengleichheit – {failed}: {numbers}"
    if result == REJECTED:
        return f"{failed}: {numbers}"
    if counts.no == 0 and counts.abstain == 0:
        return f"einstimmig {passed}: {numbers}"
    return f"mehrheitlich {passed}: {numbers}"


@dataclass(frozen=True)
class Seat:
    """A member as the eligibility rules see them at the moment the ballot opens."""

    person: int
    voting_right: bool
    attendance: str
    conflicted: bool


def eligible_voters(seats: list[Seat], *, remote_may_vote: bool) -> list[int]:
    """Present members with a vote and no conflict of interest (remote ones only if allowed)."""
    present = PRESENT_STATES if remote_may_vote else {Attendance.State.HALL}
    return [
        seat.person
        for seat in seats
        if seat.voting_right and not seat.conflicted and seat.attendance in present
    ]
