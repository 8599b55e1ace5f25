"""The channel layers: in-memory for a single process, made linear for big meetings; Redis
pub/sub for several workers, telling the consumers when Redis was away."""

import asyncio
import contextlib
import secrets
import time
from copy import deepcopy

from channels import layers
from channels.exceptions import ChannelFull
from channels_redis import pubsub
from redis.asyncio.client import PubSub

RECONNECTED = {"type": "layer.reconnected"}


class InMemoryChannelLayer(layers.InMemoryChannelLayer):
    """Channels' in-memory layer, made linear for big meetings.

    The original sweeps every channel and every group on each send and receive: a broadcast to
    3,000 sockets then costs 3,000 sweeps over 3,000 channels, and a vote's result needed half a
    minute to reach them all. Here the sweep runs at most once a second; messages still expire
    (after a minute by default), they are only found a second later at most.

    The original also starts a task per member of a group for each group message, builds a new
    queue on every send and receive (thrown away unless the channel had none) and drops a
    channel's queue whenever it runs empty, so the next message builds it again. Here a group
    message is put into each member's queue in one loop, and a queue stays while its consumer
    waits on it; the sweep drops the empty ones nobody waits on (their sockets are gone).
    """

    sweep_interval = 1.0
    swept = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now - self.swept < self.sweep_interval:
            return
        self.swept = now
        super()._clean_expired()
        for channel, queue in list(self.channels.items()):
            if queue.empty() and not queue._getters:
                del self.channels[channel]

    async def new_channel(self, prefix="specific."):
        """A name from the operating system's randomness. Channels draws it from `random`, whose
        state hypothesis fixes for each example: names repeated, and a new consumer found the
        queue of one from an event loop that had ended."""
        return f"{prefix}.inmemory!{secrets.token_hex(8)}"

    def queue(self, channel: str) -> asyncio.Queue:
        queue = self.channels.get(channel)
        if queue is None:
            queue = self.channels[channel] = asyncio.Queue(maxsize=self.get_capacity(channel))
        return queue

    def put(self, channel: str, message: dict) -> None:
        if not isinstance(message, dict):
            raise TypeError("A channel message is a dict.")
        try:
            self.queue(channel).put_nowait((time.time() + self.expiry, deepcopy(message)))
        except asyncio.QueueFull:
            raise ChannelFull(channel) from None

    async def send(self, channel, message):
        self.require_valid_channel_name(channel)
        self.put(channel, message)

    async def receive(self, channel):
        self.require_valid_channel_name(channel)
        self._clean_expired()
        _expires, message = await self.queue(channel).get()
        return message

    def has_members(self, group: str) -> bool:
        """Whether a socket follows the group: all of them are in this one process. An event
        nobody follows is not rendered (in the tests, most of them: it doubled their time)."""
        return bool(self.groups.get(group))

    async def group_send(self, group, message):
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, ())):
            # A full queue belongs to a consumer that stopped reading: it misses this one.
            with contextlib.suppress(ChannelFull):
                self.put(channel, message)


class RedisPubSubChannelLayer(pubsub.RedisPubSubChannelLayer):
    """channels_redis' pub/sub layer, which says when its subscriptions came back after Redis
    was unreachable (restarted, the network dropped): every channel of this process then gets
    `layer.reconnected`.

    Redis pub/sub keeps nothing for a subscriber that is away, so the events of that time never
    reach the sockets of this process; the consumers resync them from the database."""

    def has_members(self, group: str) -> bool:
        """The group's sockets may be on any worker: as far as this one knows, it has some."""
        return True

    def _get_layer(self):
        layer = super()._get_layer()
        for shard in layer._shards:
            # channels_redis makes its shards itself; ours only adds methods, no state.
            if type(shard) is not ReportingShard:
                shard.__class__ = ReportingShard
        return layer


class ReportingShard(pubsub.RedisSingleShardConnection):
    def _ensure_redis(self):
        if self._redis is None:
            super()._ensure_redis()
            self._pubsub = ReportingPubSub(self._redis.connection_pool, shard=self)

    def reconnected(self) -> None:
        message = self.channel_layer.channel_layer.serialize(RECONNECTED)
        for queue in self.channel_layer.channels.values():
            queue.put_nowait(message)


class ReportingPubSub(PubSub):
    def __init__(self, *args, shard: ReportingShard, **kwargs):
        super().__init__(*args, **kwargs)
        self.shard = shard

    async def on_connect(self, connection):
        """redis-py calls this after a reconnect (not on the first connect), once it has
        subscribed again to every channel and group it had."""
        await super().on_connect(connection)
        self.shard.reconnected()
