"""Meeting states: draft → invited → running → closed, and cancelled from draft or invited."""

import itertools

import pytest

from meetings.models import Meeting
from meetings.rules import TRANSITIONS, may_transition

STATES = ["draft", "invited", "running", "closed", "cancelled"]
ALLOWED = {
    ("draft", "invited"),
    ("draft", "cancelled"),
    ("invited", "running"),
    ("invited", "cancelled"),
    ("running", "closed"),
}


@pytest.mark.parametrize("current, target", sorted(ALLOWED))
def test_allowed_transition(current, target):
    assert may_transition(current, target)


@pytest.mark.parametrize(
    "current, target",
    sorted(set(itertools.product(STATES, STATES)) - ALLOWED),
)
def test_refused_transition(current, target):
    assert not may_transition(current, target)


def test_the_table_knows_every_state_of_the_model():
    assert set(TRANSITIONS) == set(Meeting.State.values) == set(STATES)
