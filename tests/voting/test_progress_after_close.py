"""Counts still queued for the sockets when a ballot closes are dropped: with thousands of
sockets they would hold up the result that follows them."""

import time

import pytest

from tests.voting.ballots import cast, close
from voting import progress, services

pytestmark = pytest.mark.django_db


def queued_count(ballot, voted: int) -> dict:
    """A count as the channel layer hands it to a socket."""
    return {"type": "session.progress", "ballot": ballot.pk, "voted": voted, "text": "…"}


def test_a_count_of_an_open_ballot_goes_to_the_socket(named):
    message = {**queued_count(named, 1), "sent": time.time()}

    assert progress.newest(message) == (1, "…")


def test_a_count_queued_before_the_close_is_dropped(
    present, named, member, clerk, django_capture_on_commit_callbacks
):
    cast(present, named, member, "yes")
    message = {**queued_count(named, 1), "sent": time.time()}

    with django_capture_on_commit_callbacks(execute=True):
        close(present, named, by=clerk)

    assert progress.newest(message) is None


def test_a_close_that_was_refused_drops_nothing(
    present, show_of_hands, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.VotingError):
        services.close_ballot(by=clerk, meeting=present, ballot_id=show_of_hands.pk)

    assert progress.newest({**queued_count(show_of_hands, 0), "sent": time.time()}) is not None
