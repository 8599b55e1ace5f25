"""Creating a paper: the next reference of its year and the consultation path through the bodies."""

import datetime

from django.utils import timezone

from meetings.models import Paper
from tests.factories import make_body
from tests.meetings.factories import make_paper


def test_papers_are_numbered_one_after_another_within_a_year(clerk, body):
    first = make_paper(by=clerk, path=[body], date=datetime.date(2026, 3, 1))
    second = make_paper(by=clerk, path=[body], date=datetime.date(2026, 9, 30))

    assert (first.year, first.number, first.reference) == (2026, 1, "V/2026/001")
    assert (second.year, second.number, second.reference) == (2026, 2, "V/2026/002")


def test_a_new_year_starts_again_at_one(clerk, body):
    make_paper(by=clerk, path=[body], date=datetime.date(2026, 12, 31))
    make_paper(by=clerk, path=[body], date=datetime.date(2026, 12, 31))

    paper = make_paper(by=clerk, path=[body], date=datetime.date(2027, 1, 2))

    assert paper.reference == "V/2027/001"


def test_numbering_continues_after_the_highest_number_of_the_year(clerk, body):
    make_paper(by=clerk, path=[body], date=datetime.date(2026, 1, 5))
    Paper.objects.filter(year=2026).update(number=40, reference="V/2026/040")

    paper = make_paper(by=clerk, path=[body], date=datetime.date(2026, 2, 1))

    assert paper.reference == "V/2026/041"


def test_paper_without_date_is_dated_today(clerk, body):
    paper = make_paper(by=clerk, path=[body])

    assert paper.date == timezone.localdate()
    assert paper.reference == f"V/{timezone.localdate().year}/001"


def test_consultation_path_follows_the_given_order_and_the_last_body_decides(clerk, body):
    building, main = make_body(name="Bauausschuss"), make_body(name="Hauptausschuss")

    paper = make_paper(by=clerk, path=[building, main, body])

    steps = list(paper.consultations.values_list("body__name", "position", "is_decisive"))
    assert steps == [
        ("Bauausschuss", 1, False),
        ("Hauptausschuss", 2, False),
        ("Stadtrat", 3, True),
    ]


def test_consultations_start_pending_and_without_agenda_item(clerk, body):
    paper = make_paper(by=clerk, path=[make_body(), body])

    assert set(paper.consultations.values_list("result", "agenda_item")) == {("pending", None)}


def test_paper_without_path_has_no_consultations(clerk):
    paper = make_paper(by=clerk, path=[])

    assert not paper.consultations.exists()
