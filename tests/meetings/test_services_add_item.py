"""Adding an agenda item: at the end of its part, sub-items under main items, papers consulted."""

import pytest

from meetings.errors import MeetingError
from meetings.models import AgendaItem, Consultation
from tests.factories import make_body
from tests.meetings.factories import make_item, make_meeting, make_paper


def numbers(meeting):
    return list(meeting.agenda_items.order_by("order").values_list("number", "title"))


def test_items_are_appended_at_the_end_of_their_part(clerk, meeting):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")
    make_item(by=clerk, meeting=meeting, title="Personal", is_public=False)
    item = make_item(by=clerk, meeting=meeting, title="Haushalt")

    assert (item.number, item.position) == ("Ö 2", 2)
    assert numbers(meeting) == [("Ö 1", "Eröffnung"), ("Ö 2", "Haushalt"), ("N 1", "Personal")]


def test_sub_item_takes_the_part_of_its_parent(clerk, meeting):
    parent = make_item(by=clerk, meeting=meeting, title="Grundstücke", is_public=False)

    sub = make_item(by=clerk, meeting=meeting, title="Lindenweg", is_public=True, parent=parent)

    assert sub.is_public is False
    assert sub.number == "N 1.1"


def test_sub_items_are_numbered_after_their_parent_before_the_next_item(clerk, meeting):
    first = make_item(by=clerk, meeting=meeting, title="Anfragen")
    make_item(by=clerk, meeting=meeting, title="Verschiedenes")

    make_item(by=clerk, meeting=meeting, title="Beleuchtung", parent=first)
    make_item(by=clerk, meeting=meeting, title="Radwege", parent=first)

    assert numbers(meeting) == [
        ("Ö 1", "Anfragen"),
        ("Ö 1.1", "Beleuchtung"),
        ("Ö 1.2", "Radwege"),
        ("Ö 2", "Verschiedenes"),
    ]


def test_sub_item_of_a_sub_item_is_refused(clerk, meeting):
    parent = make_item(by=clerk, meeting=meeting, title="Anfragen")
    sub = make_item(by=clerk, meeting=meeting, title="Beleuchtung", parent=parent)

    with pytest.raises(MeetingError):
        make_item(by=clerk, meeting=meeting, title="Zu tief", parent=sub)

    assert not AgendaItem.objects.filter(title="Zu tief").exists()


def test_sub_item_of_another_meetings_item_is_refused(clerk, body, meeting):
    other = make_meeting(by=clerk, body=body)
    foreign = make_item(by=clerk, meeting=other, title="Fremd")

    with pytest.raises(MeetingError):
        make_item(by=clerk, meeting=meeting, title="Untergeschoben", parent=foreign)

    assert not AgendaItem.objects.filter(title="Untergeschoben").exists()


def test_non_public_paper_is_refused_in_the_public_part(clerk, body, meeting, english):
    paper = make_paper(by=clerk, path=[body], is_public=False)

    with pytest.raises(MeetingError, match="non-public paper cannot be discussed in the public"):
        make_item(by=clerk, meeting=meeting, title="Ankauf", is_public=True, paper=paper)

    assert not meeting.agenda_items.exists()
    assert paper.consultations.get().agenda_item is None


def test_non_public_paper_is_refused_as_sub_item_of_a_public_item(clerk, body, meeting):
    paper = make_paper(by=clerk, path=[body], is_public=False)
    parent = make_item(by=clerk, meeting=meeting, title="Grundstücke", is_public=True)

    with pytest.raises(MeetingError):
        make_item(
            by=clerk, meeting=meeting, title="Ankauf", is_public=False, parent=parent, paper=paper
        )


def test_non_public_paper_is_accepted_in_the_non_public_part(clerk, body, meeting):
    paper = make_paper(by=clerk, path=[body], is_public=False)

    item = make_item(by=clerk, meeting=meeting, title="Ankauf", is_public=False, paper=paper)

    assert item.consultation.paper == paper


def test_paper_is_linked_through_its_open_step_for_this_body(clerk, body, meeting):
    committee = make_body(name="Bauausschuss")
    paper = make_paper(by=clerk, path=[committee, body])

    item = make_item(by=clerk, meeting=meeting, title="Sanierung", paper=paper)

    step = Consultation.objects.get(agenda_item=item)
    assert (step.body, step.position, step.is_decisive) == (body, 2, True)
    assert paper.consultations.count() == 2


def test_paper_without_a_step_for_this_body_gets_a_new_last_step(clerk, body, meeting):
    paper = make_paper(by=clerk, path=[make_body(name="Bauausschuss")])

    item = make_item(by=clerk, meeting=meeting, title="Sanierung", paper=paper)

    step = Consultation.objects.get(agenda_item=item)
    assert (step.body, step.position) == (body, 2)
    assert paper.consultations.count() == 2


def test_paper_consulted_again_in_the_same_body_gets_a_new_step(clerk, body, meeting):
    paper = make_paper(by=clerk, path=[body])
    make_item(by=clerk, meeting=meeting, title="Erste Lesung", paper=paper)
    later = make_meeting(by=clerk, body=body)

    item = make_item(by=clerk, meeting=later, title="Zweite Lesung", paper=paper)

    assert list(paper.consultations.values_list("position", "agenda_item")) == [
        (1, meeting.agenda_items.get().pk),
        (2, item.pk),
    ]
