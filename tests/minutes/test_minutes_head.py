"""The head of the minutes says when the session began and ended, where it was held, who chaired
it and who kept the minutes; the signature block names the same two people."""

import pytest
from django.utils import timezone

from minutes import services
from minutes.pdf import render
from minutes.record import minutes_record
from tests.minutes.pdfs import stored, text_of


@pytest.fixture
def clerk(clerk):
    """The live fixtures' secretariat account, with a name to print."""
    clerk.first_name, clerk.last_name = "Sven", "Sander"
    clerk.save()
    return clerk


def test_record_names_start_place_chair_and_recorder(final):
    record, meeting = final.record, final.minutes.meeting

    assert record["meeting"]["started"] == timezone.localtime(meeting.started).isoformat()
    assert record["meeting"]["location"] == "Ratssaal, Markt 1, 12345 Musterstadt"
    assert record["chair"]["name"] == "Petra Hahn"
    assert record["recorder"] == {"name": "Sven Sander"}


def test_head_gives_the_start_with_its_date_and_the_end(final):
    meeting = final.minutes.meeting
    started, closed = timezone.localtime(meeting.started), timezone.localtime(meeting.closed)

    text = text_of(stored(final.full_pdf))

    assert f"Sitzungsbeginn Donnerstag, 3. Dezember 2026, {started:%H:%M} Uhr" in text
    assert f"Sitzungsende {closed:%H:%M} Uhr" in text


def test_head_gives_the_place(final):
    text = text_of(stored(final.full_pdf))

    assert "Ort Ratssaal, Markt 1, 12345 Musterstadt" in text


def test_head_names_chair_and_recorder(final):
    text = text_of(stored(final.full_pdf))

    assert "Vorsitz Petra Hahn" in text
    assert "Schriftführung Sven Sander" in text


def test_signature_block_names_recorder_and_chair_under_their_roles(final):
    text = text_of(stored(final.full_pdf))

    assert "Unterschriften Sven Sander Schriftführer/in Petra Hahn Vorsitz" in text


def test_public_head_has_the_same_lines(final):
    text = text_of(stored(final.public_pdf))

    assert "Ort Ratssaal, Markt 1, 12345 Musterstadt" in text
    assert "Vorsitz Petra Hahn" in text
    assert "Schriftführung Sven Sander" in text


def test_head_without_a_chosen_recorder_says_so(closed):
    draft = services.open_minutes(meeting=closed)

    text = text_of(render(minutes_record(draft), version=1).pdf)

    assert "Vorsitz Petra Hahn" in text  # the body's chair, until someone else is chosen
    assert "Schriftführung –" in text
