"""Helpers for the websocket tests: log in, open a meeting's socket, read what arrives.

Everything that touches the database from an async test goes through `database_sync_to_async`,
as the consumer's own calls do. Timeouts are generous: with Redis pub/sub a message may take a
moment, and no assertion here depends on a sleep.
"""

import asyncio
import contextlib
import json

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from meetings.live import protocol

TIMEOUT = 5
ORIGIN = (b"origin", b"http://testserver")


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Sockets:
    """Opens sockets on the project's ASGI application and closes every one after the test."""

    def __init__(self, application):
        self.application = application
        self.opened = []

    async def open(self, meeting_id, user=None, *, cookies=(), headers=(), page=False, query=""):
        """A connected socket of `user` (anonymous if None) and the snapshot it got first;
        `page` connects as the live page does, for rendered regions; `query` adds to the URL."""
        communicator, (connected, code) = await self.try_to_connect(
            meeting_id, user, cookies=cookies, headers=headers, page=page, query=query
        )
        assert connected, f"socket refused with {code}"
        snapshot = await communicator.receive_json_from(timeout=TIMEOUT)
        assert snapshot["type"] == "snapshot", snapshot
        return communicator, snapshot

    async def refusal(self, meeting_id, user=None) -> int:
        """The close code of a socket that may not connect."""
        _communicator, (connected, code) = await self.try_to_connect(meeting_id, user)
        assert not connected
        return code

    async def try_to_connect(
        self, meeting_id, user=None, *, cookies=(), headers=(), page=False, query=""
    ):
        cookies = list(cookies)
        if user is not None:
            cookies.append(await database_sync_to_async(session_cookie)(user))
        extra = [(b"cookie", "; ".join(cookies).encode())] if cookies else []
        communicator = WebsocketCommunicator(
            self.application,
            f"/ws/meetings/{meeting_id}/?" + "&".join(filter(None, [page and "view=page", query])),
            headers=[ORIGIN, *extra, *headers],
        )
        self.opened.append(communicator)
        return communicator, await communicator.connect(timeout=TIMEOUT)

    async def close_all(self):
        for communicator in self.opened:
            # Some were closed by the server or the test already.
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await communicator.disconnect(timeout=TIMEOUT)


async def act(user, meeting_id, type, **fields):
    """A request carried out as the socket would, in a thread with its own database access."""
    return await database_sync_to_async(protocol.handle)(user, meeting_id, {"type": type, **fields})


async def run(function, *args, **kwargs):
    return await database_sync_to_async(function)(*args, **kwargs)


async def receive_until_seq(communicator, seq) -> list[dict]:
    """Every message up to and including the one with sequence number `seq`."""
    messages = []
    while not messages or messages[-1].get("seq") != seq:
        messages.append(await communicator.receive_json_from(timeout=TIMEOUT))
    return messages


async def receive_until_closed(communicator) -> tuple[list[dict], int]:
    """The messages sent before the server closed the socket, and the close code."""
    messages = []
    while True:
        output = await communicator.receive_output(timeout=TIMEOUT)
        if output["type"] == "websocket.close":
            return messages, output.get("code")
        messages.append(json.loads(output["text"]))
