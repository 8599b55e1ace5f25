"""`Membership.clean()` tells a form about an overlap before the database refuses it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from council.models import Membership
from tests.factories import make_body, make_membership, make_person

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2026, 1, 1)
JAN_31 = datetime.date(2026, 1, 31)
FEB_1 = datetime.date(2026, 2, 1)


def test_overlapping_membership_does_not_validate():
    existing = make_membership(start_date=JAN_1, end_date=JAN_31)
    new = Membership(person=existing.person, body=existing.body, start_date=JAN_31)

    with pytest.raises(ValidationError):
        new.clean()


def test_new_membership_before_an_open_ended_one_does_not_validate():
    existing = make_membership(start_date=FEB_1, end_date=None)
    new = Membership(person=existing.person, body=existing.body, start_date=JAN_1, end_date=None)

    with pytest.raises(ValidationError):
        new.clean()


def test_adjacent_membership_validates():
    existing = make_membership(start_date=JAN_1, end_date=JAN_31)
    new = Membership(person=existing.person, body=existing.body, start_date=FEB_1)

    new.clean()

    assert not Membership.objects.overlapping(
        person_id=new.person_id, body_id=new.body_id, start_date=FEB_1, end_date=None
    ).exists()


def test_membership_in_another_body_validates():
    person = make_person()
    make_membership(person=person, start_date=JAN_1)
    new = Membership(person=person, body=make_body(), start_date=JAN_1)

    new.full_clean()
    new.save()

    assert person.memberships.count() == 2


def test_editing_a_membership_does_not_conflict_with_itself():
    membership = make_membership(start_date=JAN_1, end_date=JAN_31)
    membership.end_date = FEB_1

    membership.full_clean()

    assert membership.end_date == FEB_1


def test_membership_without_start_date_reports_the_missing_field():
    existing = make_membership(start_date=JAN_1)
    new = Membership(person=existing.person, body=existing.body, start_date=None)

    with pytest.raises(ValidationError) as error:
        new.full_clean()

    assert "start_date" in error.value.message_dict
