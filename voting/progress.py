"""Coalesced progress of open ballots: at most a few messages per second per ballot and worker,
however many votes arrive. Progress carries no seq: it is not an event, only a count.

The websocket consumer schedules it on its event loop after acknowledging a cast; the plain form
sends it at once (few members vote without JavaScript).
"""

import asyncio
import json
import logging

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from meetings.live.events import group_name
from voting.live import progress_message
from voting.models import Ballot

logger = logging.getLogger(__name__)

pending: set[int] = set()


def progress_for(ballot_id: int) -> tuple[int, tuple[str, ...], str] | None:
    """The meeting, the audiences and the message text, or None once the ballot is not open."""
    ballot = Ballot.objects.select_related("item").filter(pk=ballot_id).first()
    if ballot is None or ballot.state != Ballot.State.OPEN:
        return None
    audiences = ("staff", "members", "public") if ballot.item.is_public else ("staff", "members")
    text = json.dumps(progress_message(ballot), separators=(",", ":"))
    return ballot.meeting_id, audiences, text


async def send(ballot_id: int) -> None:
    found = await database_sync_to_async(progress_for)(ballot_id)
    if found is None:
        return
    meeting_id, audiences, text = found
    layer = get_channel_layer()
    for audience in audiences:
        await layer.group_send(
            group_name(meeting_id, audience), {"type": "session.event", "text": text}
        )


async def schedule(ballot_id: int) -> None:
    """Send the ballot's progress soon; casts arriving meanwhile ride along with it."""
    interval = settings.VOTE_PROGRESS_INTERVAL
    if interval <= 0:
        await send(ballot_id)
        return
    if ballot_id in pending:
        return
    pending.add(ballot_id)
    asyncio.get_running_loop().call_later(interval, lambda: asyncio.ensure_future(flush(ballot_id)))


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
    meeting_id, audiences, text = found
    layer = get_channel_layer()
    for audience in audiences:
        async_to_sync(layer.group_send)(
            group_name(meeting_id, audience), {"type": "session.event", "text": text}
        )
