"""Removing an agenda item: the rest is renumbered and its paper's consultation is open again."""

from meetings.models import AgendaItem
from meetings.services.agenda import remove_item
from tests.meetings.factories import make_item, make_meeting, make_paper


def titles(meeting):
    return list(meeting.agenda_items.order_by("order").values_list("number", "title"))


def test_removing_an_item_renumbers_the_rest_of_its_part(clerk, meeting):
    first = make_item(by=clerk, meeting=meeting, title="A")
    make_item(by=clerk, meeting=meeting, title="B")
    make_item(by=clerk, meeting=meeting, title="Personal", is_public=False)

    remove_item(by=clerk, item=first)

    assert titles(meeting) == [("Ö 1", "B"), ("N 1", "Personal")]


def test_removing_a_main_item_removes_its_sub_items(clerk, meeting):
    parent = make_item(by=clerk, meeting=meeting, title="Anfragen")
    make_item(by=clerk, meeting=meeting, title="Beleuchtung", parent=parent)
    make_item(by=clerk, meeting=meeting, title="Verschiedenes")

    remove_item(by=clerk, item=parent)

    assert titles(meeting) == [("Ö 1", "Verschiedenes")]
    assert not AgendaItem.objects.filter(title="Beleuchtung").exists()


def test_removing_a_sub_item_renumbers_its_siblings(clerk, meeting):
    parent = make_item(by=clerk, meeting=meeting, title="Anfragen")
    first = make_item(by=clerk, meeting=meeting, title="Beleuchtung", parent=parent)
    make_item(by=clerk, meeting=meeting, title="Radwege", parent=parent)

    remove_item(by=clerk, item=first)

    assert titles(meeting) == [("Ö 1", "Anfragen"), ("Ö 1.1", "Radwege")]


def test_removed_items_consultation_is_open_again(clerk, body, meeting):
    paper = make_paper(by=clerk, path=[body])
    item = make_item(by=clerk, meeting=meeting, title="Sanierung", paper=paper)

    remove_item(by=clerk, item=item)

    step = paper.consultations.get()
    assert step.agenda_item is None
    assert step.result == "pending"


def test_freed_consultation_is_used_again_by_the_next_meeting(clerk, body, meeting):
    paper = make_paper(by=clerk, path=[body])
    remove_item(by=clerk, item=make_item(by=clerk, meeting=meeting, title="S", paper=paper))
    later = make_meeting(by=clerk, body=body)

    item = make_item(by=clerk, meeting=later, title="Sanierung", paper=paper)

    assert paper.consultations.get().agenda_item == item
