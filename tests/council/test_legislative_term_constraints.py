import datetime

import pytest
from django.db import IntegrityError, transaction

from council.models import LegislativeTerm
from tests.factories import make_term

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 11, 1)


def test_term_ending_before_it_starts_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_term(start_date=START, end_date=START - datetime.timedelta(days=1))


def test_term_ending_on_its_start_day_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_term(start_date=START, end_date=START)


def test_term_ending_after_it_starts_is_accepted():
    make_term(start_date=START, end_date=START + datetime.timedelta(days=1))

    assert LegislativeTerm.objects.count() == 1
