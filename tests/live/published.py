"""What an event sends to the sockets, caught before the channel layer."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from meetings.live import fanout
from meetings.session.events import AUDIENCES


def published(capture_on_commit, meeting_id: int, action) -> dict[tuple[str, str], str]:
    """The text each audience and language gets of the event(s) `action` records, with a
    socket following each of them (nothing is rendered for a group nobody follows)."""
    layer, follower = get_channel_layer(), "follower.inmemory!published"
    # With Redis every group counts as followed; the in-memory layer needs a follower in each.
    groups = [g for g in fanout.audience_groups(meeting_id, AUDIENCES) if not layer.has_members(g)]
    for group in groups:
        async_to_sync(layer.group_add)(group, follower)
    held: list = []
    token = fanout.held.set(held)
    try:
        with capture_on_commit(execute=True):
            action()
    finally:
        fanout.held.reset(token)
        for group in groups:
            async_to_sync(layer.group_discard)(group, follower)
    texts = {}
    for group, message in held:
        _meeting, audience, language = group.rsplit("-", 2)
        texts[(audience, language)] = message["text"]
    return texts
