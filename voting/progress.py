"""Coalesced progress of open ballots: at most a few messages per second per ballot and worker,
however many votes arrive. Progress carries no seq: it is not an event, only a count.

The websocket consumer schedules it on its event loop after acknowledging a cast; the plain form
sends it at once (few members vote without JavaScript).

A socket writes only the newest count it has not written yet (`newest`), and the pace follows
the sockets (`Backlog`): while this worker's sockets need longer than the interval to get a
count, the next one waits twice that long. Otherwise, with thousands of sockets, counts pile up
in their queues in front of the result.
"""

import asyncio
import json
import logging
import time
from dataclasses import dataclass

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from meetings.live.events import group_name
from voting.live import progress_message
from voting.models import Ballot

logger = logging.getLogger(__name__)

pending: set[int] = set()
# Per process: the highest count heard of each ballot, with its message text.
latest: dict[int, tuple[int, str]] = {}
# Per process: ballots closed or annulled here. Counts still queued for their sockets are
# dropped: with thousands of sockets they would hold up the result behind them.
finished: dict[int, None] = {}
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


backlog = Backlog()


def progress_for(ballot_id: int) -> tuple[int, tuple[str, ...], dict] | None:
    """The meeting, the audiences and the channel-layer message, or None once the ballot is not
    open."""
    ballot = Ballot.objects.select_related("item").filter(pk=ballot_id).first()
    if ballot is None or ballot.state != Ballot.State.OPEN:
        return None
    audiences = ("staff", "members", "public") if ballot.item.is_public else ("staff", "members")
    message = progress_message(ballot)
    text = json.dumps(message, separators=(",", ":"))
    layer_message = {
        "type": "session.progress",
        "ballot": ballot_id,
        "voted": message["voted"],
        "text": text,
        "sent": time.time(),
    }
    return ballot.meeting_id, audiences, layer_message


def newest(message: dict) -> tuple[int, str] | None:
    """The highest count of the message's ballot this process has heard, with its text; None
    once the ballot closed here."""
    backlog.heard(message["sent"])
    ballot, voted = message["ballot"], message["voted"]
    if ballot in finished:
        return None
    known = latest.get(ballot)
    if known is None or voted > known[0]:
        latest.pop(ballot, None)
        latest[ballot] = known = (voted, message["text"])
        if len(latest) > REMEMBERED_BALLOTS:
            latest.pop(next(iter(latest)))
    return known


def stop(ballot_id: int) -> None:
    """The ballot has closed or was annulled: no more counts of it from this process."""
    finished[ballot_id] = None
    if len(finished) > REMEMBERED_BALLOTS:
        finished.pop(next(iter(finished)))


def is_news(message: dict) -> bool:
    """Whether the count is higher than any this process has heard of its ballot. One the
    sockets have (sent by this worker or another) is not sent again: with thousands of sockets a
    count costs a worker most of a second. A new one is remembered, so that this worker's
    sockets still behind skip to it at once."""
    known = latest.get(message["ballot"])
    if known is not None and known[0] >= message["voted"]:
        return False
    return newest(message) is not None


async def send(ballot_id: int) -> None:
    found = await database_sync_to_async(progress_for)(ballot_id)
    if found is None:
        return
    meeting_id, audiences, message = found
    if not is_news(message):
        return
    layer = get_channel_layer()
    for audience in audiences:
        await layer.group_send(group_name(meeting_id, audience), message)


async def schedule(ballot_id: int) -> None:
    """Send the ballot's progress soon; casts arriving meanwhile ride along with it."""
    interval = settings.VOTE_PROGRESS_INTERVAL
    if interval <= 0:
        await send(ballot_id)
        return
    if ballot_id in pending:
        return
    pending.add(ballot_id)
    asyncio.get_running_loop().call_later(
        backlog.interval(interval), lambda: asyncio.ensure_future(flush(ballot_id))
    )


async def flush(ballot_id: int) -> None:
    pending.discard(ballot_id)
    try:
        await send(ballot_id)
    except Exception:
        # Redis or the database away for a moment: the next cast sends progress again, and the
        # votes themselves are safe. Nothing waits for this task, so it must not fail silently.
        logger.warning("Progress of ballot %s not sent", ballot_id, exc_info=True)


def send_now(ballot_id: int) -> None:
    """For a cast by plain form, in a synchronous view: reads in this thread (and transaction),
    only the sending goes through the event loop."""
    found = progress_for(ballot_id)
    if found is None:
        return
    meeting_id, audiences, message = found
    if not is_news(message):
        return
    layer = get_channel_layer()
    for audience in audiences:
        async_to_sync(layer.group_send)(group_name(meeting_id, audience), message)
