"""A worker's sockets write a count spread over the progress interval, so that a close arriving
meanwhile is not queued behind them; a count still waiting when its ballot closes is dropped."""

import asyncio
import time

import pytest

from voting import progress


@pytest.fixture(autouse=True)
def interval(settings):
    settings.VOTE_PROGRESS_INTERVAL = 0.2


def count(ballot_id: int, voted: int) -> dict:
    return {"ballot": ballot_id, "voted": voted, "text": f"{voted}", "sent": time.time()}


async def test_a_count_is_written_within_the_interval(monkeypatch):
    monkeypatch.setattr(progress.random, "random", lambda: 0.5)
    started = time.monotonic()

    assert await progress.for_socket(count(41, 3)) == (3, "3")
    assert 0.1 <= time.monotonic() - started < 0.2


async def test_a_count_waiting_when_its_ballot_closes_is_dropped(monkeypatch):
    monkeypatch.setattr(progress.random, "random", lambda: 1.0)
    waiting = asyncio.ensure_future(progress.for_socket(count(42, 3)))
    await asyncio.sleep(0)

    progress.stop(42)

    assert await waiting is None
