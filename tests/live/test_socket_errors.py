"""Requests over the socket are answered with `ack` or `error`: the request's id, a code and a
message in the socket's language; nothing a client sends closes the socket by mistake."""

import pytest

from meetings.models import Meeting
from tests.live.sockets import TIMEOUT, run

pytestmark = pytest.mark.django_db(transaction=True)

UNKNOWN = {"de": "Unbekannte Anfrage.", "en": "Unknown request."}


async def answer(socket, message):
    await socket.send_json_to(message)
    return await socket.receive_json_from(timeout=TIMEOUT)


async def test_request_is_acknowledged_with_its_seq(sockets, meeting, clerk):
    socket, _snapshot = await sockets.open(meeting.pk, clerk)

    await socket.send_json_to({"type": "meeting.start", "request_id": "r1"})

    # The ack and the event travel separately; a client must not rely on their order.
    received = {
        m["type"]: m for m in [await socket.receive_json_from(timeout=TIMEOUT) for _ in "12"]
    }
    assert received["ack"] == {"type": "ack", "request_id": "r1", "seq": 1}
    assert (received["meeting"]["op"], received["meeting"]["seq"]) == ("started", 1)
    assert (await run(Meeting.objects.get, pk=meeting.pk)).state == "running"


async def test_error_repeats_the_request_id_with_a_code(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member)

    error = await answer(socket, {"type": "meeting.close", "request_id": 7})

    assert (error["type"], error["request_id"], error["code"]) == ("error", 7, "forbidden")
    assert error["message"] == "Das dürfen Sie in dieser Sitzung nicht."


@pytest.mark.parametrize("language", ["de", "en"])
async def test_language_cookie_chooses_the_message_language(sockets, running, language):
    socket, _snapshot = await sockets.open(running.pk, cookies=[f"django_language={language}"])

    error = await answer(socket, {"type": "no.such", "request_id": "x"})

    assert (error["code"], error["message"]) == ("invalid", UNKNOWN[language])


async def test_accept_language_chooses_english(sockets, running):
    socket, _snapshot = await sockets.open(
        running.pk, headers=[(b"accept-language", b"en-GB,en;q=0.9,de;q=0.5")]
    )

    error = await answer(socket, {"type": "no.such", "request_id": "x"})

    assert error["message"] == UNKNOWN["en"]


async def test_cookie_wins_over_accept_language(sockets, running):
    socket, _snapshot = await sockets.open(
        running.pk, cookies=["django_language=de"], headers=[(b"accept-language", b"en")]
    )

    error = await answer(socket, {"type": "no.such"})

    assert error["message"] == UNKNOWN["de"]


async def test_logged_in_member_gets_errors_in_their_cookie_language(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member, cookies=["django_language=en"])

    error = await answer(socket, {"type": "speakers.request", "kind": "rant", "request_id": "q"})

    assert (error["code"], error["message"]) == (
        "invalid",
        "The field “kind” is missing or not valid.",
    )


async def test_malformed_json_is_invalid_and_the_socket_stays_open(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member)

    await socket.send_to(text_data="{not json")
    error = await socket.receive_json_from(timeout=TIMEOUT)
    replay = await answer(socket, {"type": "hello", "last_seq": 0})

    assert (error["type"], error["code"], error["request_id"]) == ("error", "invalid", None)
    assert (replay["type"], replay["op"], replay["seq"]) == ("meeting", "started", 1)


async def test_json_that_is_not_an_object_is_invalid(sockets, running):
    socket, _snapshot = await sockets.open(running.pk)

    await socket.send_to(text_data="[1, 2, 3]")

    error = await socket.receive_json_from(timeout=TIMEOUT)
    assert (error["code"], error["request_id"]) == ("invalid", None)


async def test_overlong_request_id_is_not_echoed(sockets, running):
    socket, _snapshot = await sockets.open(running.pk)

    error = await answer(socket, {"type": "no.such", "request_id": "r" * 65})

    assert (error["code"], error["request_id"]) == ("invalid", None)


async def test_anonymous_request_is_forbidden(sockets, running, secret_item):
    socket, _snapshot = await sockets.open(running.pk)

    error = await answer(
        socket, {"type": "conflict.declare", "item": secret_item.pk, "request_id": 1}
    )

    assert error["code"] == "forbidden"
