"""An installation serves exactly one municipality."""

import pytest
from django.db import IntegrityError, transaction

from council.models import Municipality
from tests.factories import make_municipality

pytestmark = pytest.mark.django_db


def test_first_municipality_is_accepted():
    make_municipality(name="Musterstadt")

    assert Municipality.objects.get().name == "Musterstadt"


def test_second_municipality_is_refused():
    make_municipality(name="Musterstadt")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_municipality(name="Beispielhausen")


def test_municipality_cannot_step_aside_to_make_room_for_another():
    make_municipality(name="Musterstadt")

    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.update(is_the_one=False)
