"""The one place that sends to channel groups: a meeting's events and ballot counts to the
sockets of each audience, and the order to close a user's sockets.

Each audience of a meeting is one group, so that a message is serialized once per audience and
the channel layer copies it to every socket of that group; a socket never joins a group whose
messages it may not see.
"""

import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.dispatch import receiver

from meetings.session.events import AUDIENCES, event_committed, message_for


def group_name(meeting_id: int, audience: str) -> str:
    return f"meeting-{meeting_id}-{audience}"


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


@receiver(event_committed)
def publish(sender, event, **kwargs) -> None:
    """One group message per audience, serialized once here rather than once per socket."""
    for audience in AUDIENCES:
        send(
            group_name(event.meeting_id, audience),
            {
                "type": "session.event",
                "text": encode(message_for(event, audience)),
                "finished": finished_ballot(event),
            },
        )


def close_sockets_of(user_id: int) -> None:
    send(user_group(user_id), {"type": "session.close"})
