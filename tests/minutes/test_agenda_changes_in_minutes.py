"""Agenda changes sent to the members after the invitation (Nachtrag) are in the minutes: in the
record and, under the agenda, in the PDF; the public minutes keep only the public ones."""

import pytest

from meetings.services.documents import add_document
from meetings.services.invitations import send_update
from minutes.pdf import render
from minutes.record import minutes_record, public_record
from tests.live.fixtures import SECRET_TITLE
from tests.meetings.factories import make_item, pdf_bytes, upload
from tests.minutes.pdfs import text_of

URGENT_TITLE = "Dringlichkeitsantrag Hochwasserschutz"
APPRAISAL = "Zweites Wertgutachten"


@pytest.fixture
def update_sent(meeting, clerk, secret_item):
    """After the invitation: a public item added and a document added to the non-public item,
    both sent to the members as an update."""
    make_item(by=clerk, meeting=meeting, title=URGENT_TITLE)
    add_document(by=clerk, upload=upload(pdf_bytes()), title=APPRAISAL, agenda_item=secret_item)
    return send_update(by=clerk, meeting=meeting)


def test_record_lists_the_changes_sent_after_the_invitation(update_sent, minutes):
    changes = minutes_record(minutes)["agenda_changes"]

    assert changes == [
        {"kind": "item_added", "detail": f"Ö 4 {URGENT_TITLE}", "public": True},
        {"kind": "document_added", "detail": f"N 1: {APPRAISAL}", "public": False},
    ]


def test_full_pdf_states_each_change_of_the_agenda(update_sent, minutes):
    text = text_of(render(minutes_record(minutes), version=1).pdf)

    assert f"Änderung der Tagesordnung – Punkt aufgenommen: Ö 4 {URGENT_TITLE}" in text
    assert f"Änderung der Tagesordnung – Unterlage nachgereicht: N 1: {APPRAISAL}" in text


def test_public_pdf_states_only_the_public_change(update_sent, minutes):
    text = text_of(render(public_record(minutes_record(minutes)), version=1).pdf)

    assert f"Änderung der Tagesordnung – Punkt aufgenommen: Ö 4 {URGENT_TITLE}" in text
    assert APPRAISAL not in text
    assert SECRET_TITLE not in text


@pytest.fixture
def unsent_change(meeting, clerk):
    """An item added after the invitation, but no update sent before the meeting."""
    return make_item(by=clerk, meeting=meeting, title=URGENT_TITLE)


def test_a_change_never_sent_is_not_in_the_minutes(unsent_change, minutes):
    record = minutes_record(minutes)

    text = text_of(render(record, version=1).pdf)

    assert record["agenda_changes"] == []
    assert "Änderung der Tagesordnung" not in text
