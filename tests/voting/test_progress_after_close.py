"""Counts still queued for the sockets when a ballot closes are dropped: with thousands of
sockets they would hold up the result that follows them. Every worker learns of the close from
the event it relays to its sockets."""

import time

import pytest

from meetings.live import fanout
from meetings.live.progress import Tracker
from meetings.session.events import event_recorded
from tests.voting.ballots import cast, close
from voting import services

pytestmark = pytest.mark.django_db


def queued_count(ballot, voted: int) -> dict:
    """A count as the channel layer hands it to a socket."""
    return {"type": "session.progress", "ballot": ballot.pk, "voted": voted, "text": "…"}


def recorded_events(capture, action) -> list:
    events = []

    def heard(sender, event, **kwargs):
        events.append(event)

    event_recorded.connect(heard)
    try:
        with capture(execute=True):
            action()
    finally:
        event_recorded.disconnect(heard)
    return events


def test_a_count_of_an_open_ballot_goes_to_the_socket(named):
    message = {**queued_count(named, 1), "sent": time.time()}

    assert Tracker().newest(message) == (1, "…")


def test_a_count_queued_before_the_close_is_dropped(
    present, named, member, clerk, django_capture_on_commit_callbacks
):
    cast(present, named, member, "yes")
    message = {**queued_count(named, 1), "sent": time.time()}
    tracker = Tracker()

    (event,) = recorded_events(
        django_capture_on_commit_callbacks, lambda: close(present, named, by=clerk)
    )
    tracker.stop(fanout.finished_ballot(event))

    assert tracker.newest(message) is None


def test_a_close_that_was_refused_relays_no_event(
    present, show_of_hands, clerk, django_capture_on_commit_callbacks
):
    def refused_close():
        with pytest.raises(services.VotingError):
            services.close_ballot(by=clerk, meeting=present, ballot_id=show_of_hands.pk)

    assert recorded_events(django_capture_on_commit_callbacks, refused_close) == []
