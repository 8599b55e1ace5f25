"""After the invitation, every agenda change is recorded for the next update (Nachtrag)."""

from meetings.models import AgendaChange
from meetings.services.agenda import move_item, remove_item, update_item
from meetings.services.documents import add_document
from tests.meetings.factories import make_item, pdf_bytes, set_state, upload


def recorded(meeting):
    return list(meeting.changes.values_list("kind", "detail", "is_public", "dispatch"))


def test_nothing_is_recorded_while_the_meeting_is_a_draft(clerk, meeting):
    item = make_item(by=clerk, meeting=meeting, title="Haushalt")
    secret = make_item(by=clerk, meeting=meeting, title="Personal", is_public=False)
    make_item(by=clerk, meeting=meeting, title="Radwege")

    update_item(by=clerk, item=item, title="Haushalt 2027", text="")
    move_item(by=clerk, item=item, up=False)
    add_document(by=clerk, upload=upload(pdf_bytes()), title="Anlage", agenda_item=item)
    remove_item(by=clerk, item=secret)

    assert not AgendaChange.objects.exists()


def test_added_public_item_is_recorded_with_its_number_and_title(clerk, meeting):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")
    set_state(meeting, "invited")

    make_item(by=clerk, meeting=meeting, title="Dringlichkeitsantrag")

    assert recorded(meeting) == [("item_added", "Ö 2 Dringlichkeitsantrag", True, None)]


def test_added_non_public_item_is_recorded_as_non_public(clerk, meeting):
    set_state(meeting, "invited")

    make_item(by=clerk, meeting=meeting, title="Grundstück Lindenweg", is_public=False)

    assert recorded(meeting) == [("item_added", "N 1 Grundstück Lindenweg", False, None)]


def test_changed_non_public_item_is_recorded_as_non_public(clerk, meeting):
    item = make_item(by=clerk, meeting=meeting, title="Personal", is_public=False)
    set_state(meeting, "invited")

    update_item(by=clerk, item=item, title="Personalangelegenheit", text="")

    assert recorded(meeting) == [("item_changed", "N 1 Personalangelegenheit", False, None)]


def test_unchanged_item_records_nothing(clerk, meeting):
    item = make_item(by=clerk, meeting=meeting, title="Haushalt", text="Beschluss")
    set_state(meeting, "invited")

    update_item(by=clerk, item=item, title="Haushalt", text="Beschluss")

    assert recorded(meeting) == []


def test_moved_item_is_recorded_with_its_new_number(clerk, meeting):
    make_item(by=clerk, meeting=meeting, title="Personal", is_public=False)
    land = make_item(by=clerk, meeting=meeting, title="Grundstück", is_public=False)
    set_state(meeting, "invited")

    move_item(by=clerk, item=land, up=True)

    assert recorded(meeting) == [("item_moved", "N 1 Grundstück", False, None)]


def test_removed_item_is_recorded_with_its_old_number(clerk, meeting):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")
    item = make_item(by=clerk, meeting=meeting, title="Haushalt")
    set_state(meeting, "invited")

    remove_item(by=clerk, item=item)

    assert recorded(meeting) == [("item_removed", "Ö 2 Haushalt", True, None)]


def test_document_added_to_a_non_public_item_is_recorded_as_non_public(clerk, meeting):
    item = make_item(by=clerk, meeting=meeting, title="Grundstück", is_public=False)
    set_state(meeting, "invited")

    add_document(by=clerk, upload=upload(pdf_bytes()), title="Wertgutachten", agenda_item=item)

    assert recorded(meeting) == [("document_added", "N 1: Wertgutachten", False, None)]
