"""A request over the socket while the database is away gets the `unavailable` error: the same
request may be sent again, and the socket stays open."""

import pytest
from django import db

from meetings.live import protocol
from tests.live.sockets import TIMEOUT

pytestmark = pytest.mark.django_db(transaction=True)


def outage(*args, **kwargs):
    raise db.OperationalError("connection refused")


async def test_request_while_the_database_is_away_is_answered_unavailable(
    sockets, running, clerk, monkeypatch
):
    socket, _snapshot = await sockets.open(running.pk, clerk)
    monkeypatch.setattr(protocol, "handle", outage)

    await socket.send_json_to({"type": "meeting.interrupt", "reason": "x", "request_id": "r1"})

    error = await socket.receive_json_from(timeout=TIMEOUT)
    assert (error["type"], error["request_id"], error["code"]) == ("error", "r1", "unavailable")
    assert "vorübergehend nicht verfügbar" in error["message"]


async def test_socket_answers_again_once_the_database_is_back(sockets, running, clerk, monkeypatch):
    socket, _snapshot = await sockets.open(running.pk, clerk)
    handle = protocol.handle
    monkeypatch.setattr(protocol, "handle", outage)
    await socket.send_json_to({"type": "meeting.interrupt", "reason": "x", "request_id": "r1"})
    await socket.receive_json_from(timeout=TIMEOUT)
    monkeypatch.setattr(protocol, "handle", handle)

    await socket.send_json_to({"type": "no.such", "request_id": "r2"})

    error = await socket.receive_json_from(timeout=TIMEOUT)
    assert (error["request_id"], error["code"]) == ("r2", "invalid")
