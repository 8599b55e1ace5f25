"""Where Ratssaal overrides private internals of Channels and channels_redis, each for a reason
that a measurement or a failure showed (config/channel_layer.py, meetings/live/consumer.py),
the code it replaces or builds on is pinned here: an upgrade that changes it fails this test, and
whoever upgrades reads the override again before updating the fingerprint.

- `InMemoryChannelLayer` sweep, send, receive, group send, channel names: a vote's result took
  half a minute to reach 3,000 sockets; names repeated under hypothesis.
- `AsyncConsumer.dispatch`: every message hopped to the database thread; 3,000 results queued.
- `RedisPubSubChannelLayer._get_layer`, `RedisPubSubLoopLayer.__init__` (its shards and
  channels) and `RedisSingleShardConnection._ensure_redis`: the sockets must hear that Redis
  came back, to resync what they missed.
"""

import hashlib
import importlib
import inspect

import pytest

PINNED = {
    "channels.layers.InMemoryChannelLayer._clean_expired": "604032dae1cc01d2",
    "channels.layers.InMemoryChannelLayer.send": "a4dab1cd8aff886e",
    "channels.layers.InMemoryChannelLayer.receive": "e615f8ae40b60e12",
    "channels.layers.InMemoryChannelLayer.group_send": "693c3172deb6431b",
    "channels.layers.InMemoryChannelLayer.new_channel": "14ddd98667efdee8",
    "channels.consumer.AsyncConsumer.dispatch": "39f34e7d4fb0f655",
    "channels_redis.pubsub.RedisPubSubChannelLayer._get_layer": "1862b87a25ac72b2",
    "channels_redis.pubsub.RedisPubSubLoopLayer.__init__": "fd9d37e275298a58",
    "channels_redis.pubsub.RedisSingleShardConnection._ensure_redis": "ba228d3cee7116dc",
}


def source_of(path: str) -> str:
    module_name, class_name, function_name = path.rsplit(".", 2)
    owner = getattr(importlib.import_module(module_name), class_name)
    return inspect.getsource(getattr(owner, function_name))


@pytest.mark.parametrize("path", PINNED)
def test_the_internals_we_override_are_those_we_read(path):
    fingerprint = hashlib.sha256(source_of(path).encode()).hexdigest()[:16]

    assert fingerprint == PINNED[path], f"{path} changed: read our override of it again"
