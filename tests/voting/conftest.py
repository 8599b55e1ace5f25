"""The voting tests run on the live session's meeting (`tests.live.fixtures`): a Stadtrat of five
with a public and a non-public item. Here everyone is in the hall and ballots can be opened."""

import pytest

from tests.live.fixtures import *  # noqa: F403
from tests.voting.ballots import open_ballot, paper_for


@pytest.fixture(autouse=True)
def progress_at_once(settings):
    """Progress goes out right after the cast's ack, not later from the event loop: no message
    arrives after a test has moved on. The test of coalescing sets its own interval."""
    settings.VOTE_PROGRESS_INTERVAL = 0


@pytest.fixture
def voters(chair, member, others):
    """The five members with a vote, the chair first."""
    return [chair, member, *others]


@pytest.fixture
def present(running, voters):
    """The running meeting with all five members in the hall. The roll call is written at once:
    marking members one by one (events, presences, quorum) is the attendance tests' business."""
    running.attendances.update(state="hall")
    return running


@pytest.fixture
def paper(clerk, body, public_item):
    """A paper with a proposed resolution, consulted on the public item."""
    return paper_for(public_item, by=clerk, body=body)


@pytest.fixture
def named(present, public_item, clerk):
    return open_ballot(present, public_item, by=clerk, kind="named")


@pytest.fixture
def secret(present, public_item, clerk):
    return open_ballot(present, public_item, by=clerk, kind="secret")


@pytest.fixture
def show_of_hands(present, public_item, clerk):
    return open_ballot(present, public_item, by=clerk, kind="show_of_hands")
