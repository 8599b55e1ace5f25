"""A named vote of N members while M members of the public follow it, as live pages.

    .venv/bin/python bench/ws_vote.py [--members 1000] [--public 2000] [--member-pages K]
        [--services] [--profile DIR]

The benchmark builds a site of its own (a SQLite file in a temporary folder, or with --services
a fresh `<name>_wsvote` database on the PostgreSQL server of DATABASE_URL and the Redis of
REDIS_URL): a body of N voting members (its legal member count), their logged-in sessions, and
an invited meeting of the body with one item (bench/ws_vote_site.py). The roll call puts every
member in the hall, the secretariat starts the meeting, calls the item, prepares and opens a
named ballot, all through the live services. Daphne serves the site without an access log: one
worker with the in-memory channel layer, or with --services two workers on two ports behind the
Redis layer, the pages spread over both.

K members (all N unless --member-pages says fewer) and M anonymous members of the public open
the live page, each a simulated page that does what static/js/live.js does (bench/livepage.py).
Then every member page casts at once (`cast`, one message per page) and the benchmark measures
cast → ack. The secretariat closes the ballot from its own page (the control panel), and the
benchmark measures the time from sending the close until each of the K + M pages has the final
result (the `ballot` event with op `closed`). It compares the acknowledged casts with the result
every page received and with the Vote rows in the database: none may be lost, none counted
twice.

Beside it, as a baseline, a bare `websockets` echo server (one process per Daphne worker) gets
the same number of clients and the same burst of K request/response pairs, just before the
casts; the benchmark reports cast p99 / echo p99.

Targets (client and server on one machine): no lost or duplicated vote; cast p99 at most twice
the echo p99; every page has the result within 1 s of the close. The table says which are met.
--profile DIR records the server processes with py-spy (not in the requirements: `pip install
py-spy`) during the burst and during the fan-out, and prints their hotspots; py-spy takes CPU
from the machine, so a profiled run's figures are marked as such.

It prints a table and writes bench/results/ws_vote.json (see --output); it exits with 1 if a vote
was lost or duplicated or a page never got the result.
"""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench.livepage import (  # noqa: E402
    CpuClock,
    Page,
    PagePlan,
    close_pages,
    open_page,
    open_pages,
)
from bench.percentiles import summary  # noqa: E402
from tests import serverkit  # noqa: E402

# Pages opening at once per server: Daphne's 5 s handshake limit (see livepage.open_pages).
CONNECTING_AT_ONCE = 8
ECHO_CONNECTING_AT_ONCE = 50
CONNECT_TRIES = 5
CONNECT_SECONDS = 60
# Echo server, clients and Daphne each hold one descriptor per socket, and the echo baseline
# runs while the meeting's pages stay open.
SPARE_FILES = 500
GRACE_SECONDS = 0.5
CHOICES = ["yes"] * 6 + ["no"] * 3 + ["abstain"]  # by member number, ten at a time
TARGET_RATIO, TARGET_FANOUT_MS = 2.0, 1000.0
PY_SPY_RATE = 100


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000, help="voting members (1000)")
    parser.add_argument("--public", type=int, default=2000, help="public pages (2000)")
    parser.add_argument(
        "--member-pages",
        type=int,
        help="members with the live page open, who cast (default: every member)",
    )
    parser.add_argument(
        "--services",
        action="store_true",
        help="PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), two Daphne workers",
    )
    parser.add_argument(
        "--timeout", type=float, default=30, help="seconds to wait for all acks or results (30)"
    )
    parser.add_argument(
        "--profile", type=Path, metavar="DIR", help="record the server with py-spy into DIR"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO_ROOT / "bench" / "results" / "ws_vote.json",
        help="where to write the figures as JSON",
    )
    parser.add_argument("--echo-fd", type=int, help=argparse.SUPPRESS)  # the echo server itself
    options = parser.parse_args(argv)
    if options.echo_fd is not None:
        return options
    if options.member_pages is None:
        options.member_pages = options.members
    if options.members < 1 or options.public < 0 or not 0 < options.member_pages <= options.members:
        parser.error(
            "--members must be positive, --public not negative, --member-pages from 1 to --members"
        )
    if options.services and not (
        os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
    ):
        parser.error("--services needs DATABASE_URL=postgres://… and REDIS_URL")
    if options.profile and not py_spy():
        parser.error("--profile needs py-spy: .venv/bin/pip install py-spy")
    options.workers = 2 if options.services else 1
    return options


def py_spy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


# Clients ---------------------------------------------------------------------------------------
# The meeting's sockets are live pages (bench/livepage.py); the echo baseline's are bare clients.


@dataclass
class Waiting:
    """Counts what has arrived; `done` is set when `expected` have."""

    expected: int
    count: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def arrived(self) -> None:
        self.count += 1
        if self.count >= self.expected:
            self.done.set()


class Watch:
    """What the benchmark watches in every page's messages (`Page.on_message`): whether the
    snapshot shows the open ballot, the first answer to each cast, the ballot's result."""

    def __init__(self, ballot: int):
        self.ballot = ballot
        self.casts: Waiting | None = None
        self.results: Waiting | None = None
        self.without_open_ballot: set[str] = set()
        self.result_texts: list[str] = []  # the distinct results (one per audience and language)
        self.result_of: dict[str, int] = {}  # page label → which of them it got

    def __call__(self, page: Page, arrived: float, message: dict, text: str) -> None:
        kind = message.get("type")
        if kind == "snapshot":
            html = (message.get("regions") or {}).get("live-ballot", "")
            if f'id="ballot-progress" data-ballot="{self.ballot}"' not in html:
                self.without_open_ballot.add(page.label)
        elif kind in ("ack", "error") and str(message.get("request_id")).startswith("cast-"):
            if self.casts is not None and len(page.replies[message["request_id"]]) == 1:
                self.casts.arrived()
        elif kind == "ballot" and message.get("op") == "closed":
            if not page.took(arrived, message) or page.label in self.result_of:
                return
            # Comparing equal texts is a memcmp, cheaper than hashing them: the 3,000th page
            # must not wait for the client to fingerprint the 2,999 before it.
            found = next((n for n, known in enumerate(self.result_texts) if known == text), None)
            if found is None:
                found = len(self.result_texts)
                self.result_texts.append(text)
            self.result_of[page.label] = found
            if self.results is not None:
                self.results.arrived()


class EchoClient:
    """A bare client of the echo server: sends a cast's text, times the text coming back."""

    def __init__(self, connection: ClientConnection, waiting: Waiting):
        self.connection, self.waiting = connection, waiting
        self.sent: dict[str, float] = {}
        self.replied: dict[str, float] = {}
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for text in self.connection:
                arrived = time.perf_counter()
                request_id = json.loads(text)["request_id"]
                if request_id not in self.replied:
                    self.replied[request_id] = arrived
                    self.waiting.arrived()

    async def send(self, request_id: str, text: str) -> None:
        self.sent[request_id] = time.perf_counter()
        await self.connection.send(text)

    def seconds(self) -> list[float]:
        return [at - self.sent[request_id] for request_id, at in self.replied.items()]

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.connection.close(), 10)
        self.reader.cancel()
        await asyncio.gather(self.reader, return_exceptions=True)


async def connect_echo(url: str, waiting: Waiting, gate: asyncio.Semaphore) -> EchoClient:
    async with gate:
        for tries in range(1, CONNECT_TRIES + 1):
            try:
                connection = await connect(
                    url,
                    compression=None,  # Daphne accepts none; the echo server must not either
                    max_size=2**24,
                    ping_interval=None,
                    open_timeout=CONNECT_SECONDS,
                    close_timeout=5,
                )
                return EchoClient(connection, waiting)
            except (OSError, TimeoutError, InvalidHandshake) as error:
                if tries == CONNECT_TRIES:
                    raise RuntimeError(f"an echo client could not connect: {error}") from error
                await asyncio.sleep(tries)
    raise AssertionError("unreachable")


# The echo baseline ------------------------------------------------------------------------------


def serve_echo(fd: int) -> None:
    """The echo server process: every message straight back, on the socket it was handed."""
    from websockets.asyncio.server import serve

    async def echo(connection) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for message in connection:
                await connection.send(message)

    async def main() -> None:
        listener = socket.socket(fileno=fd)
        async with serve(
            echo, sock=listener, compression=None, max_size=2**24, ping_interval=None
        ) as server:
            await server.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


@contextlib.contextmanager
def echo_servers(count: int):
    """`count` echo server processes, each on a free port; yields their ws:// URLs."""
    processes, urls = [], []
    try:
        for _ in range(count):
            with socket.create_server(("127.0.0.1", 0), backlog=4096) as listener:
                processes.append(
                    subprocess.Popen(  # noqa: S603 (this script, as the echo server)
                        [sys.executable, __file__, "--echo-fd", str(listener.fileno())],
                        pass_fds=[listener.fileno()],
                    )
                )
                urls.append(f"ws://127.0.0.1:{listener.getsockname()[1]}/")
        yield urls
    finally:
        for process in processes:
            serverkit.stop(process)


async def measure_echo(options) -> dict:
    """The same number of clients and the same burst, answered by a bare echo server."""
    total = options.member_pages + options.public
    waiting = Waiting(options.member_pages)
    with echo_servers(options.workers) as urls:
        gates = [asyncio.Semaphore(ECHO_CONNECTING_AT_ONCE) for _url in urls]
        opened = await asyncio.gather(
            *(
                connect_echo(urls[number % len(urls)], waiting, gates[number % len(urls)])
                for number in range(total)
            ),
            return_exceptions=True,
        )
        clients = [client for client in opened if isinstance(client, EchoClient)]
        try:
            if len(clients) < total:
                raise next(error for error in opened if not isinstance(error, EchoClient))
            senders = clients[: options.member_pages]
            started = time.perf_counter()
            await asyncio.gather(
                *(client.send(*cast_message(number, 0)) for number, client in enumerate(senders))
            )
            handed = time.perf_counter() - started
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting.done.wait(), options.timeout)
            seconds = [value for client in senders for value in client.seconds()]
        finally:
            await asyncio.gather(*(client.close() for client in clients))
    return {
        "reply": summary(seconds),
        "unanswered": len(senders) - len(seconds),
        "handed_over_ms": round(handed * 1000, 1),
    }


# The vote ---------------------------------------------------------------------------------------


def cast_of(number: int) -> tuple[str, str]:
    """The request id and choice of member page `number`'s cast."""
    return f"cast-{number:05d}", CHOICES[number % len(CHOICES)]


def cast_message(number: int, ballot: int) -> tuple[str, str]:
    request_id, choice = cast_of(number)
    text = json.dumps(
        {"type": "cast", "ballot": ballot, "choice": choice, "request_id": request_id},
        separators=(",", ":"),
    )
    return request_id, text


def page_plans(site: dict, urls: list[str], member_pages: int, public: int) -> list[PagePlan]:
    """Member pages first, then the public; page i goes to worker i mod workers."""
    plans = []
    members = site["members"][:member_pages]
    for number in range(len(members) + public):
        worker = number % len(urls)
        member = number < len(members)
        person, session = members[number] if member else (None, None)
        label = f"w{worker + 1}-{'member' if member else 'public'}-{number}"
        plans.append(
            PagePlan(
                urls[worker], site["meeting"], label, session=session, person=person, worker=worker
            )
        )
    return plans


def staff_plan(site: dict, urls: list[str]) -> PagePlan:
    """The secretariat's control panel, on the last worker."""
    return PagePlan(
        urls[-1], site["meeting"], "staff", session=site["secretariat"], worker=len(urls) - 1
    )


@contextlib.asynccontextmanager
async def profiled(pids: list[int], folder: Path | None, phase: str):
    """py-spy records every server process while the block runs (if a folder was given)."""
    if folder is None:
        yield []
        return
    folder.mkdir(parents=True, exist_ok=True)
    outputs = [folder / f"{phase}-worker{number}.txt" for number in range(1, len(pids) + 1)]
    recorders = [
        subprocess.Popen(  # noqa: S603 (py-spy on our own servers)
            [
                py_spy(),
                "record",
                "--pid",
                str(pid),
                "--rate",
                str(PY_SPY_RATE),
                "--nonblocking",
                "--function",
                "--format",
                "raw",
                "--output",
                str(output),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid, output in zip(pids, outputs, strict=True)
    ]
    try:
        await asyncio.sleep(1.0)  # py-spy attaches
        yield outputs
    finally:
        for recorder in recorders:
            recorder.send_signal(signal.SIGINT)
        for recorder in recorders:
            try:
                await asyncio.to_thread(recorder.wait, 30)
            except subprocess.TimeoutExpired:
                recorder.kill()


async def vote(
    site: dict,
    members: list[Page],
    pages: list[Page],
    staff: Page,
    watch: Watch,
    clock,
    *,
    timeout: float,
    profile: Path | None = None,
) -> dict:
    """Every member page casts at once; then the secretariat's page closes the ballot. The
    replies and the result arrive in the pages (`watch`); returns the times of the close."""
    pids, phases = clock.pids, {}
    say(f"{len(members)} member pages cast at once …")
    watch.casts = Waiting(len(members))
    async with profiled(pids, profile, "burst") as burst_profiles:
        before = clock.now()
        started = time.perf_counter()
        await asyncio.gather(
            *(
                page.cast(site["ballot"], choice, request_id)
                for page, (request_id, choice) in zip(
                    members, map(cast_of, range(len(members))), strict=True
                )
            )
        )
        handed = time.perf_counter() - started
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(watch.casts.done.wait(), timeout)
        phases["burst"] = clock.used(before, clock.now())
    await asyncio.sleep(GRACE_SECONDS)  # the last progress messages

    say("The secretariat closes the ballot …")
    watch.results = Waiting(len(pages))
    async with profiled(pids, profile, "fanout") as fanout_profiles:
        before = clock.now()
        close_sent = time.perf_counter()
        closing = asyncio.create_task(
            staff.request("ballot.close", ballot=site["ballot"], timeout=timeout)
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(watch.results.done.wait(), timeout)
        close_ack = await closing
        phases["fanout"] = clock.used(before, clock.now())
    await asyncio.sleep(GRACE_SECONDS)  # a duplicate would arrive now
    acked = staff.replied_after(close_ack["request_id"]) if close_ack["type"] == "ack" else None
    return {
        "burst_handed_over_ms": round(handed * 1000, 1),
        "close_sent": close_sent,
        "close_ack_ms": round(acked * 1000, 1) if acked is not None else None,
        "close_seq": close_ack.get("seq"),
        "close_answer": close_ack.get("code", close_ack["type"]),
        "phases": phases,
        "profiles": {"burst": burst_profiles, "fanout": fanout_profiles},
    }


async def measure(site: dict, servers: list, options) -> dict:
    urls = [url for url, _process in servers]
    pids = [process.pid for _url, process in servers]
    clock = CpuClock(pids)
    plans = page_plans(site, urls, options.member_pages, options.public)
    watch = Watch(site["ballot"])

    say(
        f"Opening {len(plans)} pages ({options.member_pages} of members) on {len(urls)} worker(s) …"
    )
    phases = {}
    async with profiled(pids, options.profile, "connect") as connect_profiles:
        before = clock.now()
        pages, opening = await open_pages(
            plans, at_once=CONNECTING_AT_ONCE, on_message=watch, say=say
        )
        phases["connect"] = clock.used(before, clock.now())
    staff = await open_page(staff_plan(site, urls))
    members, public = pages[: options.member_pages], pages[options.member_pages :]
    try:
        say("Echo baseline …")
        before = clock.now()
        echo = await measure_echo(options)
        phases["echo"] = clock.used(before, clock.now())
        voted = await vote(
            site,
            members,
            pages,
            staff,
            watch,
            clock,
            timeout=options.timeout,
            profile=options.profile,
        )
    finally:
        say("Closing the pages …")
        await close_pages([*pages, staff])
    return {
        **voted,
        "connect": opening.figures(),
        "echo": echo,
        "members": members,
        "public": public,
        "watch": watch,
        "phases": {**phases, **voted["phases"]},
        "profiles": {"connect": connect_profiles, **voted["profiles"]},
    }


# Checking --------------------------------------------------------------------------------------


def parsed_results(texts: list[str], ballot: int) -> list[dict]:
    """The distinct `ballot closed` messages that arrived, parsed."""
    messages = [json.loads(text) for text in texts]
    return [message for message in messages if message["state"]["ballot"]["id"] == ballot]


def cast_seconds(members: list[Page]) -> list[float]:
    """cast → first answer, per member page."""
    seconds = (page.replied_after(cast_of(n)[0]) for n, page in enumerate(members))
    return [value for value in seconds if value is not None]


def check_votes(measured: dict, stored: dict, site: dict) -> dict:
    """Acknowledged casts against the Vote rows and against the result each page received."""
    members = measured["members"]
    acked, refused, unanswered, repeated_acks = {}, Counter(), 0, 0
    for number, page in enumerate(members):
        request_id, choice = cast_of(number)
        replies = page.replies.get(request_id, [])
        if not replies:
            unanswered += 1
            continue
        repeated_acks += len(replies) - 1
        _at, reply = replies[0]
        if reply.get("type") == "ack" and reply.get("recorded"):
            acked[page.person] = (choice, request_id)
        else:
            refused[reply.get("code", reply.get("type"))] += 1
    stored = stored or {"votes": [], "counts": None, "state": None, "chain_problems": None}
    rows = {person: (choice, request_id) for person, choice, request_id, _by in stored["votes"]}
    row_count = Counter(person for person, *_rest in stored["votes"])
    checked_rows = stored["state"] is not None
    lost_in_rows = [p for p, vote in acked.items() if checked_rows and rows.get(p) != vote]
    unacked_rows = [p for p in rows if p not in acked]
    results = parsed_results(measured["watch"].result_texts, site["ballot"])
    acked_counts = Counter(choice for choice, _request in acked.values())
    wrong_results, lost_in_result, counted_twice = 0, set(), set()
    for message in results:
        ballot = message["state"]["ballot"]
        counts = {key: ballot["result"][key] for key in ("yes", "no", "abstain")}
        if counts != {key: acked_counts[key] for key in ("yes", "no", "abstain")}:
            wrong_results += 1
        named = Counter(person for people in ballot["votes"].values() for person in people)
        choice_of = {p: choice for choice, people in ballot["votes"].items() for p in people}
        counted_twice |= {person for person, count in named.items() if count > 1}
        lost_in_result |= {p for p, (choice, _r) in acked.items() if choice_of.get(p) != choice}
    return {
        "sent": sum(page.sent["cast"] for page in members),
        "acked": len(acked),
        "refused": dict(refused),
        "unanswered": unanswered,
        "vote_rows": len(stored["votes"]),
        "stored_counts": stored["counts"],
        "acked_counts": {key: acked_counts[key] for key in ("yes", "no", "abstain")},
        "lost": len(set(lost_in_rows) | lost_in_result),
        "duplicated": sum(count - 1 for count in row_count.values())
        + len(counted_twice)
        + repeated_acks,
        "counted_without_ack": len(unacked_rows),
        "distinct_result_messages": len(results),
        "result_messages_not_matching_acks": wrong_results,
        "ballot_state": stored["state"],
        "event_chain_problems": stored["chain_problems"],
    }


def check_results(measured: dict) -> dict:
    """Which pages took the result, how soon after the close, and once only; what the pages
    sent on their own (a gap makes a page send `hello`)."""
    pages = [*measured["members"], *measured["public"]]
    close_sent, seq, watch = measured["close_sent"], measured["close_seq"], measured["watch"]
    by_worker = defaultdict(list)
    for page in pages:
        if page.label in watch.result_of:
            by_worker[page.worker + 1].append(page.arrivals[seq].at - close_sent)
    arrivals = [value for values in by_worker.values() for value in values]
    sent = sum((Counter(page.sent) for page in pages), Counter())
    return {
        "pages": len(pages),
        "with_result": len(arrivals),
        "missing": len(pages) - len(arrivals),
        "duplicated": sum(max(0, page.seen[seq] - 1) for page in pages),
        "closed_by_server": dict(
            Counter(p.closed_by_server for p in pages if p.closed_by_server is not None)
        ),
        "arrival": summary(arrivals),
        "last_ms": round(max(arrivals) * 1000, 1) if arrivals else None,
        "arrival_by_worker": {worker: summary(values) for worker, values in by_worker.items()},
        "wrong_audience": sum(1 for p in measured["members"] if p.audience != "members")
        + sum(1 for p in measured["public"] if p.audience != "public"),
        "snapshot_without_the_open_ballot": len(watch.without_open_ballot),
        "progress_messages_per_page": round(sum(p.progress for p in pages) / max(1, len(pages)), 1),
        "gaps": sum(page.gaps for page in pages),
        "pages_sent": dict(sent),
    }


# Hotspots --------------------------------------------------------------------------------------


def hotspots(paths: list[Path], top: int = 12) -> dict:
    """From py-spy's raw (collapsed) stacks: where the samples were (self) and which project
    functions they were under (inclusive), as shares of all samples."""
    own, under, total = Counter(), Counter(), 0
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(errors="replace").splitlines():
            stack, _space, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = [short_frame(frame) for frame in stack.split(";")]
            total += int(count)
            own[frames[-1]] += int(count)
            for frame in set(frames):
                if is_project_frame(frame):
                    under[frame] += int(count)
    share = (lambda n: round(100 * n / total, 1)) if total else (lambda n: 0)
    return {
        "samples": total,
        "self_percent": [[frame, share(n)] for frame, n in own.most_common(top)],
        "project_inclusive_percent": [[frame, share(n)] for frame, n in under.most_common(top)],
    }


def short_frame(frame: str) -> str:
    """`function (path/to/file.py:123)` → `function (file/module:line)`, without the venv."""
    name, _open, where = frame.partition(" (")
    where = where.rstrip(")")
    for prefix in (f"{REPO_ROOT}/.venv/lib/python3.11/site-packages/", f"{REPO_ROOT}/"):
        where = where.removeprefix(prefix)
    where = re.sub(r"^/usr/lib/python3\.\d+/", "", where)
    where = re.sub(r":\d+$", "", where)
    return f"{name} ({where})"


def is_project_frame(frame: str) -> bool:
    where = frame.rpartition("(")[2]
    return where.startswith(("meetings/", "voting/", "council/", "config/"))


# Reporting -------------------------------------------------------------------------------------


def report(measured: dict, stored: dict, site: dict, options) -> dict:
    votes = check_votes(measured, stored, site)
    results = check_results(measured)
    cast = summary(cast_seconds(measured["members"]))
    echo = measured["echo"]["reply"]
    ratio = round(cast["p99"] / echo["p99"], 1) if cast.get("p99") and echo.get("p99") else None
    targets = {
        "no_lost_or_duplicated_votes": {
            "value": votes["lost"] + votes["duplicated"] + votes["counted_without_ack"],
            "target": 0,
        },
        "cast_p99_over_echo_p99": {"value": ratio, "target": TARGET_RATIO},
        "last_page_has_result_ms": {"value": results["last_ms"], "target": TARGET_FANOUT_MS},
    }
    for target in targets.values():
        target["met"] = target["value"] is not None and target["value"] <= target["target"]
    if results["missing"]:
        targets["last_page_has_result_ms"]["met"] = False
    profiles = measured["profiles"]
    return {
        "benchmark": "ws_vote",
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "setup": {
            "members": options.members,
            "member_pages": options.member_pages,
            "public_pages": options.public,
            "workers": options.workers,
            "database": "postgresql" if options.services else "sqlite",
            "channel_layer": "redis pub/sub" if options.services else "in-memory",
            "ballot": "named",
            "vote_progress_interval_s": float(os.environ.get("VOTE_PROGRESS_INTERVAL", "0.25")),
            "profiled": bool(options.profile),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            # Other work on the machine shows in the figures: the load before and after.
            "load_average": {"before": options.load_before, "after": load_average()},
            "source": source_state(),
        },
        "latency_ms": {
            "cast_to_ack": cast,
            "echo_request_to_reply": echo,
            "close_to_ack": measured["close_ack_ms"],
            "close_answer": measured["close_answer"],
            "close_to_result_every_page": results["arrival"],
            "close_to_result_last_page": results["last_ms"],
            "close_to_result_by_worker": results["arrival_by_worker"],
            "connect_to_snapshot": measured["connect"]["connect_to_snapshot_ms"],
        },
        "burst_handed_over_ms": {
            "casts": measured["burst_handed_over_ms"],
            "echo": measured["echo"]["handed_over_ms"],
        },
        "connect_all_s": measured["connect"]["all_have_snapshot_s"],
        "connect_retries": measured["connect"]["retries"],
        "phases": measured["phases"],
        "votes": votes,
        "results": results,
        "targets": targets,
        "hotspots": {phase: hotspots(paths) for phase, paths in profiles.items() if paths},
    }


def source_state() -> dict:
    """The commit, and whether the working tree differed from it (others may be editing)."""

    def git(*args: str) -> str:
        completed = subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607 (git from PATH, as a developer runs it)
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return completed.stdout.strip()

    changed = [line[3:] for line in git("status", "--porcelain").splitlines()]
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed_app_files": sorted(
            path
            for path in changed
            if path.startswith(("meetings/", "voting/", "council/", "config/"))
        ),
    }


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def table(result: dict) -> str:
    setup, latency, votes = result["setup"], result["latency_ms"], result["votes"]
    results, targets = result["results"], result["targets"]
    rows = [
        (f"cast → ack ({latency['cast_to_ack'].get('count', 0)} casts)", latency["cast_to_ack"]),
        (
            f"echo request → reply ({latency['echo_request_to_reply'].get('count', 0)})",
            latency["echo_request_to_reply"],
        ),
        ("close → result, every page", latency["close_to_result_every_page"]),
    ]
    for worker, figure in sorted(latency["close_to_result_by_worker"].items()):
        if len(latency["close_to_result_by_worker"]) > 1:
            rows.append((f"  pages on worker {worker}", figure))
    rows.append(("connect → snapshot, per page", latency["connect_to_snapshot"]))
    lines = [
        f"WS vote: {setup['members']} members ({setup['member_pages']} with the page open) + "
        f"{setup['public_pages']} public pages, "
        f"named ballot, {setup['workers']} Daphne worker(s), {setup['database']} + "
        f"{setup['channel_layer']} layer{', PROFILED' if setup['profiled'] else ''}; "
        f"load average {setup['load_average']['before'][0]} before, "
        f"{setup['load_average']['after'][0]} after, on {setup['cpus']} CPUs",
        "",
        f"{'ms':<40}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}",
    ]
    for name, figure in rows:
        values = [figure.get(key, float("nan")) for key in ("p50", "p95", "p99", "max")]
        lines.append(f"{name:<40}" + "".join(f"{value:>9.1f}" for value in values))
    phases = result["phases"]
    lines += [
        "",
        f"close → {latency['close_answer']} (secretariat) {latency['close_to_ack']} ms; last of "
        f"{results['pages']} pages has the result after {results['last_ms']} ms "
        f"({results['with_result']} got it, {results['duplicated']} twice); the pages sent "
        f"{results['pages_sent']}, gaps {results['gaps']}",
        f"pages opened in {result['connect_all_s']} s (retries {result['connect_retries'] or 0}, "
        f"wrong audience {results['wrong_audience']}, snapshot without the open ballot "
        f"{results['snapshot_without_the_open_ballot']})",
        f"burst handed to the sockets in "
        f"{result['burst_handed_over_ms']['casts']} ms (echo "
        f"{result['burst_handed_over_ms']['echo']} ms); progress messages per page "
        f"{results['progress_messages_per_page']}",
        "CPU s (client / server workers): "
        + "; ".join(
            f"{name} {phase['client_cpu_s']} / {'+'.join(map(str, phase['server_cpu_s']))} "
            f"in {phase['wall_s']} s"
            for name, phase in phases.items()
        ),
        f"votes: sent {votes['sent']}, acked {votes['acked']}, refused {votes['refused'] or 0}, "
        f"unanswered {votes['unanswered']}; Vote rows {votes['vote_rows']}, result "
        f"{votes['acked_counts']} acked vs {votes['stored_counts']} stored; lost "
        f"{votes['lost']}, duplicated {votes['duplicated']}, counted without ack "
        f"{votes['counted_without_ack']}; event chain "
        f"{chain_text(votes['event_chain_problems'])}",
        "",
        "targets:",
    ]
    for name, target in targets.items():
        mark = "met" if target["met"] else "MISSED"
        lines.append(f"  {name:<34}{target['value']!s:>10}  (≤ {target['target']})  {mark}")
    for phase, spots in result["hotspots"].items():
        lines += ["", f"hotspots during the {phase} ({spots['samples']} samples), self %:"]
        lines += [f"  {share:>5.1f}  {frame}" for frame, share in spots["self_percent"]]
        lines += ["  project code, inclusive %:"]
        lines += [
            f"  {share:>5.1f}  {frame}" for frame, share in spots["project_inclusive_percent"]
        ]
    return "\n".join(lines)


STARTED = time.monotonic()


def chain_text(problems: list[str] | None) -> str:
    if problems is None:
        return "not checked (the database could not be read back)"
    return "intact" if not problems else "; ".join(problems[:5])


def say(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {text}", file=sys.stderr, flush=True)


# Running ---------------------------------------------------------------------------------------


def raise_file_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return
    if hard != resource.RLIM_INFINITY and hard < needed:
        raise SystemExit(f"{needed} open files needed, the hard limit is {hard}")
    # Inherited by the servers started after this.
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


def stop_on_sigterm() -> None:
    """SIGTERM and SIGHUP unwind like Ctrl+C, so that every server started here is stopped."""

    def interrupt(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)


def site_code(call: str) -> str:
    return f"import json; from bench import ws_vote_site as site; print(json.dumps(site.{call}))"


def run(options) -> dict:
    with tempfile.TemporaryDirectory(prefix="ratssaal-wsvote-") as folder:
        tmp_dir = Path(folder)
        database_url = serverkit.fresh_database_url(tmp_dir, "wsvote")
        env = serverkit.site_environment(tmp_dir, database_url=database_url)
        if not options.services:
            env.pop("REDIS_URL", None)
        say("Preparing the site (migrate, collectstatic) …")
        serverkit.prepare_site(env, demo=False)
        say(f"Building a body of {options.members} members and opening a named ballot …")
        site = json.loads(
            serverkit.run_python(site_code(f"build({options.members})"), env=env).splitlines()[-1]
        )
        logs = [tmp_dir / f"daphne-{number}.log" for number in range(1, options.workers + 1)]
        with serverkit.running_daphne_processes(
            env, logs, name="WS vote benchmark", options=("-v", "0")
        ) as servers:
            measured = asyncio.run(measure(site, servers, options))
        say("Reading the votes back from the database …")
        try:
            stored = json.loads(
                serverkit.run_python(site_code(f"counted({site['ballot']})"), env=env).splitlines()[
                    -1
                ]
            )
        except serverkit.ServerError as error:
            say(f"Could not read the votes back; the figures stand without that check.\n{error}")
            stored = None
        problems = [line for log in logs for line in log.read_text().splitlines()[1:]]
    result = report(measured, stored, site, options)
    result["server_log_lines"] = problems[-20:]
    return result


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    if options.echo_fd is not None:
        serve_echo(options.echo_fd)
        return 0
    stop_on_sigterm()
    raise_file_limit(3 * (options.member_pages + options.public) + SPARE_FILES)
    options.load_before = load_average()
    try:
        result = run(options)
    except serverkit.ServerError as error:
        say(str(error))
        return 2
    except KeyboardInterrupt:
        say("Interrupted; the servers are stopped.")
        return 130
    print(table(result))
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    say(f"Written to {options.output}")
    votes, results = result["votes"], result["results"]
    failed = (
        votes["lost"]
        or votes["duplicated"]
        or votes["counted_without_ack"]
        or votes["unanswered"]
        or results["missing"]
        or results["duplicated"]
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
