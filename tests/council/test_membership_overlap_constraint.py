"""The database refuses two memberships of one person in one body that share a day (a trigger on
SQLite, an exclusion constraint on PostgreSQL: both must say the same)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council.models import Membership
from tests.factories import make_body, make_membership, make_person

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2026, 1, 1)
JAN_31 = datetime.date(2026, 1, 31)
FEB_1 = datetime.date(2026, 2, 1)
FEB_28 = datetime.date(2026, 2, 28)


def test_overlapping_membership_is_refused():
    first = make_membership(start_date=JAN_1, end_date=FEB_28)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(person=first.person, body=first.body, start_date=JAN_31, end_date=None)


def test_periods_that_share_one_day_overlap():
    first = make_membership(start_date=JAN_1, end_date=JAN_31)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(person=first.person, body=first.body, start_date=JAN_31, end_date=FEB_28)


def test_membership_inside_an_open_ended_one_is_refused():
    first = make_membership(start_date=JAN_1, end_date=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(person=first.person, body=first.body, start_date=FEB_1, end_date=FEB_28)


def test_adjacent_periods_are_accepted():
    first = make_membership(start_date=JAN_1, end_date=JAN_31)

    make_membership(person=first.person, body=first.body, start_date=FEB_1, end_date=None)

    assert Membership.objects.filter(person=first.person, body=first.body).count() == 2


def test_same_person_may_sit_in_two_bodies_at_once():
    person = make_person()
    make_membership(person=person, body=make_body(), start_date=JAN_1)

    make_membership(person=person, body=make_body(), start_date=JAN_1)

    assert person.memberships.count() == 2


def test_two_people_may_sit_in_one_body_at_once():
    body = make_body()
    make_membership(body=body, start_date=JAN_1)

    make_membership(body=body, start_date=JAN_1)

    assert body.memberships.count() == 2


def test_moving_a_membership_onto_another_is_refused():
    first = make_membership(start_date=JAN_1, end_date=JAN_31)
    second = make_membership(person=first.person, body=first.body, start_date=FEB_1)

    second.start_date = JAN_31
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_queryset_update_into_an_overlap_is_refused():
    first = make_membership(start_date=FEB_1, end_date=FEB_28)
    second = make_membership(
        person=first.person, body=first.body, start_date=JAN_1, end_date=JAN_31
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=second.pk).update(end_date=None)


def test_membership_can_be_extended_without_conflicting_with_itself():
    membership = make_membership(start_date=JAN_1, end_date=JAN_31)

    membership.end_date = FEB_28
    membership.save()

    membership.refresh_from_db()
    assert membership.end_date == FEB_28


dates = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 3, 31))
ends = st.one_of(st.none(), st.integers(0, 60))


def period(start, length):
    return start, None if length is None else start + datetime.timedelta(days=length)


def share_a_day(a, b):
    (a_start, a_end), (b_start, b_end) = a, b
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first_start=dates, first_length=ends, second_start=dates, second_length=ends)
def test_database_refuses_exactly_the_periods_that_share_a_day(
    first_start, first_length, second_start, second_length
):
    first, second = period(first_start, first_length), period(second_start, second_length)
    existing = make_membership(start_date=first[0], end_date=first[1])

    try:
        with transaction.atomic():
            make_membership(
                person=existing.person, body=existing.body, start_date=second[0], end_date=second[1]
            )
        refused = False
    except IntegrityError:
        refused = True

    assert refused == share_a_day(first, second)
