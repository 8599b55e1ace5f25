import pytest

from council.models import Membership
from council.rules import Action, Role, is_allowed, roles_from_membership


@pytest.mark.parametrize(
    ("role", "voting_right", "expected"),
    [
        (Membership.Role.CHAIR, True, {Role.CHAIR, Role.VOTING_MEMBER}),
        (Membership.Role.CHAIR, False, {Role.CHAIR}),
        (Membership.Role.DEPUTY_CHAIR, True, {Role.DEPUTY_CHAIR, Role.VOTING_MEMBER}),
        (Membership.Role.DEPUTY_CHAIR, False, {Role.DEPUTY_CHAIR}),
        (Membership.Role.MEMBER, True, {Role.VOTING_MEMBER}),
        (Membership.Role.MEMBER, False, {Role.ADVISORY_MEMBER}),
        (Membership.Role.ADVISORY, False, {Role.ADVISORY_MEMBER}),
    ],
)
def test_membership_gives_the_matching_role(role, voting_right, expected):
    assert roles_from_membership(role=role, voting_right=voting_right) == expected


def test_member_without_vote_is_not_a_voting_member():
    roles = roles_from_membership(role=Membership.Role.MEMBER, voting_right=False)

    assert Role.VOTING_MEMBER not in roles


def test_chair_without_voting_right_may_not_vote():
    roles = roles_from_membership(role=Membership.Role.CHAIR, voting_right=False)

    assert not is_allowed(Action.VOTE, roles)
    assert is_allowed(Action.CHAIR_SESSION, roles)


def test_every_membership_role_gives_some_role():
    given = [roles_from_membership(role=role, voting_right=False) for role in Membership.Role]

    assert all(len(roles) == 1 for roles in given)
