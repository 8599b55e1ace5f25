"""The majority rules as pure functions, by example."""

import pytest

from voting.rules import (
    ABSOLUTE_OF_LEGAL,
    ACCEPTED,
    REJECTED,
    SIMPLE,
    TIE,
    TWO_THIRDS_OF_CAST,
    TWO_THIRDS_OF_LEGAL,
    Counts,
    outcome,
)


def decide(yes, no, abstain=0, *, rule, legal=31):
    return outcome(Counts(yes=yes, no=no, abstain=abstain), rule=rule, legal_member_count=legal)


def test_simple_majority_accepts_one_more_yes_than_no():
    assert decide(10, 9, rule=SIMPLE) == ACCEPTED


def test_simple_majority_rejects_one_more_no_than_yes():
    assert decide(9, 10, rule=SIMPLE) == REJECTED


def test_simple_majority_calls_a_tie_a_tie():
    assert decide(10, 10, rule=SIMPLE) == TIE


def test_simple_majority_does_not_count_abstentions():
    assert decide(3, 2, 25, rule=SIMPLE) == ACCEPTED


def test_simple_majority_with_nothing_but_abstentions_is_a_tie():
    assert decide(0, 0, 12, rule=SIMPLE) == TIE


@pytest.mark.parametrize(("yes", "expected"), [(16, ACCEPTED), (15, REJECTED)])
def test_absolute_majority_of_31_legal_members_needs_16_yes(yes, expected):
    assert decide(yes, 0, 31 - yes, rule=ABSOLUTE_OF_LEGAL, legal=31) == expected


def test_absolute_majority_of_an_even_count_needs_more_than_half():
    assert decide(15, 0, rule=ABSOLUTE_OF_LEGAL, legal=30) == REJECTED
    assert decide(16, 0, rule=ABSOLUTE_OF_LEGAL, legal=30) == ACCEPTED


def test_absolute_majority_ignores_how_many_said_no():
    assert decide(16, 15, rule=ABSOLUTE_OF_LEGAL, legal=31) == ACCEPTED


@pytest.mark.parametrize(
    ("yes", "no", "expected"),
    [(20, 10, ACCEPTED), (19, 10, REJECTED), (2, 1, ACCEPTED), (1, 1, REJECTED)],
)
def test_two_thirds_of_cast_needs_twice_as_many_yes_as_no(yes, no, expected):
    assert decide(yes, no, rule=TWO_THIRDS_OF_CAST) == expected


def test_two_thirds_of_cast_does_not_count_abstentions():
    assert decide(20, 10, 50, rule=TWO_THIRDS_OF_CAST) == ACCEPTED


def test_two_thirds_of_cast_rejects_when_only_abstentions_were_cast():
    assert decide(0, 0, 9, rule=TWO_THIRDS_OF_CAST) == REJECTED


@pytest.mark.parametrize(("yes", "expected"), [(21, ACCEPTED), (20, REJECTED)])
def test_two_thirds_of_31_legal_members_needs_21_yes(yes, expected):
    assert decide(yes, 0, rule=TWO_THIRDS_OF_LEGAL, legal=31) == expected


def test_two_thirds_of_30_legal_members_needs_exactly_20_yes():
    assert decide(20, 0, rule=TWO_THIRDS_OF_LEGAL, legal=30) == ACCEPTED
    assert decide(19, 0, rule=TWO_THIRDS_OF_LEGAL, legal=30) == REJECTED


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown majority rule"):
        decide(1, 0, rule="plurality")
