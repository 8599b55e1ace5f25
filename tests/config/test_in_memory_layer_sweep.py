"""The in-memory layer sweeps at most once a second and still expires messages; a group message
is put into each queue in one loop, and a queue stays while its consumer waits on it."""

import asyncio
import random
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


async def test_a_queue_a_consumer_waits_on_stays_through_the_sweep(layer):
    waiting = asyncio.create_task(layer.receive("listening"))
    await asyncio.sleep(0)
    layer.swept = 0.0

    layer._clean_expired()
    await layer.send("listening", {"type": "hello"})

    assert (await asyncio.wait_for(waiting, 1))["type"] == "hello"


async def test_the_sweep_drops_empty_queues_nobody_waits_on(layer):
    await layer.send("gone", {"type": "x"})
    await layer.receive("gone")
    layer.swept = 0.0

    layer._clean_expired()

    assert "gone" not in layer.channels


async def test_a_full_queue_misses_a_group_message_and_the_others_get_it():
    layer = InMemoryChannelLayer(capacity=1)
    for name in ("stuck", "reading"):
        await layer.group_add("everyone", name)
    await layer.send("stuck", {"type": "first"})

    await layer.group_send("everyone", {"type": "second"})

    assert (await layer.receive("reading"))["type"] == "second"
    assert (await layer.receive("stuck"))["type"] == "first"
    assert layer.channels["stuck"].empty()


async def test_channel_names_differ_even_when_random_is_seeded(layer):
    random.seed(7)
    first = await layer.new_channel()
    random.seed(7)

    assert await layer.new_channel() != first
