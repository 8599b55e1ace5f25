"""A client of the meeting websocket, for the service tests and the benchmarks.

It logs in through the login form as a browser does (CSRF token, session cookie) and speaks the
JSON protocol of docs/websocket-protocol.md over the `websockets` package, so that it sees a
server exactly as other clients (a hall display, a voting tablet) do.
"""

import asyncio
import contextlib
import http.cookiejar
import itertools
import json
import random
import re
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

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


def backoff(retries: int, *, first: float = 0.5, cap: float = 10.0) -> float:
    """Seconds before the next try, as static/js/live.js waits: doubling, capped, jittered."""
    return min(cap, first * 2**retries) * (0.5 + random.random() / 2)  # noqa: S311


class ReconnectingClient:
    """A client that survives a server's failures as static/js/live.js does.

    It connects as the live page does (`?view=page`: snapshots with the rendered regions). When
    its socket breaks it reconnects with backoff, trying the next worker of `urls` after a
    refused attempt (as a load balancer in front of the workers would); the snapshot that every
    connect brings replaces what it had; it sends its unacknowledged casts again with the same
    `request_id`, and again a moment after an `unavailable` error. On a gap in `seq` it says
    `hello` and gets a snapshot."""

    def __init__(
        self,
        urls: list[str],
        meeting_id: int,
        *,
        session: str | None = None,
        label: str = "client",
        first: int = 0,
        first_backoff: float = 0.5,
    ):
        self.urls, self.meeting_id, self.session, self.label = urls, meeting_id, session, label
        self.index, self.first_backoff = first, first_backoff
        self.connection: ClientConnection | None = None
        self.seq: int | None = None
        self.snapshot: dict | None = None
        self.snapshots = 0
        self.unacknowledged: dict[str, dict] = {}
        self.acks: dict[str, dict] = {}
        self.ack_count: Counter = Counter()
        self.refused: dict[str, dict] = {}
        self.unavailable = 0
        self.sent: Counter = Counter()
        self.events: dict[int, dict] = {}
        self.connections: list[str] = []
        self.numbers = itertools.count(1)
        self.stopping = False
        self.task: asyncio.Task | None = None

    @property
    def worker(self) -> str:
        return self.urls[self.index % len(self.urls)]

    def start(self) -> "ReconnectingClient":
        self.task = asyncio.create_task(self.run())
        return self

    async def stop(self) -> None:
        self.stopping = True
        if self.connection is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.connection.close(), 5)
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)

    async def run(self) -> None:
        retries = 0
        while not self.stopping:
            address = (
                f"ws{self.worker.removeprefix('http')}/ws/meetings/{self.meeting_id}/?view=page"
            )
            headers = {"Cookie": f"{SESSION_COOKIE}={self.session}"} if self.session else {}
            try:
                connection = await connect(
                    address,
                    origin=self.worker,
                    additional_headers=headers,
                    open_timeout=CONNECT_SECONDS,
                    max_size=2**22,
                )
            except (OSError, TimeoutError, InvalidHandshake):
                self.index += 1
                await asyncio.sleep(backoff(retries, first=self.first_backoff))
                retries += 1
                continue
            retries = 0
            self.connection = connection
            self.connections.append(self.worker)
            with contextlib.suppress(ConnectionClosed):
                async for text in connection:
                    await self.receive(json.loads(text))
            self.connection = None
            if not self.stopping:
                await asyncio.sleep(backoff(retries, first=self.first_backoff))
                retries += 1

    async def send(self, message: dict) -> None:
        if self.connection is None:
            return  # sent after the next snapshot, if it is a cast
        self.sent[message["type"]] += 1
        with contextlib.suppress(ConnectionClosed):
            await self.connection.send(json.dumps(message))

    async def cast(self, ballot: int, choice: str, *, request_id: str | None = None) -> str:
        request_id = request_id or f"{self.label}-cast"
        message = {"type": "cast", "ballot": ballot, "choice": choice, "request_id": request_id}
        self.unacknowledged[request_id] = message
        await self.send(message)
        return request_id

    async def resend(self) -> None:
        for message in list(self.unacknowledged.values()):
            await self.send(message)

    async def receive(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "snapshot":
            self.snapshot, self.seq = message, message["seq"]
            self.snapshots += 1
            await self.resend()
        elif kind == "ack":
            request_id = str(message.get("request_id"))
            self.ack_count[request_id] += 1
            self.acks.setdefault(request_id, message)
            self.unacknowledged.pop(request_id, None)
        elif kind == "error":
            await self.refusal(message)
        elif isinstance(message.get("seq"), int):
            await self.event(message)

    async def refusal(self, message: dict) -> None:
        request_id = str(message.get("request_id"))
        if message.get("code") == "unavailable" and request_id in self.unacknowledged:
            self.unavailable += 1
            delay = backoff(0, first=2 * self.first_backoff)
            loop = asyncio.get_running_loop()
            loop.call_later(delay, lambda: asyncio.ensure_future(self.resend()))
            return
        self.refused[request_id] = message
        self.unacknowledged.pop(request_id, None)

    async def event(self, message: dict) -> None:
        if self.seq is not None and message["seq"] <= self.seq:
            return
        if self.seq is not None and message["seq"] > self.seq + 1:
            await self.send({"type": "hello"})
            return
        self.seq = message["seq"]
        self.events[message["seq"]] = message

    async def request(self, type: str, *, timeout: float = 15, **fields) -> dict:
        """Send a request (not a cast) once; its `ack` or `error`, or an error with the code
        `no answer` if none came within `timeout` (say, because the socket broke)."""
        request_id = f"{self.label}-{next(self.numbers)}"
        await self.send({"type": type, "request_id": request_id, **fields})
        await eventually(lambda: request_id in self.acks or request_id in self.refused, timeout)
        answer = self.acks.get(request_id) or self.refused.get(request_id)
        return answer or {"type": "error", "code": "no answer", "request_id": request_id}


async def eventually(condition: Callable[[], bool], timeout: float, every: float = 0.01) -> bool:
    """Wait until `condition()` holds (True) or `timeout` seconds have passed (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(every)
    return True
