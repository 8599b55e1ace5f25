"""Coalesced progress of open ballots: at most a few messages per second per ballot and worker,
however many votes arrive. Progress carries no seq: it is not an event, only a count.

The websocket consumer schedules it on its event loop after acknowledging a cast; the plain form
sends it at once (few members vote without JavaScript).

A socket writes only the newest count it has not written yet (`Tracker.newest`), and the pace
follows the sockets (`Backlog`): while this worker's sockets need longer than the interval to get
a count, the next one waits twice that long. Otherwise, with thousands of sockets, counts pile up
in their queues in front of the result.
"""

import asyncio
import logging
import time
from dataclasses import dataclass, field

from channels.db import database_sync_to_async
from django.conf import settings

from config.perloop import per_loop
from meetings.live import fanout
from voting.models import Ballot
from voting.state import progress_message

logger = logging.getLogger(__name__)
REMEMBERED_BALLOTS = 100


@dataclass
class Backlog:
    """How long this worker's slowest socket lately took to get a count after it was sent."""

    seconds: float = 0.0
    measured: float = 0.0
    window: float = 1.0

    def heard(self, sent: float) -> None:
        behind, now = max(0.0, time.time() - sent), time.monotonic()
        if behind > self.seconds or now - self.measured > self.window:
            self.seconds, self.measured = behind, now

    def interval(self, base: float) -> float:
        return max(base, 2 * self.seconds)


@dataclass
class Tracker:
    """What one worker (one event loop) knows of ballots' counts: the highest count heard of
    each, with its text; the ballots closed or annulled, whose counts still queued for the
    sockets are dropped (with thousands of sockets they would hold up the result behind them);
    and the ballots whose count is due to be sent."""

    latest: dict[int, tuple[int, str]] = field(default_factory=dict)
    finished: dict[int, None] = field(default_factory=dict)
    pending: set[int] = field(default_factory=set)
    backlog: Backlog = field(default_factory=Backlog)

    def newest(self, message: dict) -> tuple[int, str] | None:
        """The highest count of the message's ballot heard here, with its text; None once the
        ballot has finished."""
        self.backlog.heard(message["sent"])
        ballot, voted = message["ballot"], message["voted"]
        if ballot in self.finished:
            return None
        known = self.latest.get(ballot)
        if known is None or voted > known[0]:
            self.latest.pop(ballot, None)
            self.latest[ballot] = known = (voted, message["text"])
            if len(self.latest) > REMEMBERED_BALLOTS:
                self.latest.pop(next(iter(self.latest)))
        return known

    def is_news(self, message: dict) -> bool:
        """Whether the count is higher than any heard here of its ballot. One the sockets have
        (sent by this worker or another) is not sent again: with thousands of sockets a count
        costs a worker most of a second. A new one is remembered, so that this worker's sockets
        still behind skip to it at once."""
        known = self.latest.get(message["ballot"])
        if known is not None and known[0] >= message["voted"]:
            return False
        return self.newest(message) is not None

    def stop(self, ballot_id: int) -> None:
        """The ballot has closed or was annulled: no more counts of it here."""
        self.finished[ballot_id] = None
        if len(self.finished) > REMEMBERED_BALLOTS:
            self.finished.pop(next(iter(self.finished)))


# The tracker of the running event loop: one per worker, a new one for each test's loop.
tracker = per_loop(Tracker)


def progress_for(ballot_id: int) -> tuple[int, tuple[str, ...], dict] | None:
    """The meeting, the audiences and the channel-layer message, or None once the ballot is not
    open."""
    ballot = Ballot.objects.select_related("item").filter(pk=ballot_id).first()
    if ballot is None or ballot.state != Ballot.State.OPEN:
        return None
    audiences = ("staff", "members", "public") if ballot.item.is_public else ("staff", "members")
    message = progress_message(ballot)
    layer_message = {
        "type": "session.progress",
        "ballot": ballot_id,
        "voted": message["voted"],
        "text": fanout.encode(message),
        "sent": time.time(),
    }
    return ballot.meeting_id, audiences, layer_message


async def send(ballot_id: int) -> None:
    found = await database_sync_to_async(progress_for)(ballot_id)
    if found is None:
        return
    meeting_id, audiences, message = found
    if not tracker().is_news(message):
        return
    for group in fanout.audience_groups(meeting_id, audiences):
        await fanout.send_async(group, message)


async def schedule(ballot_id: int) -> None:
    """Send the ballot's progress soon; casts arriving meanwhile ride along with it."""
    interval = settings.VOTE_PROGRESS_INTERVAL
    if interval <= 0:
        await send(ballot_id)
        return
    here = tracker()
    if ballot_id in here.pending:
        return
    here.pending.add(ballot_id)
    asyncio.get_running_loop().call_later(
        here.backlog.interval(interval), lambda: asyncio.ensure_future(flush(here, ballot_id))
    )


async def flush(here: Tracker, ballot_id: int) -> None:
    here.pending.discard(ballot_id)
    try:
        await send(ballot_id)
    except Exception:
        # Redis or the database away for a moment: the next cast sends progress again, and the
        # votes themselves are safe. Nothing waits for this task, so it must not fail silently.
        logger.warning("Progress of ballot %s not sent", ballot_id, exc_info=True)


def send_now(ballot_id: int) -> None:
    """For a cast by plain form, in a synchronous view: reads in this thread (and transaction),
    only the sending goes through the event loop. The sockets' workers drop it if they have it."""
    found = progress_for(ballot_id)
    if found is None:
        return
    meeting_id, audiences, message = found
    for group in fanout.audience_groups(meeting_id, audiences):
        fanout.send(group, message)
