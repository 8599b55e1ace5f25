"""Properties every majority rule must have, whatever the numbers."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from voting.rules import (
    ABSOLUTE_OF_LEGAL,
    ACCEPTED,
    SIMPLE,
    TIE,
    TWO_THIRDS_OF_CAST,
    TWO_THIRDS_OF_LEGAL,
    Counts,
    outcome,
)

RULES = st.sampled_from([SIMPLE, ABSOLUTE_OF_LEGAL, TWO_THIRDS_OF_CAST, TWO_THIRDS_OF_LEGAL])
LEGAL = st.integers(min_value=1, max_value=120)
COUNTS = st.builds(
    Counts,
    yes=st.integers(min_value=0, max_value=120),
    no=st.integers(min_value=0, max_value=120),
    abstain=st.integers(min_value=0, max_value=120),
)


def accepted(counts, rule, legal) -> bool:
    return outcome(counts, rule=rule, legal_member_count=legal) == ACCEPTED


@given(counts=COUNTS, rule=RULES, legal=LEGAL)
def test_one_more_yes_never_turns_accepted_into_rejected(counts, rule, legal):
    if accepted(counts, rule, legal):
        assert accepted(replace(counts, yes=counts.yes + 1), rule, legal)


@given(counts=COUNTS, rule=RULES, legal=LEGAL)
def test_one_more_no_never_turns_rejected_into_accepted(counts, rule, legal):
    if not accepted(counts, rule, legal):
        assert not accepted(replace(counts, no=counts.no + 1), rule, legal)


@given(votes=st.integers(min_value=0, max_value=120), abstain=st.integers(0, 120), legal=LEGAL)
def test_a_tie_rejects_under_simple_majority(votes, abstain, legal):
    counts = Counts(yes=votes, no=votes, abstain=abstain)

    assert outcome(counts, rule=SIMPLE, legal_member_count=legal) == TIE


@given(counts=COUNTS, more=st.integers(min_value=1, max_value=60), legal=LEGAL)
def test_abstentions_never_change_a_simple_majority(counts, more, legal):
    with_more = replace(counts, abstain=counts.abstain + more)

    assert outcome(with_more, rule=SIMPLE, legal_member_count=legal) == outcome(
        counts, rule=SIMPLE, legal_member_count=legal
    )


@given(counts=COUNTS, rule=RULES, legal=LEGAL)
def test_nothing_is_accepted_without_a_single_yes(counts, rule, legal):
    assert not accepted(replace(counts, yes=0), rule, legal)
