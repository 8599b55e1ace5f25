"""The one place that sends to channel groups: a meeting's events and ballot counts to the
sockets of each audience, and the order to close a user's sockets.

Each audience and language of a meeting is one group. An event is rendered and serialized once
per group, while the service that records it still holds the meeting's lock, so that its regions
show the state exactly as of its `seq` (`regions.render_changed`); the channel layer copies the
text to every socket of the group. A socket never joins a group whose messages it may not see.

The messages go out after the commit. A socket's own request holds them back (`held`) until its
acknowledgement is on the way: the chair's screen confirms at once, whatever the crowd.
"""

import json
from contextvars import ContextVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from meetings.live.regions import event_state, render_changed
from meetings.session.events import AUDIENCES, event_recorded, message_for

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# Set by the consumer around a request of its socket: the messages wait there until it has
# sent its acknowledgement.
held: ContextVar[list | None] = ContextVar("held", default=None)


def group_name(meeting_id: int, audience: str, language: str) -> str:
    return f"meeting-{meeting_id}-{audience}-{language}"


def audience_groups(meeting_id: int, audiences) -> list[str]:
    return [group_name(meeting_id, a, language) for a in audiences for language in LANGUAGES]


def user_group(user_id: int) -> str:
    """Every socket of one user, so that they can be closed together."""
    return f"user-{user_id}"


def encode(message: dict) -> str:
    return json.dumps(message, separators=(",", ":"))


def send(group: str, message: dict) -> None:
    """From synchronous code (a view, a service's commit)."""
    async_to_sync(get_channel_layer().group_send)(group, message)


async def send_async(group: str, message: dict) -> None:
    await get_channel_layer().group_send(group, message)


def finished_ballot(event) -> int | None:
    """The ballot an event ends (closed or annulled): its counts still queued are dropped."""
    if event.type == "ballot" and event.op in ("closed", "annulled"):
        return event.data["ballot"]
    return None


def outbox(event, meeting) -> list[tuple[str, dict]]:
    """The event as each audience and language gets it: its data and the regions it changed,
    or a bare `skip` for an audience that may not see it."""
    messages = []
    layer = get_channel_layer()
    finished = finished_ballot(event)
    # Staff and members see the same state (their regions differ): it is read once for both.
    states = {}
    for audience in AUDIENCES:
        message = message_for(event, audience)
        if message["type"] != "skip":
            seen_as = "public" if audience == "public" else "insiders"
            if seen_as not in states:
                states[seen_as] = event_state(meeting, audience, message["state"])
        for language in LANGUAGES:
            group = group_name(event.meeting_id, audience, language)
            # A group nobody follows is left out. Safe in the one process of the in-memory
            # layer: a socket that joins meanwhile reads its snapshot on this same database
            # thread, after this commit; with Redis every group counts as followed.
            if not layer.has_members(group):
                continue
            if message["type"] != "skip":
                regions = render_changed(
                    meeting, audience, language, message["state"], states[seen_as]
                )
                text = encode({**message, "regions": regions})
            else:
                text = encode(message)
            layer_message = {"type": "session.event", "text": text, "finished": finished}
            messages.append((group, layer_message))
    return messages


@receiver(event_recorded)
def relay(sender, event, meeting, **kwargs) -> None:
    messages = outbox(event, meeting)
    # Robust: the change is committed whether or not Redis takes the message now; a client that
    # missed it resyncs (a gap in seq, a reconnect, `layer.reconnected`).
    transaction.on_commit(lambda: publish(messages), robust=True)


def publish(messages: list[tuple[str, dict]]) -> None:
    waiting = held.get()
    if waiting is not None:
        waiting.extend(messages)
        return
    for group, message in messages:
        send(group, message)


async def release(messages: list[tuple[str, dict]]) -> None:
    """Send what a socket's request held back, now that its acknowledgement is out."""
    for group, message in messages:
        await send_async(group, message)


def close_sockets_of(user_id: int) -> None:
    send(user_group(user_id), {"type": "session.close"})
