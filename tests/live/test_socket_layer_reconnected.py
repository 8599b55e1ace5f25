"""When the Redis layer was away, its events of that time never came: each socket of the worker
gets the state as it is now (config.channel_layer sends `layer.reconnected`)."""

import pytest
from channels.layers import get_channel_layer

from meetings.live.fanout import group_name
from tests.live.sockets import TIMEOUT, act

pytestmark = pytest.mark.django_db(transaction=True)


async def test_socket_gets_a_fresh_snapshot_after_the_layer_reconnected(sockets, running, clerk):
    socket, before = await sockets.open(running.pk)
    missed = await act(clerk, running.pk, "meeting.interrupt", reason="Technik")
    await socket.receive_json_from(timeout=TIMEOUT)  # the event, here (no Redis in this test)

    await get_channel_layer().group_send(
        group_name(running.pk, "public", "de"), {"type": "layer.reconnected"}
    )

    snapshot = await socket.receive_json_from(timeout=TIMEOUT)
    assert snapshot["type"] == "snapshot"
    assert snapshot["seq"] == missed.seq > before["seq"]
