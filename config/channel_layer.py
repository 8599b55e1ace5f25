"""The channel layers: in-memory for a single process, made linear for big meetings; Redis
pub/sub for several workers, telling the consumers when Redis was away."""

import time

from channels import layers
from channels_redis import pubsub
from redis.asyncio.client import PubSub

RECONNECTED = {"type": "layer.reconnected"}


class InMemoryChannelLayer(layers.InMemoryChannelLayer):
    """Channels' in-memory layer, sweeping for expired messages at most once a second.

    The original sweeps every channel and every group on each send and receive: a broadcast to
    3,000 sockets then costs 3,000 sweeps over 3,000 channels, and a vote's result needed half a
    minute to reach them all. Messages still expire (after a minute by default); they are only
    found a second later at most.
    """

    sweep_interval = 1.0
    swept = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now - self.swept < self.sweep_interval:
            return
        self.swept = now
        super()._clean_expired()


class RedisPubSubChannelLayer(pubsub.RedisPubSubChannelLayer):
    """channels_redis' pub/sub layer, which says when its subscriptions came back after Redis
    was unreachable (restarted, the network dropped): every channel of this process then gets
    `layer.reconnected`.

    Redis pub/sub keeps nothing for a subscriber that is away, so the events of that time never
    reach the sockets of this process; the consumers resync them from the database."""

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
