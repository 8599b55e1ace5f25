import pytest
from django.db import IntegrityError, transaction

from council.models import Body
from tests.factories import make_body

pytestmark = pytest.mark.django_db


def test_body_without_legal_members_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_body(legal_member_count=0)


def test_body_with_one_legal_member_is_accepted():
    make_body(legal_member_count=1)

    assert Body.objects.get().legal_member_count == 1


def test_two_bodies_with_the_same_name_are_refused():
    make_body(name="Stadtrat")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_body(name="Stadtrat")
