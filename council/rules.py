"""Who may do what in a body: a pure table from the roles a user holds there to the actions allowed.

`council.permissions` finds a user's roles in the database; everything here works on plain values,
so the whole table is tested exhaustively.
"""

import enum
from collections.abc import Set


class Role(enum.StrEnum):
    """What a user is in one body on one day. Everyone, the public included, is PUBLIC."""

    PUBLIC = "public"
    ADVISORY_MEMBER = "advisory_member"
    VOTING_MEMBER = "voting_member"
    DEPUTY_CHAIR = "deputy_chair"
    CHAIR = "chair"
    SECRETARIAT = "secretariat"


class Action(enum.StrEnum):
    VIEW_PUBLIC = "view_public"
    VIEW_NON_PUBLIC = "view_non_public"
    REQUEST_TO_SPEAK = "request_to_speak"
    VOTE = "vote"
    CHAIR_SESSION = "chair_session"
    RUN_SESSION = "run_session"
    PREPARE_MEETINGS = "prepare_meetings"


MEMBERS = {Role.ADVISORY_MEMBER, Role.VOTING_MEMBER, Role.DEPUTY_CHAIR, Role.CHAIR}

ALLOWED_ROLES: dict[Action, frozenset[Role]] = {
    Action.VIEW_PUBLIC: frozenset(Role),
    # Non-public items are for the body's members (advisory ones too) and the secretariat only.
    Action.VIEW_NON_PUBLIC: frozenset(MEMBERS | {Role.SECRETARIAT}),
    Action.REQUEST_TO_SPEAK: frozenset(MEMBERS),
    # Chairing gives no vote of its own: a chair votes only with a voting right (VOTING_MEMBER).
    Action.VOTE: frozenset({Role.VOTING_MEMBER}),
    # The deputy chairs only when the chair is absent; the live session decides who stands in.
    Action.CHAIR_SESSION: frozenset({Role.CHAIR, Role.DEPUTY_CHAIR}),
    Action.RUN_SESSION: frozenset({Role.CHAIR, Role.DEPUTY_CHAIR, Role.SECRETARIAT}),
    Action.PREPARE_MEETINGS: frozenset({Role.SECRETARIAT}),
}


def is_allowed(action: Action, roles: Set[Role]) -> bool:
    return not ALLOWED_ROLES[action].isdisjoint(roles)


def roles_from_membership(*, role: str, voting_right: bool) -> set[Role]:
    """The roles one membership gives (its `role` is a `Membership.Role` value).

    A (deputy) chair with a voting right is also a voting member; one without (e.g. a mayor
    chairing a committee without a seat) only chairs. A member without a vote is advisory.
    """
    chairs = {"chair": Role.CHAIR, "deputy_chair": Role.DEPUTY_CHAIR}
    roles = {chairs[role]} if role in chairs else set()
    if voting_right:
        roles.add(Role.VOTING_MEMBER)
    elif not roles:
        roles.add(Role.ADVISORY_MEMBER)
    return roles
