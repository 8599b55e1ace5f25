"""The in-memory layer sweeps for expired messages at most once a second, and still expires them."""

import time

import pytest

from config.channel_layer import InMemoryChannelLayer


@pytest.fixture
def layer():
    return InMemoryChannelLayer(expiry=0.01)


async def test_messages_still_expire_once_the_sweep_is_due(layer):
    await layer.send("expiring", {"type": "x"})
    time.sleep(0.02)
    layer.swept = 0.0

    layer._clean_expired()

    assert "expiring" not in layer.channels


async def test_a_second_sweep_within_the_interval_does_nothing(layer):
    layer._clean_expired()
    await layer.send("expiring", {"type": "x"})
    time.sleep(0.02)

    layer._clean_expired()

    assert "expiring" in layer.channels


async def test_group_broadcast_reaches_every_member(layer):
    names = [await layer.new_channel() for _ in range(50)]
    for name in names:
        await layer.group_add("everyone", name)

    await layer.group_send("everyone", {"type": "hello"})

    assert [(await layer.receive(name))["type"] for name in names] == ["hello"] * 50
