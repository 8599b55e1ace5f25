"""Who may vote, from plain data: present with a vote and without a conflict of interest."""

import pytest

from voting.rules import Seat, eligible_voters


def seat(person, attendance="hall", *, voting_right=True, conflicted=False):
    return Seat(
        person=person, voting_right=voting_right, attendance=attendance, conflicted=conflicted
    )


def test_members_in_the_hall_and_remote_vote():
    seats = [seat(1, "hall"), seat(2, "remote")]

    assert eligible_voters(seats, remote_may_vote=True) == [1, 2]


@pytest.mark.parametrize("attendance", ["absent", "excused", "unknown", "disconnected"])
def test_members_not_present_do_not_vote(attendance):
    seats = [seat(1, "hall"), seat(2, attendance)]

    assert eligible_voters(seats, remote_may_vote=True) == [1]


def test_member_without_a_voting_right_does_not_vote():
    seats = [seat(1), seat(2, voting_right=False)]

    assert eligible_voters(seats, remote_may_vote=True) == [1]


def test_conflicted_member_does_not_vote():
    seats = [seat(1), seat(2, conflicted=True)]

    assert eligible_voters(seats, remote_may_vote=True) == [1]


def test_remote_members_are_left_out_when_remote_votes_are_not_allowed():
    seats = [seat(1, "hall"), seat(2, "remote"), seat(3, "hall")]

    assert eligible_voters(seats, remote_may_vote=False) == [1, 3]
