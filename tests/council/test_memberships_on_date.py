"""`Membership.objects.on(date)`: a membership is in force from its start to its end date, both
inclusive; without an end date it lasts."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council.models import Membership
from tests.factories import make_membership

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2026, 1, 1)
JAN_31 = datetime.date(2026, 1, 31)


def in_force_on(date):
    return set(Membership.objects.on(date))


def test_membership_is_in_force_on_its_start_date():
    membership = make_membership(start_date=JAN_1, end_date=JAN_31)

    assert membership in in_force_on(JAN_1)


def test_membership_is_in_force_on_its_end_date():
    membership = make_membership(start_date=JAN_1, end_date=JAN_31)

    assert membership in in_force_on(JAN_31)


def test_membership_is_not_in_force_before_it_starts():
    membership = make_membership(start_date=JAN_1, end_date=JAN_31)

    assert membership not in in_force_on(datetime.date(2025, 12, 31))


def test_expired_membership_is_not_in_force():
    membership = make_membership(start_date=JAN_1, end_date=JAN_31)

    assert membership not in in_force_on(datetime.date(2026, 2, 1))


def test_membership_without_end_date_stays_in_force():
    membership = make_membership(start_date=JAN_1, end_date=None)

    assert membership in in_force_on(datetime.date(2099, 12, 31))


dates = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2027, 12, 31))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=dates, length=st.one_of(st.none(), st.integers(0, 400)), day=dates)
def test_on_agrees_with_the_calendar(start, length, day):
    end = None if length is None else start + datetime.timedelta(days=length)
    membership = make_membership(start_date=start, end_date=end)

    expected = start <= day and (end is None or day <= end)

    assert Membership.objects.on(day).filter(pk=membership.pk).exists() == expected
