"""The requester's acknowledgement goes out before the fan-out to every other socket: the chair's
screen confirms at once, however many pages follow the meeting."""

import pytest

from meetings.live import fanout
from tests.live.sockets import TIMEOUT

pytestmark = pytest.mark.django_db(transaction=True)


async def test_the_ack_is_on_its_way_before_the_event_goes_to_the_groups(
    sockets, running, chair, public_item, monkeypatch
):
    chair_socket, _snapshot = await sockets.open(running.pk, chair)
    public_socket, _public = await sockets.open(running.pk)
    released = []
    release = fanout.release

    async def watched(messages):
        # What the chair's socket had been handed when the fan-out began.
        released.append((len(messages), chair_socket.output_queue.qsize()))
        await release(messages)

    monkeypatch.setattr(fanout, "release", watched)

    await chair_socket.send_json_to(
        {"type": "agenda.call", "item": public_item.pk, "request_id": 1}
    )

    ack = await chair_socket.receive_json_from(timeout=TIMEOUT)
    assert ack["type"] == "ack"
    event = await public_socket.receive_json_from(timeout=TIMEOUT)
    assert (event["type"], event["seq"]) == ("agenda", ack["seq"])
    [(held, queued_before)] = released
    assert held >= 2  # the groups followed: staff and public, in German (with Redis: all)
    assert queued_before == 1  # the ack, and nothing else yet
