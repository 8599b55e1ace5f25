"""Moving an agenda item up or down: within its part and parent, renumbering as it goes."""

import pytest

from meetings.errors import MeetingError
from meetings.services.agenda import move_item
from tests.meetings.factories import make_item


def titles(meeting):
    return list(meeting.agenda_items.order_by("order").values_list("number", "title"))


@pytest.fixture
def three(clerk, meeting):
    return [make_item(by=clerk, meeting=meeting, title=title) for title in ("A", "B", "C")]


def test_moving_up_swaps_with_the_item_above_and_renumbers(clerk, meeting, three):
    moved = move_item(by=clerk, item=three[1], up=True)

    assert moved.number == "Ö 1"
    assert titles(meeting) == [("Ö 1", "B"), ("Ö 2", "A"), ("Ö 3", "C")]


def test_moving_down_swaps_with_the_item_below_and_renumbers(clerk, meeting, three):
    moved = move_item(by=clerk, item=three[1], up=False)

    assert moved.number == "Ö 3"
    assert titles(meeting) == [("Ö 1", "A"), ("Ö 2", "C"), ("Ö 3", "B")]


def test_first_item_cannot_move_up(clerk, meeting, three, english):
    with pytest.raises(MeetingError, match="already at the edge"):
        move_item(by=clerk, item=three[0], up=True)

    assert titles(meeting) == [("Ö 1", "A"), ("Ö 2", "B"), ("Ö 3", "C")]


def test_last_item_cannot_move_down(clerk, meeting, three):
    with pytest.raises(MeetingError):
        move_item(by=clerk, item=three[2], up=False)

    assert titles(meeting)[-1] == ("Ö 3", "C")


def test_first_non_public_item_does_not_move_into_the_public_part(clerk, meeting, three):
    secret = make_item(by=clerk, meeting=meeting, title="Personal", is_public=False)

    with pytest.raises(MeetingError):
        move_item(by=clerk, item=secret, up=True)

    assert titles(meeting)[-1] == ("N 1", "Personal")


def test_items_move_within_the_non_public_part(clerk, meeting, three):
    make_item(by=clerk, meeting=meeting, title="Personal", is_public=False)
    land = make_item(by=clerk, meeting=meeting, title="Grundstück", is_public=False)

    move_item(by=clerk, item=land, up=True)

    assert titles(meeting) == [
        ("Ö 1", "A"),
        ("Ö 2", "B"),
        ("Ö 3", "C"),
        ("N 1", "Grundstück"),
        ("N 2", "Personal"),
    ]


def test_sub_item_moves_among_its_siblings_only(clerk, meeting, three):
    first = make_item(by=clerk, meeting=meeting, title="A.1", parent=three[0])
    second = make_item(by=clerk, meeting=meeting, title="A.2", parent=three[0])

    move_item(by=clerk, item=second, up=True)

    with pytest.raises(MeetingError):
        move_item(by=clerk, item=second, up=True)
    first.refresh_from_db()
    assert first.number == "Ö 1.2"
    assert titles(meeting)[:3] == [("Ö 1", "A"), ("Ö 1.1", "A.2"), ("Ö 1.2", "A.1")]


def test_main_item_takes_its_sub_items_along(clerk, meeting, three):
    make_item(by=clerk, meeting=meeting, title="C.1", parent=three[2])

    move_item(by=clerk, item=three[2], up=True)

    assert titles(meeting) == [("Ö 1", "A"), ("Ö 2", "C"), ("Ö 2.1", "C.1"), ("Ö 3", "B")]
