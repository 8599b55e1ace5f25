"""Items the council did not deal with keep their status in the minutes: a withdrawn item
(abgesetzt) and a deferred one (vertagt), in the record, in the agenda and under the item."""

import pytest

from meetings.session.services import agenda
from tests.meetings.factories import make_item
from tests.minutes.pdfs import stored, text_of
from tests.minutes.session import DEFERRED_TITLE

WITHDRAWN_TITLE = "Benennung einer Straße im Neubaugebiet"


@pytest.fixture
def withdrawn(meeting, clerk, chair):
    """A fourth public item, withdrawn before the meeting began."""
    item = make_item(by=clerk, meeting=meeting, title=WITHDRAWN_TITLE)
    agenda.set_item_status(by=chair, meeting=meeting, item_id=item.pk, status="withdrawn")
    return item


def test_record_keeps_the_status_of_withdrawn_and_deferred_items(withdrawn, final):
    status = {item["title"]: item["status"] for item in final.record["items"]}

    assert status[WITHDRAWN_TITLE] == "withdrawn"
    assert status[DEFERRED_TITLE] == "deferred"


def test_agenda_overview_gives_withdrawn_and_deferred_as_the_result(withdrawn, final):
    text = text_of(stored(final.full_pdf))

    assert f"Ö 3 {DEFERRED_TITLE} vertagt" in text
    assert f"Ö 4 {WITHDRAWN_TITLE} abgesetzt" in text


def test_each_item_says_it_was_withdrawn_or_deferred(withdrawn, final):
    text = text_of(stored(final.full_pdf))

    assert f"Ö 3 {DEFERRED_TITLE} Der Punkt wurde vertagt." in text
    assert f"Ö 4 {WITHDRAWN_TITLE} Der Punkt wurde abgesetzt." in text


def test_public_minutes_show_the_status_of_public_items_too(withdrawn, final):
    text = text_of(stored(final.public_pdf))

    assert "Der Punkt wurde vertagt." in text
    assert "Der Punkt wurde abgesetzt." in text
