"""The Redis layer tells every channel of its process when its subscriptions came back, so that
the consumers resync the events that Redis pub/sub dropped meanwhile."""

import asyncio

from config.channel_layer import RECONNECTED, RedisPubSubChannelLayer

NOWHERE = "redis://127.0.0.1:1/0"  # never connected to: these tests stay in the process


def layer_with_channels(*names):
    layer = RedisPubSubChannelLayer(hosts=[NOWHERE])
    loop_layer = layer._get_layer()
    loop_layer.channels = {name: asyncio.Queue() for name in names}
    return layer, loop_layer


async def test_every_channel_hears_that_the_subscriptions_came_back():
    layer, loop_layer = layer_with_channels("a", "b")
    shard = loop_layer._shards[0]
    shard._ensure_redis()

    await shard._pubsub.on_connect(None)  # what redis-py calls after a reconnect

    heard = [layer.deserialize(queue.get_nowait()) for queue in loop_layer.channels.values()]
    assert heard == [RECONNECTED, RECONNECTED]
