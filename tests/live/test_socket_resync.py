"""A client that lost its connection says `hello` with its last seq and gets exactly what it
missed, as its audience may see it; too far behind, it gets a fresh snapshot."""

import pytest

from meetings.live import snapshot
from tests.live.sockets import TIMEOUT, act, receive_until_seq

pytestmark = pytest.mark.django_db(transaction=True)


async def three_changes(running, clerk, chair, others):
    await act(clerk, running.pk, "attendance.mark", person=chair.person.pk, state="hall")
    await act(clerk, running.pk, "attendance.mark", person=others[0].person.pk, state="remote")
    await act(chair, running.pk, "meeting.interrupt", reason="Lüften")


async def test_hello_after_a_drop_returns_exactly_the_missed_events(
    sockets, running, clerk, chair, member, others
):
    first, before = await sockets.open(running.pk, member)
    await first.disconnect()
    await three_changes(running, clerk, chair, others)
    again, after = await sockets.open(running.pk, member)

    await again.send_json_to({"type": "hello", "last_seq": before["seq"]})

    replayed = [await again.receive_json_from(timeout=TIMEOUT) for _ in range(3)]
    assert [m["seq"] for m in replayed] == [before["seq"] + 1, before["seq"] + 2, before["seq"] + 3]
    assert [(m["type"], m["op"]) for m in replayed] == [
        ("attendance", "marked"),
        ("attendance", "marked"),
        ("meeting", "interrupted"),
    ]
    assert after["seq"] == before["seq"] + 3
    assert await again.receive_nothing(timeout=0.5)


async def test_replayed_events_are_those_of_the_audience(
    sockets, running, clerk, chair, secret_item
):
    await act(chair, running.pk, "agenda.call", item=secret_item.pk)
    await act(clerk, running.pk, "agenda.status", item=secret_item.pk, status="done")
    public, _snapshot = await sockets.open(running.pk)

    await public.send_json_to({"type": "hello", "last_seq": 1})

    called, status = [await public.receive_json_from(timeout=TIMEOUT) for _ in range(2)]
    assert called["state"]["current"] == {"item": None, "non_public": True}
    assert status == {"type": "skip", "seq": 3}


async def test_hello_without_a_number_gets_a_snapshot(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member)

    await socket.send_json_to({"type": "hello", "last_seq": "zwölf"})

    answer = await socket.receive_json_from(timeout=TIMEOUT)
    assert (answer["type"], answer["seq"]) == ("snapshot", 1)


async def test_client_far_behind_gets_a_snapshot_instead(
    sockets, running, clerk, chair, member, monkeypatch
):
    monkeypatch.setattr(snapshot, "MAX_REPLAY", 2)
    socket, _snapshot = await sockets.open(running.pk, member)
    for state in ["hall", "absent", "hall"]:
        await act(clerk, running.pk, "attendance.mark", person=chair.person.pk, state=state)
    await receive_until_seq(socket, 4)

    await socket.send_json_to({"type": "hello", "last_seq": 1})

    answer = await socket.receive_json_from(timeout=TIMEOUT)
    assert (answer["type"], answer["seq"]) == ("snapshot", 4)
    assert await socket.receive_nothing(timeout=0.5)


async def test_open_socket_gets_events_in_order_as_they_commit(
    sockets, running, clerk, chair, others
):
    socket, snapshot_message = await sockets.open(running.pk)

    await three_changes(running, clerk, chair, others)

    received = await receive_until_seq(socket, snapshot_message["seq"] + 3)
    assert [m["seq"] for m in received] == [2, 3, 4]
    assert received[-1]["state"]["meeting"]["interruption"]["reason"] == "Lüften"
