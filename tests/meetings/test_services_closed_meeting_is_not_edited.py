"""Only drafts and invited meetings can change; a running, closed or cancelled one cannot."""

import pytest

from meetings.errors import MeetingError
from meetings.models import Document
from meetings.services.agenda import move_item, remove_item, update_item, update_meeting
from meetings.services.documents import add_document
from tests.meetings.factories import (
    make_item,
    make_location,
    make_paper,
    pdf_bytes,
    set_state,
    upload,
)

FROZEN = ["running", "closed", "cancelled"]


@pytest.fixture
def item(clerk, meeting):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")
    return make_item(by=clerk, meeting=meeting, title="Haushalt")


@pytest.mark.parametrize("state", FROZEN)
def test_no_item_can_be_added(clerk, meeting, item, state, english):
    set_state(meeting, state)

    with pytest.raises(MeetingError, match="can no longer be changed"):
        make_item(by=clerk, meeting=meeting, title="Nachzügler")

    assert meeting.agenda_items.count() == 2


@pytest.mark.parametrize("state", FROZEN)
def test_no_item_can_be_changed(clerk, meeting, item, state):
    set_state(meeting, state)

    with pytest.raises(MeetingError):
        update_item(by=clerk, item=item, title="Anders", text="")

    item.refresh_from_db()
    assert item.title == "Haushalt"


@pytest.mark.parametrize("state", FROZEN)
def test_no_item_can_be_moved(clerk, meeting, item, state):
    set_state(meeting, state)

    with pytest.raises(MeetingError):
        move_item(by=clerk, item=item, up=True)

    item.refresh_from_db()
    assert item.number == "Ö 2"


@pytest.mark.parametrize("state", FROZEN)
def test_no_item_can_be_removed(clerk, meeting, item, state):
    set_state(meeting, state)

    with pytest.raises(MeetingError):
        remove_item(by=clerk, item=item)

    assert meeting.agenda_items.filter(pk=item.pk).exists()


@pytest.mark.parametrize("state", FROZEN)
def test_time_and_place_cannot_be_changed(clerk, meeting, state):
    set_state(meeting, state)
    start = meeting.start

    with pytest.raises(MeetingError):
        update_meeting(
            by=clerk,
            meeting=meeting,
            start=start.replace(hour=10),
            planned_end=start.replace(hour=12),
            location=make_location(room="Sitzungssaal 2"),
        )

    meeting.refresh_from_db()
    assert meeting.start == start


@pytest.mark.parametrize("state", FROZEN)
def test_no_document_can_be_added_to_an_item(clerk, meeting, item, state):
    set_state(meeting, state)

    with pytest.raises(MeetingError):
        add_document(by=clerk, upload=upload(pdf_bytes()), title="Anlage", agenda_item=item)

    assert not Document.objects.exists()


def test_documents_of_papers_can_still_be_added(clerk, body, meeting, item):
    paper = make_paper(by=clerk, path=[body])
    set_state(meeting, "closed")

    document = add_document(by=clerk, upload=upload(pdf_bytes()), title="Nachtrag", paper=paper)

    assert document.paper == paper
