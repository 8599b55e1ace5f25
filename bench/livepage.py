"""A live page as `static/js/live.js` keeps it, for the benchmarks: what a browser sends and
receives, nothing more (bench/README.md, "What a simulated page does").

A page opens one socket, `/ws/meetings/<id>/?view=page`, with the Origin of the site and the
session cookie of its user (and the language cookie if one is given). It parses every message as
JSON and handles it as live.js does: the snapshot sets its `seq` and `you`; an event with the
next `seq` is taken; an older one is ignored; a newer one (a gap) makes it send `{"type":
"hello"}` and wait for the snapshot that answers it; `ack` and `error` settle what it sent; a
cast not yet acknowledged goes again, unchanged, after every snapshot and a moment after an
`unavailable` error. A socket that cannot open is tried again with live.js's backoff. It sends no
ping, no `hello` with a `last_seq`, and no HTTP request because of a message.

What live.js does with the HTML (swapping the regions in, the user's own part, focus, the
announcer) is work in the browser and sends nothing: a page here only counts the regions.
Benchmarks watch the messages through `on_message`; a page keeps only small figures per event,
so that thousands of them fit in one process.
"""

import asyncio
import contextlib
import itertools
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.http11 import USER_AGENT

from bench.percentiles import summary
from tests.services.liveclient import SESSION_COOKIE, backoff

PAGE_VIEW = "?view=page"  # what the live page's template puts in `data-socket-path`
LANGUAGE_COOKIE = "django_language"
OPEN_SECONDS = 60
CONNECT_TRIES = 8
UNAVAILABLE_RETRY_SECONDS = 2.0  # live.js: UNAVAILABLE_RETRY_MS
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def socket_url(base_url: str, meeting_id: int) -> str:
    return f"ws{base_url.removeprefix('http')}/ws/meetings/{meeting_id}/{PAGE_VIEW}"


@dataclass
class Arrival:
    """One message of the log as a page took it: when, which, and its JSON text's length."""

    at: float
    seq: int
    type: str
    op: str | None
    chars: int


class Page:
    """One open live page; `on_message(page, arrived, message, text)` sees every message after
    the page has handled it."""

    def __init__(
        self,
        connection: ClientConnection,
        *,
        label: str,
        person: int | None = None,
        worker: int = 0,
        on_message: Callable[["Page", float, dict, str], None] | None = None,
    ):
        self.connection, self.label, self.person, self.worker = connection, label, person, worker
        self.on_message = on_message
        self.seq: int | None = None
        self.you: dict | None = None
        self.first_snapshot_seq: int | None = None
        self.snapshot_chars: list[int] = []
        self.snapshot_arrived = asyncio.Event()
        self.arrivals: dict[int, Arrival] = {}  # events taken, by seq
        self.seen: Counter = Counter()  # every seq that came, taken or not
        self.gaps = 0
        self.resyncing = False
        self.progress = 0
        self.regions_applied = 0
        self.sent: Counter = Counter()  # by message type
        self.sent_at: dict[str, float] = {}
        self.unacknowledged: dict[str, dict] = {}  # casts, by request_id
        self.replies: dict[str, list[tuple[float, dict]]] = defaultdict(list)
        self.waiting: dict[str, asyncio.Future] = {}
        self.request_ids = itertools.count(1)
        self.closed_by_server: int | None = None
        self.reader = asyncio.create_task(self.read())

    @property
    def audience(self) -> str | None:
        return self.you["audience"] if self.you else None

    async def read(self) -> None:
        try:
            while True:
                text = await self.connection.recv()
                arrived = time.perf_counter()
                message = json.loads(text)
                await self.receive(message, arrived, len(text))
                if self.on_message is not None:
                    self.on_message(self, arrived, message, text)
        except ConnectionClosed as closed:
            if closed.rcvd is not None and closed.rcvd.code != 1000:
                self.closed_by_server = closed.rcvd.code

    async def receive(self, message: dict, arrived: float, chars: int) -> None:
        """live.js's `receive`."""
        kind = message.get("type")
        if kind == "snapshot":
            self.resyncing = False
            self.seq = message["seq"]
            self.you = message["you"]
            self.regions_applied += len(message.get("regions") or {})
            self.snapshot_chars.append(chars)
            if self.first_snapshot_seq is None:
                self.first_snapshot_seq = self.seq
            self.snapshot_arrived.set()
            await self.resend_casts()
        elif kind == "ack":
            self.settle(message, arrived)
        elif kind == "error":
            request_id = message.get("request_id")
            if message.get("code") == "unavailable" and request_id in self.unacknowledged:
                delay = backoff(0, first=UNAVAILABLE_RETRY_SECONDS, cap=UNAVAILABLE_RETRY_SECONDS)
                loop = asyncio.get_running_loop()
                loop.call_later(delay, lambda: asyncio.ensure_future(self.resend_casts()))
            else:
                self.unacknowledged.pop(request_id, None)
            self.settle(message, arrived)
        elif kind == "progress":
            self.progress += 1
        elif isinstance(message.get("seq"), int):
            await self.event(message, arrived, chars)

    async def event(self, message: dict, arrived: float, chars: int) -> None:
        """live.js's `event`: the next seq is taken, an older one ignored, a gap asks for a
        snapshot, once until it comes."""
        seq = message["seq"]
        self.seen[seq] += 1
        if self.seq is not None and seq <= self.seq:
            return
        if self.seq is not None and seq > self.seq + 1:
            self.gaps += 1
            if not self.resyncing:
                await self.send({"type": "hello"})
            self.resyncing = True
            return
        self.seq = seq
        self.arrivals[seq] = Arrival(arrived, seq, message["type"], message.get("op"), chars)
        self.regions_applied += len(message.get("regions") or {})

    def settle(self, message: dict, arrived: float) -> None:
        request_id = message.get("request_id")
        if message["type"] == "ack":
            self.unacknowledged.pop(request_id, None)
        if request_id is None:
            return
        self.replies[request_id].append((arrived, message))
        waiting = self.waiting.pop(request_id, None)
        if waiting is not None and not waiting.done():
            waiting.set_result(message)

    async def send(self, message: dict) -> str:
        """live.js's `send`: every message with a request_id (its own, or a new one)."""
        request = {**message, "request_id": message.get("request_id") or self.new_request_id()}
        if request["type"] == "cast":
            self.unacknowledged[request["request_id"]] = request
        self.sent[request["type"]] += 1
        self.sent_at.setdefault(request["request_id"], time.perf_counter())
        with contextlib.suppress(ConnectionClosed):
            await self.connection.send(json.dumps(request, separators=(",", ":")))
        return request["request_id"]

    def new_request_id(self) -> str:
        return f"{self.label}-{next(self.request_ids)}"

    async def resend_casts(self) -> None:
        for cast in list(self.unacknowledged.values()):
            self.sent["cast"] += 1
            with contextlib.suppress(ConnectionClosed):
                await self.connection.send(json.dumps(cast, separators=(",", ":")))

    async def cast(self, ballot: int, choice: str, request_id: str) -> None:
        """A member's vote, as the page's vote form sends it."""
        await self.send(
            {"type": "cast", "ballot": ballot, "choice": choice, "request_id": request_id}
        )

    async def request(self, type: str, *, timeout: float = 30, **fields) -> dict:
        """Send a form of the page (the control panel's buttons); its `ack` or `error`, or an
        error `no answer` after `timeout`."""
        request_id = self.new_request_id()
        reply = self.waiting[request_id] = asyncio.get_running_loop().create_future()
        await self.send({"type": type, "request_id": request_id, **fields})
        try:
            return await asyncio.wait_for(reply, timeout)
        except TimeoutError:
            return {"type": "error", "code": "no answer", "request_id": request_id}

    def took(self, arrived: float, message: dict) -> bool:
        """Whether `message` (arrived at `arrived`) was an event this page took."""
        arrival = self.arrivals.get(message.get("seq"))
        return arrival is not None and arrival.at == arrived and message["type"] != "ack"

    def replied_after(self, request_id: str) -> float | None:
        """Seconds from sending a request to its first answer."""
        replies = self.replies.get(request_id)
        return replies[0][0] - self.sent_at[request_id] if replies else None

    def seq_problems(self, last: int) -> dict[str, list[int]]:
        """Numbers after the first snapshot up to `last` that this page never took, took more
        than once, or that were not expected."""
        expected = range(self.first_snapshot_seq + 1, last + 1)
        return {
            "lost": [seq for seq in expected if seq not in self.arrivals],
            "duplicated": sorted(seq for seq, count in self.seen.items() if count > 1),
            "unexpected": sorted(seq for seq in self.seen if seq not in expected),
        }

    async def close(self) -> None:
        """Close the socket; a mistake in reading (a benchmark's `on_message`) shows here."""
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.connection.close(), 10)
        self.reader.cancel()
        (outcome,) = await asyncio.gather(self.reader, return_exceptions=True)
        if isinstance(outcome, Exception):
            raise outcome


@dataclass
class PagePlan:
    """Who opens which page, where."""

    base_url: str
    meeting: int
    label: str
    session: str | None = None
    person: int | None = None
    worker: int = 0
    language: str | None = None
    # A browser's page (bench/visitor.py): the socket's URL as the page's `data-socket-path`
    # gives it, and the headers its browser sends (User-Agent, Accept-Language, its cookies).
    socket: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


async def open_page(plan: PagePlan, *, on_message=None) -> Page:
    """Open the page's socket and return once its snapshot is in."""
    cookies = [plan.headers["Cookie"]] if "Cookie" in plan.headers else []
    if plan.session:
        cookies.append(f"{SESSION_COOKIE}={plan.session}")
    if plan.language:
        cookies.append(f"{LANGUAGE_COOKIE}={plan.language}")
    headers = {name: value for name, value in plan.headers.items() if name != "User-Agent"}
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    connection = await connect(
        plan.socket or socket_url(plan.base_url, plan.meeting),
        origin=plan.base_url,
        additional_headers=headers,
        user_agent_header=plan.headers.get("User-Agent", USER_AGENT),
        max_size=None,  # a browser takes any message
        ping_interval=None,  # a browser sends no pings (it answers Daphne's)
        open_timeout=OPEN_SECONDS,
        close_timeout=5,
    )
    page = Page(
        connection, label=plan.label, person=plan.person, worker=plan.worker, on_message=on_message
    )
    try:
        await asyncio.wait_for(page.snapshot_arrived.wait(), OPEN_SECONDS)
    except BaseException:
        await page.close()
        raise
    if page.closed_by_server is not None:
        raise ConnectionError(f"{plan.label}: closed by the server ({page.closed_by_server})")
    return page


@dataclass
class Opening:
    """How pages opened: seconds from the first try to the snapshot, per page; the retries."""

    took: list[float] = field(default_factory=list)
    retries: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def figures(self) -> dict:
        return {
            "pages": len(self.took),
            "all_have_snapshot_s": round(self.seconds, 2),
            "connect_to_snapshot_ms": summary(self.took),
            "retries": dict(self.retries),
        }


async def open_pages(
    plans: list[PagePlan],
    *,
    at_once: int,
    on_message=None,
    say: Callable[[str], None] | None = None,
) -> tuple[list[Page], Opening]:
    """Open every planned page, `at_once` per worker at a time; a refused or dropped socket is
    tried again after live.js's backoff. Daphne drops a socket whose handshake takes longer than
    5 s, and handshakes wait behind the snapshots being sent: more at once only fails more."""
    gates = defaultdict(lambda: asyncio.Semaphore(at_once))
    opening = Opening()
    opened = itertools.count(1)
    started_all = time.perf_counter()

    async def one(plan: PagePlan) -> Page:
        async with gates[plan.worker]:
            started = time.perf_counter()
            for tries in range(CONNECT_TRIES):
                try:
                    page = await open_page(plan, on_message=on_message)
                    break
                except (OSError, TimeoutError, InvalidHandshake, ConnectionClosed) as error:
                    opening.retries[type(error).__name__] += 1
                    if tries == CONNECT_TRIES - 1:
                        raise RuntimeError(f"{plan.label} could not open: {error}") from error
                    await asyncio.sleep(backoff(tries))
            opening.took.append(time.perf_counter() - started)
            count = next(opened)
            if say is not None and count % 500 == 0:
                say(f"  {count} of {len(plans)} pages open")
            return page

    tasks = [asyncio.create_task(one(plan)) for plan in plans]
    try:
        pages = await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        done = await asyncio.gather(*tasks, return_exceptions=True)
        await close_pages([page for page in done if isinstance(page, Page)])
        raise
    opening.seconds = time.perf_counter() - started_all
    return list(pages), opening


async def close_pages(pages) -> None:
    await asyncio.gather(*(page.close() for page in pages))


async def all_took(pages: list[Page], seq: int, *, timeout: float, every: float = 0.005) -> bool:
    """Wait until every page has taken event `seq` (True), or `timeout` passed (False)."""
    deadline = time.monotonic() + timeout
    while any(seq not in page.arrivals for page in pages):
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(every)
    return True


class CpuClock:
    """CPU seconds of this process and of server processes (utime + stime of every thread, from
    /proc/<pid>/stat), and the wall clock."""

    def __init__(self, pids: list[int]):
        self.pids = pids

    @staticmethod
    def process_seconds(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def now(self) -> dict:
        return {
            "client": time.process_time(),
            "servers": [self.process_seconds(pid) for pid in self.pids],
            "wall": time.perf_counter(),
        }

    @staticmethod
    def used(before: dict, after: dict) -> dict:
        return {
            "wall_s": round(after["wall"] - before["wall"], 2),
            "client_cpu_s": round(after["client"] - before["client"], 2),
            "server_cpu_s": [
                round(b - a, 2) for a, b in zip(before["servers"], after["servers"], strict=True)
            ],
        }
