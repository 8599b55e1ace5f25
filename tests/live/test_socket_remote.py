"""A remote member's socket: joining the video room makes them present remotely, and a socket
that drops while they are remote leaves them disconnected, not absent."""

import pytest

from meetings.models import Attendance
from tests.live.sockets import TIMEOUT, act, receive_until_seq, run

pytestmark = pytest.mark.django_db(transaction=True)


async def state_of(meeting, user):
    return await run(lambda: Attendance.objects.get(meeting=meeting, person__user=user).state)


async def joined(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member)
    await socket.send_json_to({"type": "remote.joined", "request_id": "j"})
    received = {m["type"] for m in [await socket.receive_json_from(timeout=TIMEOUT) for _ in "12"]}
    assert received == {"ack", "attendance"}
    return socket


async def test_remote_member_whose_socket_drops_is_disconnected(sockets, running, member):
    socket = await joined(sockets, running, member)

    await socket.disconnect()

    assert await state_of(running, member) == "disconnected"


async def test_others_see_the_member_disconnected(sockets, running, member):
    public, _snapshot = await sockets.open(running.pk)
    socket = await joined(sockets, running, member)

    await socket.disconnect()

    _joined, dropped = await receive_until_seq(public, 3)
    assert (dropped["type"], dropped["op"]) == ("attendance", "disconnected")
    row = next(r for r in dropped["state"]["attendance"] if r["name"] == "Birgit Schwarz")
    assert row["state"] == "disconnected"


async def test_reconnected_member_is_remote_again(sockets, running, member):
    await (await joined(sockets, running, member)).disconnect()

    await joined(sockets, running, member)

    assert await state_of(running, member) == "remote"


async def test_member_who_left_the_room_first_is_not_disconnected_again(sockets, running, member):
    socket = await joined(sockets, running, member)
    await socket.send_json_to({"type": "remote.left", "request_id": "l"})
    await receive_until_seq(socket, 3)

    await socket.disconnect()

    assert await state_of(running, member) == "disconnected"
    assert await run(running.events.count) == 3


async def test_socket_of_a_member_marked_in_the_hall_changes_nothing_when_it_drops(
    sockets, running, clerk, member
):
    await act(clerk, running.pk, "attendance.mark", person=member.person.pk, state="hall")
    socket, _snapshot = await sockets.open(running.pk, member)

    await socket.disconnect()

    assert await state_of(running, member) == "hall"
    assert await run(running.events.count) == 2


async def test_member_in_the_hall_cannot_join_remotely(sockets, running, clerk, member):
    await act(clerk, running.pk, "attendance.mark", person=member.person.pk, state="hall")
    socket, _snapshot = await sockets.open(running.pk, member)

    await socket.send_json_to({"type": "remote.joined", "request_id": "j"})

    error = await socket.receive_json_from(timeout=TIMEOUT)
    assert (error["code"], error["message"]) == (
        "conflict",
        "Sie sind als im Saal anwesend erfasst.",
    )
    await socket.disconnect()
    assert await state_of(running, member) == "hall"
