"""The pure rules of the minutes: transitions and the order of signatures."""

import pytest

from minutes import rules

STATES = ["draft", "final", "signed", "published"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("target", STATES)
def test_transitions_follow_the_lifecycle(state, target):
    allowed = {
        ("draft", "final"),
        ("final", "signed"),
        ("signed", "published"),
        ("final", "draft"),
        ("signed", "draft"),
        ("published", "draft"),
    }
    assert rules.may_transition(state, target) == ((state, target) in allowed)


@pytest.mark.parametrize("state", STATES)
def test_only_a_draft_is_editable(state):
    assert rules.is_editable(state) == (state == "draft")


def test_the_chair_signs_a_file_only_after_the_recorder():
    assert not rules.may_sign("chair", "full", set())
    assert rules.may_sign("chair", "full", {("full", "recorder")})
    assert not rules.may_sign("chair", "public", {("full", "recorder")})


def test_nobody_signs_a_file_twice_in_the_same_role():
    assert not rules.may_sign("recorder", "full", {("full", "recorder")})


def test_unknown_roles_and_files_are_refused():
    assert not rules.may_sign("mayor", "full", set())
    assert not rules.may_sign("recorder", "draft", set())


def test_next_signatures_go_recorder_first_then_chair():
    assert rules.next_signatures(set()) == [("full", "recorder"), ("public", "recorder")]
    both = {("full", "recorder"), ("public", "recorder")}
    assert rules.next_signatures(both) == [("full", "chair"), ("public", "chair")]


def test_a_version_is_signed_when_both_sign_both_files():
    pairs = {(d, r) for d in ("full", "public") for r in ("recorder", "chair")}
    assert rules.is_fully_signed(pairs)
    assert not rules.is_fully_signed(pairs - {("public", "chair")})


@pytest.mark.parametrize("kind", ["named", "show_of_hands", "secret"])
def test_only_the_counts_of_a_named_vote_cannot_be_corrected(kind):
    assert rules.may_correct_counts(kind) == (kind != "named")


def test_an_edit_changes_the_fields_whose_values_differ_in_their_order():
    before = {"chair": 1, "opening": "", "discussion Ö 1": "alt"}
    after = {"chair": 1, "opening": "Begrüßung", "discussion Ö 1": "neu"}
    assert rules.changed_fields(before, after) == ["opening", "discussion Ö 1"]
