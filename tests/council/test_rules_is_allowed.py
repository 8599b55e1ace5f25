"""The permission table, checked for every action against every combination of roles.

The expectations are written out again from the domain rules, independently of `ALLOWED_ROLES`,
so that a changed row in the table shows up here as a failing action.
"""

import itertools

import pytest

from council.rules import Action, Role, is_allowed

MEMBER_ROLES = {Role.ADVISORY_MEMBER, Role.VOTING_MEMBER, Role.DEPUTY_CHAIR, Role.CHAIR}


def is_member(roles):
    return bool(roles & MEMBER_ROLES)


def has_vote(roles):
    return Role.VOTING_MEMBER in roles


def chairs(roles):
    return Role.CHAIR in roles or Role.DEPUTY_CHAIR in roles


def is_secretariat(roles):
    return Role.SECRETARIAT in roles


EXPECTED = {
    # Everyone holds PUBLIC; an empty set of roles is no one at all.
    Action.VIEW_PUBLIC: lambda roles: bool(roles),
    Action.VIEW_NON_PUBLIC: lambda roles: is_member(roles) or is_secretariat(roles),
    Action.REQUEST_TO_SPEAK: is_member,
    Action.VOTE: has_vote,
    Action.CHAIR_SESSION: chairs,
    Action.RUN_SESSION: lambda roles: chairs(roles) or is_secretariat(roles),
    Action.PREPARE_MEETINGS: is_secretariat,
}

EVERY_SET_OF_ROLES = [
    set(combination)
    for size in range(len(Role) + 1)
    for combination in itertools.combinations(Role, size)
]


def test_every_action_has_an_expectation():
    assert set(EXPECTED) == set(Action)


def test_every_combination_of_roles_is_checked():
    assert len(EVERY_SET_OF_ROLES) == 2 ** len(Role)


@pytest.mark.parametrize("action", list(Action))
def test_action_is_allowed_exactly_for_the_expected_roles(action):
    wrong = [
        sorted(roles)
        for roles in EVERY_SET_OF_ROLES
        if is_allowed(action, roles) != EXPECTED[action](roles)
    ]

    assert wrong == []


def test_public_cannot_see_non_public_items():
    assert not is_allowed(Action.VIEW_NON_PUBLIC, {Role.PUBLIC})


def test_advisory_member_sees_non_public_items_but_cannot_vote():
    roles = {Role.PUBLIC, Role.ADVISORY_MEMBER}

    assert (is_allowed(Action.VIEW_NON_PUBLIC, roles), is_allowed(Action.VOTE, roles)) == (
        True,
        False,
    )


def test_secretariat_runs_sessions_but_cannot_vote_or_speak():
    roles = {Role.PUBLIC, Role.SECRETARIAT}

    assert is_allowed(Action.RUN_SESSION, roles)
    assert not is_allowed(Action.VOTE, roles)
    assert not is_allowed(Action.REQUEST_TO_SPEAK, roles)


def test_chair_cannot_prepare_meetings_without_the_secretariat():
    assert not is_allowed(Action.PREPARE_MEETINGS, {Role.PUBLIC, Role.CHAIR})
