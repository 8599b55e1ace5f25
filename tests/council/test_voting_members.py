"""Who may vote in a body on a date is derived from the memberships in force on that date."""

import datetime

import pytest

from council.models import Membership
from tests.factories import make_body, make_membership, make_person

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2026, 3, 12)


def voting_members(body, on):
    return {m.person for m in Membership.objects.on(on).voting().filter(body=body)}


def test_member_with_vote_is_a_voting_member():
    body = make_body()
    membership = make_membership(body=body, start_date=datetime.date(2025, 11, 1))

    assert voting_members(body, MEETING_DAY) == {membership.person}


def test_chair_with_vote_is_a_voting_member():
    body = make_body()
    chair = make_membership(body=body, role=Membership.Role.CHAIR)

    assert chair.person in voting_members(body, MEETING_DAY)


def test_advisory_member_is_not_a_voting_member():
    body = make_body()
    make_membership(body=body, role=Membership.Role.ADVISORY)

    assert voting_members(body, MEETING_DAY) == set()


def test_member_without_vote_is_not_a_voting_member():
    body = make_body()
    make_membership(body=body, role=Membership.Role.MEMBER, voting_right=False)

    assert voting_members(body, MEETING_DAY) == set()


def test_expired_membership_does_not_count_as_voting_member():
    body = make_body()
    make_membership(body=body, end_date=MEETING_DAY - datetime.timedelta(days=1))

    assert voting_members(body, MEETING_DAY) == set()


def test_membership_that_has_not_started_does_not_count():
    body = make_body()
    make_membership(body=body, start_date=MEETING_DAY + datetime.timedelta(days=1))

    assert voting_members(body, MEETING_DAY) == set()


def test_member_of_another_body_does_not_count():
    council, committee = make_body(), make_body()
    make_membership(body=committee)

    assert voting_members(council, MEETING_DAY) == set()


def test_successor_takes_the_seat_the_day_after_the_predecessor_leaves():
    body = make_body()
    leaving_day = datetime.date(2026, 3, 11)
    make_membership(body=body, end_date=leaving_day)
    successor = make_membership(body=body, start_date=leaving_day + datetime.timedelta(days=1))

    assert voting_members(body, MEETING_DAY) == {successor.person}


def test_voting_excludes_advisory_memberships_from_any_queryset():
    person = make_person()
    make_membership(person=person, role=Membership.Role.ADVISORY)
    member = make_membership(person=person)

    assert list(Membership.objects.filter(person=person).voting()) == [member]
