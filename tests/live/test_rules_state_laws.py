"""State law profiles for hybrid sessions: NRW, Bayern and Niedersachsen, each on its own."""

import pytest

from council.models import StateLawProfile
from meetings.session.rules import (
    STATE_LAWS,
    may_chair_from,
    may_hold_secret_ballot,
    may_join_remotely,
    may_vote_remotely,
    remote_cap,
)

NRW, BAYERN, NIEDERSACHSEN = STATE_LAWS["nrw"], STATE_LAWS["by"], STATE_LAWS["ni"]


@pytest.mark.parametrize("profile", ["nrw", "by", "ni"])
def test_chair_must_be_in_the_hall(profile):
    law = STATE_LAWS[profile]

    assert may_chair_from(law, "hall")
    assert not may_chair_from(law, "remote")
    assert not may_chair_from(law, "disconnected")


@pytest.mark.parametrize("legal", range(1, 61))
def test_bayern_caps_remote_members_at_one_third_rounded_down(legal):
    assert remote_cap(BAYERN, legal) == legal // 3


def test_bayern_lets_the_last_remote_member_in_but_no_more():
    assert may_join_remotely(BAYERN, legal_member_count=31, remote_now=9)
    assert not may_join_remotely(BAYERN, legal_member_count=31, remote_now=10)


def test_small_bavarian_committee_has_no_remote_seat():
    assert remote_cap(BAYERN, 2) == 0
    assert not may_join_remotely(BAYERN, legal_member_count=2, remote_now=0)


@pytest.mark.parametrize("law", [NRW, NIEDERSACHSEN], ids=["nrw", "ni"])
def test_nrw_and_niedersachsen_have_no_cap(law):
    assert remote_cap(law, 31) is None
    assert may_join_remotely(law, legal_member_count=31, remote_now=30)


def test_niedersachsen_refuses_secret_ballots_while_anyone_is_remote():
    assert may_hold_secret_ballot(NIEDERSACHSEN, remote_now=0)
    assert not may_hold_secret_ballot(NIEDERSACHSEN, remote_now=1)


@pytest.mark.parametrize("law", [NRW, BAYERN], ids=["nrw", "by"])
def test_nrw_and_bayern_hold_secret_ballots_with_remote_members(law):
    assert may_hold_secret_ballot(law, remote_now=5)


def test_bayern_refuses_remote_votes_in_elections_only():
    assert not may_vote_remotely(BAYERN, is_election=True)
    assert may_vote_remotely(BAYERN, is_election=False)


@pytest.mark.parametrize("law", [NRW, NIEDERSACHSEN], ids=["nrw", "ni"])
def test_nrw_and_niedersachsen_let_remote_members_vote_in_elections(law):
    assert may_vote_remotely(law, is_election=True)


@pytest.mark.parametrize("profile", ["nrw", "by", "ni"])
def test_everyone_sees_who_is_connected(profile):
    assert STATE_LAWS[profile].public_sees_who_is_connected


def test_every_profile_of_the_model_has_a_law():
    assert set(STATE_LAWS) == set(StateLawProfile.values)
