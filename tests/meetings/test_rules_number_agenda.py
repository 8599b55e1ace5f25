"""Agenda numbers: Ö 1, Ö 2, Ö 2.1 … for the public part, N 1 … for the non-public part."""

import re

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from meetings.rules import ItemPlace, number_agenda


def public(key, position, parent=None):
    return ItemPlace(key=key, is_public=True, position=position, parent=parent)


def non_public(key, position, parent=None):
    return ItemPlace(key=key, is_public=False, position=position, parent=parent)


def test_public_items_are_numbered_by_position_not_by_key():
    numbers = number_agenda([public(1, 3), public(2, 1), public(3, 2)])

    assert numbers == {2: "Ö 1", 3: "Ö 2", 1: "Ö 3"}


def test_items_on_the_same_position_are_ordered_by_key():
    numbers = number_agenda([public(9, 1), public(4, 1)])

    assert numbers == {4: "Ö 1", 9: "Ö 2"}


def test_positions_with_gaps_still_give_consecutive_numbers():
    numbers = number_agenda([public(1, 5), public(2, 40)])

    assert list(numbers.values()) == ["Ö 1", "Ö 2"]


def test_non_public_part_is_numbered_on_its_own_with_n():
    numbers = number_agenda([public(1, 1), non_public(2, 1), non_public(3, 2)])

    assert numbers == {1: "Ö 1", 2: "N 1", 3: "N 2"}


def test_public_part_comes_first_even_when_listed_last():
    numbers = number_agenda([non_public(1, 1), public(2, 2), public(3, 1)])

    assert list(numbers) == [3, 2, 1]


def test_sub_items_are_numbered_under_their_parent():
    numbers = number_agenda([public(1, 1), public(2, 2), public(3, 2, parent=2), public(4, 1, 2)])

    assert numbers == {1: "Ö 1", 2: "Ö 2", 4: "Ö 2.1", 3: "Ö 2.2"}


def test_sub_items_of_a_non_public_item_are_non_public_numbers():
    numbers = number_agenda([non_public(1, 1), non_public(2, 1, parent=1)])

    assert numbers[2] == "N 1.1"


def test_sub_items_follow_their_parent_before_the_next_main_item():
    numbers = number_agenda([public(1, 1), public(2, 2), public(3, 1, parent=1)])

    assert list(numbers) == [1, 3, 2]


def test_empty_agenda_has_no_numbers():
    assert number_agenda([]) == {}


@st.composite
def agendas(draw) -> list[ItemPlace]:
    """Main items in both parts and sub-items of some of them, with scattered keys and positions."""
    keys = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=25))
    split = draw(st.integers(0, len(keys)))
    tops = [
        ItemPlace(key=key, is_public=draw(st.booleans()), position=draw(st.integers(1, 8)))
        for key in keys[:split]
    ]
    subs = []
    if tops:
        for key in keys[split:]:
            parent = draw(st.sampled_from(tops))
            subs.append(
                ItemPlace(
                    key=key,
                    is_public=parent.is_public,
                    position=draw(st.integers(1, 8)),
                    parent=parent.key,
                )
            )
    return draw(st.permutations(tops + subs))


def sort_key(number: str) -> tuple:
    """Ö 2.1 → (0, 2, 1): the place a number stands at in the agenda."""
    part, rest = number.split(" ")
    return (part != "Ö", *(int(piece) for piece in rest.split(".")))


@hypothesis_settings(database=None)
@given(agendas())
def test_every_item_gets_a_number_and_no_number_is_given_twice(items):
    numbers = number_agenda(items)

    assert set(numbers) == {item.key for item in items}
    assert len(set(numbers.values())) == len(items)


@hypothesis_settings(database=None)
@given(agendas())
def test_numbers_name_the_part_and_sub_items_start_with_their_parents_number(items):
    numbers = number_agenda(items)

    for item in items:
        assert re.fullmatch(r"[ÖN] [1-9]\d*(\.[1-9]\d*)?", numbers[item.key])
        assert numbers[item.key].startswith("Ö " if item.is_public else "N ")
        if item.parent is not None:
            assert numbers[item.key].startswith(numbers[item.parent] + ".")
            assert numbers[item.key].count(".") == 1


@hypothesis_settings(database=None)
@given(agendas())
def test_agenda_order_is_public_part_first_then_by_number(items):
    numbers = number_agenda(items)

    in_order = [sort_key(number) for number in numbers.values()]
    assert in_order == sorted(in_order)


@hypothesis_settings(database=None)
@given(agendas())
def test_main_items_of_a_part_are_numbered_one_to_n_in_position_order(items):
    numbers = number_agenda(items)

    for is_public in (True, False):
        tops = [item for item in items if item.parent is None and item.is_public == is_public]
        by_place = sorted(tops, key=lambda item: (item.position, item.key))
        assert [sort_key(numbers[item.key])[1] for item in by_place] == list(
            range(1, len(tops) + 1)
        )
