"""A socket that sends too much is closed: a message over 16 KiB at once (4413), a flood after
a few rate-limit warnings (4429)."""

import json

import pytest

from tests.live.sockets import TIMEOUT, receive_until_closed

pytestmark = pytest.mark.django_db(transaction=True)


async def test_message_over_16_kib_closes_the_socket(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member)

    await socket.send_to(text_data=json.dumps({"type": "hello", "pad": "x" * 16 * 1024}))

    messages, code = await receive_until_closed(socket)
    assert (messages, code) == ([], 4413)


async def test_message_just_under_16_kib_is_answered(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member)
    message = json.dumps({"type": "no.such", "pad": ""})

    await socket.send_to(text_data=message[:-2] + "x" * (16 * 1024 - len(message)) + '"}')

    error = await socket.receive_json_from(timeout=TIMEOUT)
    assert error["code"] == "invalid"


async def test_binary_message_closes_the_socket(sockets, running):
    socket, _snapshot = await sockets.open(running.pk)

    await socket.send_to(bytes_data=b"\x00\x01")

    _messages, code = await receive_until_closed(socket)
    assert code == 4413


async def test_flood_is_rate_limited_and_finally_closed(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member)

    for number in range(200):
        await socket.send_json_to({"type": "no.such", "request_id": number})
    messages, code = await receive_until_closed(socket)

    limited = [m for m in messages if m["code"] == "rate_limited"]
    assert code == 4429
    assert len([m for m in messages if m["code"] == "invalid"]) >= 20  # the burst, and refills
    assert len(limited) == 19
    # A refusal names the request it refuses, so that the client knows which one to send again.
    assert limited[0]["request_id"] == 20


async def test_a_burst_of_twenty_passes(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member)

    for number in range(20):
        await socket.send_json_to({"type": "no.such", "request_id": number})

    answers = [await socket.receive_json_from(timeout=TIMEOUT) for _ in range(20)]
    assert {a["code"] for a in answers} == {"invalid"}
    assert [a["request_id"] for a in answers] == list(range(20))
