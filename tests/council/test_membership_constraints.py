"""The database holds a membership's own invariants: a sane period, no vote for advisory members."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from council.models import Membership
from tests.factories import make_membership

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2026, 1, 1)


def test_membership_ending_before_it_starts_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(start_date=JAN_1, end_date=JAN_1 - datetime.timedelta(days=1))


def test_membership_of_a_single_day_is_accepted():
    membership = make_membership(start_date=JAN_1, end_date=JAN_1)

    assert Membership.objects.on(JAN_1).get() == membership


def test_advisory_member_with_voting_right_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(role=Membership.Role.ADVISORY, voting_right=True)


def test_advisory_member_without_voting_right_is_accepted():
    membership = make_membership(role=Membership.Role.ADVISORY, voting_right=False)

    assert Membership.objects.voting().filter(pk=membership.pk).count() == 0


def test_giving_an_advisory_member_a_vote_later_is_refused():
    membership = make_membership(role=Membership.Role.ADVISORY)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(voting_right=True)
