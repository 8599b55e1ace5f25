"""`council.permissions`: the roles real users hold in a body, and what they may do there."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from council.models import Membership
from council.permissions import can, is_secretariat, roles_in
from council.rules import Action, Role
from tests.factories import (
    make_body,
    make_member_user,
    make_membership,
    make_person,
    make_secretariat_user,
    make_user,
)

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_anonymous_user_is_only_public():
    assert roles_in(AnonymousUser(), make_body()) == {Role.PUBLIC}


def test_anonymous_user_cannot_see_non_public_items():
    assert not can(AnonymousUser(), Action.VIEW_NON_PUBLIC, make_body())


def test_anonymous_user_sees_public_items():
    assert can(AnonymousUser(), Action.VIEW_PUBLIC, make_body())


def test_user_without_membership_is_only_public():
    assert roles_in(make_user(), make_body()) == {Role.PUBLIC}


def test_inactive_member_is_only_public():
    body = make_body()
    user = make_member_user(body, is_active=False)

    assert roles_in(user, body) == {Role.PUBLIC}


def test_inactive_secretariat_is_not_secretariat():
    user = make_secretariat_user(is_active=False)

    assert not can(user, Action.PREPARE_MEETINGS, make_body())


def test_secretariat_group_makes_a_user_secretariat():
    assert is_secretariat(make_secretariat_user())


def test_secretariat_is_secretariat_in_every_body():
    user = make_secretariat_user()

    assert roles_in(user, make_body()) == {Role.PUBLIC, Role.SECRETARIAT}
    assert roles_in(user, make_body()) == {Role.PUBLIC, Role.SECRETARIAT}


def test_secretariat_prepares_meetings_but_cannot_vote():
    user, body = make_secretariat_user(), make_body()

    assert can(user, Action.PREPARE_MEETINGS, body)
    assert not can(user, Action.VOTE, body)


def test_chair_with_voting_right_chairs_and_votes():
    body = make_body()
    user = make_member_user(body, role=Membership.Role.CHAIR)

    assert roles_in(user, body) == {Role.PUBLIC, Role.CHAIR, Role.VOTING_MEMBER}
    assert can(user, Action.CHAIR_SESSION, body) and can(user, Action.VOTE, body)


def test_chair_without_voting_right_chairs_but_does_not_vote():
    body = make_body()
    user = make_member_user(body, role=Membership.Role.CHAIR, voting_right=False)

    assert can(user, Action.CHAIR_SESSION, body)
    assert not can(user, Action.VOTE, body)


def test_chair_cannot_prepare_meetings():
    body = make_body()
    user = make_member_user(body, role=Membership.Role.CHAIR)

    assert not can(user, Action.PREPARE_MEETINGS, body)


def test_member_votes_in_own_body():
    body = make_body()
    user = make_member_user(body)

    assert can(user, Action.VOTE, body)


def test_member_of_another_body_is_only_public_here():
    council, committee = make_body(), make_body()
    user = make_member_user(committee)

    assert roles_in(user, council) == {Role.PUBLIC}
    assert not can(user, Action.VIEW_NON_PUBLIC, council)


def test_advisory_member_sees_non_public_items_but_cannot_vote():
    body = make_body()
    user = make_member_user(body, role=Membership.Role.ADVISORY)

    assert roles_in(user, body) == {Role.PUBLIC, Role.ADVISORY_MEMBER}
    assert can(user, Action.VIEW_NON_PUBLIC, body)
    assert not can(user, Action.VOTE, body)


def test_member_whose_membership_ended_is_only_public():
    body = make_body()
    user = make_member_user(body, start_date=days_ago(400), end_date=days_ago(1))

    assert roles_in(user, body) == {Role.PUBLIC}
    assert not can(user, Action.VOTE, body)


def test_member_whose_membership_ended_could_vote_on_a_past_date():
    body = make_body()
    user = make_member_user(body, start_date=days_ago(400), end_date=days_ago(1))

    assert can(user, Action.VOTE, body, on=days_ago(10))


def test_membership_from_tomorrow_gives_no_vote_today():
    body = make_body()
    user = make_member_user(body, start_date=days_ago(-1))

    assert not can(user, Action.VOTE, body)


def test_secretariat_who_is_also_a_member_holds_both_roles():
    body = make_body()
    user = make_secretariat_user()
    make_membership(person=make_person(user=user), body=body)

    assert roles_in(user, body) == {Role.PUBLIC, Role.SECRETARIAT, Role.VOTING_MEMBER}
