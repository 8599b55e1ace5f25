"""Pure rules of the live session: quorum, state law profiles, speakers' order, item statuses."""

import math
from dataclasses import dataclass
from fractions import Fraction

MORE_THAN_HALF, AT_LEAST_HALF, ONE_THIRD = (
    "more_than_half_legal",
    "at_least_half_legal",
    "one_third_legal",
)


@dataclass(frozen=True)
class Quorum:
    present: int
    required: int
    has_quorum: bool


def required_for_quorum(rule: str, legal_member_count: int) -> int:
    if rule == MORE_THAN_HALF:
        return legal_member_count // 2 + 1
    if rule == AT_LEAST_HALF:
        return math.ceil(legal_member_count / 2)
    if rule == ONE_THIRD:
        return math.ceil(legal_member_count / 3)
    raise ValueError(f"unknown quorum rule {rule!r}")


def quorum(*, rule: str, legal_member_count: int, present_voting_members: int) -> Quorum:
    """Beschlussfähigkeit: enough members with a vote present, in the hall or connected remotely."""
    required = required_for_quorum(rule, legal_member_count)
    return Quorum(
        present=present_voting_members,
        required=required,
        has_quorum=present_voting_members >= required,
    )


@dataclass(frozen=True)
class StateLaw:
    """Landesrecht for hybrid sessions, as data. Municipal rules of procedure may be stricter."""

    name: str
    chair_must_be_in_hall: bool
    remote_share_cap: Fraction | None
    secret_ballot_while_remote: bool
    remote_votes_in_elections: bool
    public_sees_who_is_connected: bool = True


STATE_LAWS = {
    # DigiSiVO NRW: hybrid sessions with the chair in the hall; everyone sees who is connected.
    "nrw": StateLaw(
        name="Nordrhein-Westfalen",
        chair_must_be_in_hall=True,
        remote_share_cap=None,
        secret_ballot_while_remote=True,
        remote_votes_in_elections=True,
    ),
    # Art. 47a GO Bayern: remote participation for at most a share of the members, chair in the
    # hall, and no remote votes in elections.
    "by": StateLaw(
        name="Bayern",
        chair_must_be_in_hall=True,
        remote_share_cap=Fraction(1, 3),
        secret_ballot_while_remote=True,
        remote_votes_in_elections=False,
    ),
    # § 64 NKomVG Niedersachsen: no secret ballot while anyone takes part remotely.
    "ni": StateLaw(
        name="Niedersachsen",
        chair_must_be_in_hall=True,
        remote_share_cap=None,
        secret_ballot_while_remote=False,
        remote_votes_in_elections=True,
    ),
}


def remote_cap(law: StateLaw, legal_member_count: int) -> int | None:
    """How many members may take part remotely at once, if the state caps it."""
    if law.remote_share_cap is None:
        return None
    return math.floor(legal_member_count * law.remote_share_cap)


def may_join_remotely(law: StateLaw, *, legal_member_count: int, remote_now: int) -> bool:
    cap = remote_cap(law, legal_member_count)
    return cap is None or remote_now < cap


def may_chair_from(law: StateLaw, attendance_state: str) -> bool:
    return attendance_state == "hall" or not law.chair_must_be_in_hall


def may_hold_secret_ballot(law: StateLaw, *, remote_now: int) -> bool:
    return law.secret_ballot_while_remote or remote_now == 0


def may_vote_remotely(law: StateLaw, *, is_election: bool) -> bool:
    return law.remote_votes_in_elections or not is_election


def speaking_order(requests: list[dict]) -> list[dict]:
    """Points of order (Geschäftsordnungsanträge) first, then speeches, each by position."""
    return sorted(
        requests, key=lambda request: (request["kind"] != "point_of_order", request["position"])
    )
