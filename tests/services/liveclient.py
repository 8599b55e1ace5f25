"""A client of the meeting websocket, for the service tests and the benchmarks.

It logs in through the login form as a browser does (CSRF token, session cookie) and speaks the
JSON protocol of docs/websocket-protocol.md over the `websockets` package, so that it sees a
server exactly as other clients (a hall display, a voting tablet) do.
"""

import asyncio
import http.cookiejar
import itertools
import json
import re
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable

from websockets.asyncio.client import ClientConnection, connect

from tests import serverkit

DEMO_PASSWORD = "demo"
SESSION_COOKIE = "sessionid"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONNECT_SECONDS = 15


class LoginFailed(RuntimeError):
    pass


class RequestRefused(RuntimeError):
    """The server answered a request with an `error` message."""

    def __init__(self, reply: dict):
        super().__init__(f"{reply.get('code')}: {reply.get('message')}")
        self.reply = reply


def log_in(base_url: str, username: str, password: str = DEMO_PASSWORD) -> str:
    """Send the login form as a browser does; the value of the session cookie it got."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{base_url}/accounts/login/"
    with opener.open(login_url, timeout=30) as response:
        token = CSRF_FIELD.search(response.read().decode())
    if token is None:
        raise LoginFailed(f"{login_url} has no CSRF token")
    form = {"csrfmiddlewaretoken": token[1], "username": username, "password": password}
    request = urllib.request.Request(  # noqa: S310 (the URL is the server under test)
        login_url, data=urllib.parse.urlencode(form).encode(), headers={"Referer": login_url}
    )
    with opener.open(request, timeout=30) as response:
        landed = response.geturl()
    session = next((cookie.value for cookie in jar if cookie.name == SESSION_COOKIE), None)
    if session is None or landed.endswith("/accounts/login/"):
        raise LoginFailed(f"{username} could not log in at {base_url}")
    return session


async def log_in_all(base_url: str, usernames: list[str], *, at_once: int = 4) -> dict[str, str]:
    """Session cookies of several accounts; a few logins at a time (each hashes a password)."""
    gate = asyncio.Semaphore(at_once)

    async def one(username: str) -> str:
        async with gate:
            return await asyncio.to_thread(log_in, base_url, username)

    sessions = await asyncio.gather(*(one(username) for username in usernames))
    return dict(zip(usernames, sessions, strict=True))


def demo_meeting_id(env: dict[str, str], body: str = "Stadtrat") -> int:
    """The id of the demo's invited meeting of `body`, in the site that `env` describes."""
    code = (
        "from meetings.models import Meeting; "
        f"print(Meeting.objects.get(body__name={body!r}, state='invited').pk)"
    )
    return int(serverkit.run_python(code, env=env).splitlines()[-1])


class LiveSocket:
    """One socket of a meeting: its snapshot, and every event or skip after it with the
    `time.perf_counter()` of its arrival. Requests wait for their `ack`."""

    def __init__(
        self,
        connection: ClientConnection,
        snapshot: dict,
        *,
        label: str,
        on_event: Callable[["LiveSocket", float, dict], None] | None = None,
    ):
        self.connection, self.snapshot, self.label = connection, snapshot, label
        self.audience = snapshot["you"]["audience"]
        self.events: list[tuple[float, dict]] = []
        self.on_event = on_event
        self.replies: dict[str, asyncio.Future] = {}
        self.request_ids = itertools.count(1)
        self.arrived = asyncio.Condition()
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        async for text in self.connection:
            arrived = time.perf_counter()
            message = json.loads(text)
            if message["type"] in ("ack", "error"):
                request_id = str(message.get("request_id"))
                if request_id not in self.replies and self.replies:
                    # A `rate_limited` error names no request: the server answers one socket's
                    # requests in order, so it is the oldest one waiting.
                    request_id = next(iter(self.replies))
                reply = self.replies.pop(request_id, None)
                if reply is not None and not reply.done():
                    reply.set_result(message)
                continue
            self.events.append((arrived, message))
            if self.on_event is not None:
                self.on_event(self, arrived, message)
            async with self.arrived:
                self.arrived.notify_all()

    async def request(self, type: str, *, timeout: float = 10, **fields) -> dict:
        """Send a request; its `ack`, or RequestRefused with the server's `error`."""
        request_id = f"{self.label}-{next(self.request_ids)}"
        reply = self.replies[request_id] = asyncio.get_running_loop().create_future()
        await self.connection.send(json.dumps({"type": type, "request_id": request_id, **fields}))
        answer = await asyncio.wait_for(reply, timeout)
        if answer["type"] == "error":
            raise RequestRefused(answer)
        return answer

    def event(self, seq: int) -> dict | None:
        return next((message for _at, message in self.events if message["seq"] == seq), None)

    async def wait_for(self, seq: int, *, timeout: float = 5) -> dict:
        """The event (or skip) numbered `seq`, once it has arrived."""
        try:
            async with self.arrived:
                await asyncio.wait_for(self.arrived.wait_for(lambda: self.event(seq)), timeout)
        except TimeoutError:
            seen = [message["seq"] for _at, message in self.events]
            raise AssertionError(
                f"{self.label} ({self.audience}) got no event #{seq} within {timeout} s; "
                f"after its snapshot (#{self.snapshot['seq']}) it got {seen}"
            ) from None
        return self.event(seq)

    def seq_problems(self, last: int) -> dict[str, list[int]]:
        """Numbers after the snapshot up to `last` that never came, or came more than once."""
        counts = Counter(message["seq"] for _at, message in self.events)
        expected = range(self.snapshot["seq"] + 1, last + 1)
        return {
            "lost": [seq for seq in expected if counts[seq] == 0],
            "duplicated": sorted(seq for seq, count in counts.items() if count > 1),
            "unexpected": sorted(seq for seq in counts if seq not in expected),
        }

    async def close(self) -> None:
        await self.connection.close()
        await asyncio.gather(self.reader, return_exceptions=True)


async def open_socket(
    base_url: str,
    meeting_id: int,
    *,
    session: str | None = None,
    label: str = "socket",
    on_event: Callable[[LiveSocket, float, dict], None] | None = None,
) -> LiveSocket:
    """Connect to the meeting's socket, as `session`'s user or anonymously, with an Origin the
    server allows; returns once the snapshot has arrived."""
    address = f"ws{base_url.removeprefix('http')}/ws/meetings/{meeting_id}/"
    headers = {"Cookie": f"{SESSION_COOKIE}={session}"} if session else {}
    connection = await connect(
        address,
        origin=base_url,
        additional_headers=headers,
        open_timeout=CONNECT_SECONDS,
        max_size=2**22,
    )
    snapshot = json.loads(await asyncio.wait_for(connection.recv(), CONNECT_SECONDS))
    if snapshot.get("type") != "snapshot":
        await connection.close()
        raise RuntimeError(f"{address} sent {snapshot.get('type')!r} instead of a snapshot")
    return LiveSocket(connection, snapshot, label=label, on_event=on_event)
