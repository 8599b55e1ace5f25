"""The meeting's socket accepts only pages of this site: a foreign or missing Origin is refused
before anything else (Channels' AllowedHostsOriginValidator), so another site cannot open a
socket with a member's cookies."""

import pytest
from channels.testing import WebsocketCommunicator

from tests.live.sockets import TIMEOUT, run, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(meeting_id, headers):
    from config.asgi import application

    socket = WebsocketCommunicator(application, f"/ws/meetings/{meeting_id}/", headers=headers)
    connected, _code = await socket.connect(timeout=TIMEOUT)
    if connected:
        await socket.disconnect()
    return connected


async def test_foreign_origin_is_refused_even_with_a_members_cookie(running, member):
    cookie = await run(session_cookie, member)

    connected = await connect(
        running.pk, [(b"origin", b"https://evil.example"), (b"cookie", cookie.encode())]
    )

    assert not connected


async def test_missing_origin_is_refused(running):
    assert not await connect(running.pk, [])


async def test_own_origin_is_accepted(running):
    assert await connect(running.pk, [(b"origin", b"http://testserver")])
