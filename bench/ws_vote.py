"""A named vote of N members while M members of the public follow it, over real websockets.

    .venv/bin/python bench/ws_vote.py [--members 1000] [--public 2000] [--services] [--profile DIR]

The benchmark builds a site of its own (a SQLite file in a temporary folder, or with --services
a fresh `<name>_wsvote` database on the PostgreSQL server of DATABASE_URL and the Redis of
REDIS_URL): a body of N voting members (its legal member count), their logged-in sessions, and
an invited meeting of the body with one item (bench/ws_vote_site.py). The roll call puts every
member in the hall, the secretariat starts the meeting, calls the item, prepares and opens a
named ballot, all through the live services. Daphne serves the site without an access log: one
worker with the in-memory channel layer, or with --services two workers on two ports behind the
Redis layer, the clients spread over both.

N member sockets and M anonymous public sockets connect, each with an Origin and, for members,
the session cookie. Then every member casts at once (`cast`, one message per socket) and the
benchmark measures cast → ack. The secretariat closes the ballot over its own socket, and the
benchmark measures the time from sending the close until each of the N + M sockets has the
final result (the `ballot` event with op `closed`). It compares the acknowledged casts with the
result every socket received and with the Vote rows in the database: none may be lost, none
counted twice.

Beside it, as a baseline, a bare `websockets` echo server (one process per Daphne worker) gets
the same number of clients and the same burst of N request/response pairs, just before the casts;
the benchmark reports cast p99 / echo p99.

Targets (client and server on one machine): no lost or duplicated vote; cast p99 at most twice
the echo p99; every socket has the result within 1 s of the close. The table says which are met.
--profile DIR records the server processes with py-spy (not in the requirements: `pip install
py-spy`) during the burst and during the fan-out, and prints their hotspots; py-spy takes CPU
from the machine, so a profiled run's figures are marked as such.

It prints a table and writes bench/results/ws_vote.json (see --output); it exits with 1 if a vote
was lost or duplicated or a socket never got the result.
"""

import argparse
import asyncio
import contextlib
import hashlib
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

from bench.percentiles import summary  # noqa: E402
from tests import serverkit  # noqa: E402
from tests.services.liveclient import (  # noqa: E402
    SESSION_COOKIE,
    RequestRefused,
    open_socket,
)

# Sockets opening at once per server: Daphne's 5 s handshake limit (see connect_all).
CONNECTING_AT_ONCE = 8
ECHO_CONNECTING_AT_ONCE = 50
CONNECT_TRIES = 5
CONNECT_SECONDS = 60
# Echo server, clients and Daphne each hold one descriptor per socket, and the echo baseline
# runs while the meeting's sockets stay open.
SPARE_FILES = 500
SMALL_MESSAGE = 4096  # acks, errors and progress; events with state are larger
GRACE_SECONDS = 0.5
CHOICES = ["yes"] * 6 + ["no"] * 3 + ["abstain"]  # by member number, ten at a time
TARGET_RATIO, TARGET_FANOUT_MS = 2.0, 1000.0
SEQ_AT_END = re.compile(rb'"seq":(\d+)\}\s*$')
PY_SPY_RATE = 100


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000, help="voting members (1000)")
    parser.add_argument("--public", type=int, default=2000, help="public sockets (2000)")
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
    if options.members < 1 or options.public < 0:
        parser.error("--members must be positive and --public not negative")
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


class Client:
    """One socket, kept lean so that 3,000 of them in one process measure the server, not the
    client: small messages (acks, progress) are parsed, large ones (events with state) are only
    fingerprinted on arrival and parsed once per distinct text after the measurement."""

    def __init__(self, connection: ClientConnection, *, label: str, worker: int, texts: dict):
        self.connection, self.label, self.worker, self.texts = connection, label, worker, texts
        self.person: int | None = None
        self.audience: str | None = None
        self.snapshot_seq = 0
        self.snapshot_ballot: dict | None = None
        self.sent: dict[str, float] = {}
        self.replies: dict[str, list[tuple[float, dict]]] = defaultdict(list)
        self.events: list[tuple[float, int, str]] = []  # (arrival, seq, fingerprint)
        self.progress = 0
        self.result_at: float | None = None
        self.closed_by_server: int | None = None
        self.on_reply: Waiting | None = None
        self.on_result: Waiting | None = None
        self.reader: asyncio.Task | None = None

    def start_reading(self) -> None:
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        try:
            while True:
                data = await self.connection.recv(decode=False)
                arrived = time.perf_counter()
                if len(data) <= SMALL_MESSAGE:
                    self.small(arrived, data)
                else:
                    self.large(arrived, data)
        except ConnectionClosed as closed:
            if closed.rcvd is not None and closed.rcvd.code != 1000:
                self.closed_by_server = closed.rcvd.code

    def small(self, arrived: float, data: bytes) -> None:
        message = json.loads(data)
        request_id = message.get("request_id")
        if request_id is not None and str(request_id) in self.sent:
            first = not self.replies[str(request_id)]
            self.replies[str(request_id)].append((arrived, message))
            if first and self.on_reply is not None:
                self.on_reply.arrived()
        elif message.get("type") == "progress":
            self.progress += 1
        elif "seq" in message:
            self.record_event(arrived, message["seq"], data)

    def large(self, arrived: float, data: bytes) -> None:
        found = SEQ_AT_END.search(data[-64:])
        self.record_event(arrived, int(found[1]) if found else -1, data)

    def record_event(self, arrived: float, seq: int, data: bytes) -> None:
        fingerprint = hashlib.blake2b(data, digest_size=16).hexdigest()
        self.texts.setdefault(fingerprint, data)
        self.events.append((arrived, seq, fingerprint))
        # The result of a small body's vote fits in a small message: look in every event.
        if b'"type":"ballot"' in data and b'"op":"closed"' in data and self.result_at is None:
            self.result_at = arrived
            if self.on_result is not None:
                self.on_result.arrived()

    async def send(self, request_id: str, text: str) -> None:
        self.sent[request_id] = time.perf_counter()
        await self.connection.send(text)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.connection.close(), 10)
        if self.reader is not None:
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)


async def connect_client(url: str, *, label: str, worker: int, texts: dict, cookie=None):
    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
    connection = await connect(
        url,
        origin=f"http://{url.split('/')[2]}",
        additional_headers=headers,
        compression=None,  # Daphne offers none; the echo server must not either
        max_size=2**24,
        ping_interval=None,
        open_timeout=CONNECT_SECONDS,
        close_timeout=5,
    )
    return Client(connection, label=label, worker=worker, texts=texts)


@dataclass
class Connecting:
    """How the sockets were opened: seconds from connect to snapshot, and retries."""

    took: list[float] = field(default_factory=list)
    retries: Counter = field(default_factory=Counter)


async def connect_all(plan: list[dict], texts: dict, *, at_once: int, snapshot: bool):
    """Open every planned socket, `at_once` per server at a time, as browsers would retry a
    refused one; with `snapshot`, read the snapshot first. Returns the clients and how it went.

    Daphne drops a socket whose handshake takes longer than 5 s, and the handshake's database
    work waits behind the snapshots of the sockets before it: more at once only fails more."""
    gates = defaultdict(lambda: asyncio.Semaphore(at_once))
    connecting = Connecting()
    opened = Waiting(len(plan))

    async def attempt(entry: dict) -> Client:
        client = await connect_client(
            entry["url"],
            label=entry["label"],
            worker=entry["worker"],
            texts=texts,
            cookie=entry.get("session"),
        )
        if snapshot:
            try:
                data = await asyncio.wait_for(client.connection.recv(decode=False), CONNECT_SECONDS)
            except BaseException:
                await client.close()
                raise
            first = json.loads(data)
            if first.get("type") != "snapshot":
                raise RuntimeError(f"{entry['label']} got {first.get('type')!r} first")
            client.audience = first["you"]["audience"]
            client.snapshot_seq = first["seq"]
            client.snapshot_ballot = first["state"].get("ballot")
        return client

    async def one(entry: dict) -> Client:
        async with gates[entry["worker"]]:
            for tries in range(1, CONNECT_TRIES + 1):
                started = time.perf_counter()
                try:
                    client = await attempt(entry)
                    break
                except (OSError, TimeoutError, InvalidHandshake, ConnectionClosed) as error:
                    connecting.retries[type(error).__name__] += 1
                    if tries == CONNECT_TRIES:
                        problem = f"{entry['label']} could not connect: {error}"
                        raise RuntimeError(problem) from error
                    await asyncio.sleep(tries)
            connecting.took.append(time.perf_counter() - started)
            client.person = entry.get("person")
            client.start_reading()
            opened.arrived()
            if opened.count % 500 == 0 and snapshot:
                say(f"  {opened.count} of {len(plan)} open")
            return client

    tasks = [asyncio.create_task(one(entry)) for entry in plan]
    try:
        clients = await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        done = await asyncio.gather(*tasks, return_exceptions=True)
        await close_all([client for client in done if isinstance(client, Client)])
        raise
    return list(clients), connecting


async def close_all(clients) -> None:
    await asyncio.gather(*(client.close() for client in clients))


async def burst(senders: list[Client], messages: list[tuple[str, str]], waiting: Waiting) -> float:
    """Every sender sends its one message at once; returns once every one has a reply (or the
    time is up). The seconds it took to hand all messages to the sockets."""
    for client in senders:
        client.on_reply = waiting
    started = time.perf_counter()
    await asyncio.gather(
        *(
            client.send(request_id, text)
            for client, (request_id, text) in zip(senders, messages, strict=True)
        )
    )
    return time.perf_counter() - started


def reply_seconds(senders: list[Client]) -> list[float]:
    return [
        replies[0][0] - client.sent[request_id]
        for client in senders
        for request_id, replies in client.replies.items()
        if replies
    ]


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


async def measure_echo(options, texts: dict) -> dict:
    """The same number of clients and the same burst, answered by a bare echo server."""
    total = options.members + options.public
    with echo_servers(options.workers) as urls:
        plan = [
            {
                "url": urls[number % len(urls)],
                "label": f"echo-{number}",
                "worker": number % len(urls),
            }
            for number in range(total)
        ]
        clients, _connecting = await connect_all(
            plan, texts, at_once=ECHO_CONNECTING_AT_ONCE, snapshot=False
        )
        try:
            senders = clients[: options.members]
            messages = [cast_message(number, 0) for number in range(len(senders))]
            waiting = Waiting(len(senders))
            handed = await burst(senders, messages, waiting)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting.done.wait(), options.timeout)
            seconds = reply_seconds(senders)
        finally:
            await close_all(clients)
    return {
        "reply": summary(seconds),
        "unanswered": len(senders) - len(seconds),
        "handed_over_ms": round(handed * 1000, 1),
    }


# The vote ---------------------------------------------------------------------------------------


def cast_message(number: int, ballot: int) -> tuple[str, str]:
    request_id = f"cast-{number:05d}"
    text = json.dumps(
        {
            "type": "cast",
            "ballot": ballot,
            "choice": CHOICES[number % len(CHOICES)],
            "request_id": request_id,
        },
        separators=(",", ":"),
    )
    return request_id, text


def socket_plan(site: dict, urls: list[str], options) -> list[dict]:
    """Members first, then the public; socket i goes to worker i mod workers."""
    path = f"/ws/meetings/{site['meeting']}/"
    plan = []
    members = site["members"][: options.members]
    for number in range(options.members + options.public):
        worker = number % len(urls)
        entry = {
            "url": f"ws{urls[worker].removeprefix('http')}{path}",
            "worker": worker,
            "label": f"w{worker + 1}-{'member' if number < len(members) else 'public'}-{number}",
        }
        if number < len(members):
            entry["person"], entry["session"] = members[number]
        plan.append(entry)
    return plan


class CpuClock:
    """CPU seconds used by this process and by the server processes, phase by phase."""

    def __init__(self, pids: list[int]):
        self.pids = pids

    def now(self) -> dict:
        ticks = os.sysconf("SC_CLK_TCK")
        servers = []
        for pid in self.pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            servers.append((int(fields[11]) + int(fields[12])) / ticks)
        return {"client": time.process_time(), "servers": servers, "wall": time.perf_counter()}

    @staticmethod
    def used(before: dict, after: dict) -> dict:
        return {
            "wall_s": round(after["wall"] - before["wall"], 2),
            "client_cpu_s": round(after["client"] - before["client"], 2),
            "server_cpu_s": [
                round(b - a, 2) for a, b in zip(before["servers"], after["servers"], strict=True)
            ],
        }


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


async def timed(request) -> tuple[dict, float | None]:
    """A request's answer and when it came; a refusal or no answer within the request's
    timeout is an answer too (without a time)."""
    try:
        return await request, time.perf_counter()
    except RequestRefused as refused:
        return refused.reply, None
    except TimeoutError:
        return {"type": "error", "code": "no answer"}, None


async def measure(site: dict, servers: list, options) -> dict:
    urls = [url for url, _process in servers]
    pids = [process.pid for _url, process in servers]
    clock = CpuClock(pids)
    texts: dict[str, bytes] = {}
    plan = socket_plan(site, urls, options)

    say(f"Opening {len(plan)} sockets ({options.members} members) on {len(urls)} worker(s) …")
    phases = {}
    async with profiled(pids, options.profile, "connect") as connect_profiles:
        before = clock.now()
        clients, connecting = await connect_all(
            plan, texts, at_once=CONNECTING_AT_ONCE, snapshot=True
        )
        phases["connect"] = clock.used(before, clock.now())
    connect_seconds = phases["connect"]["wall_s"]
    staff = await open_socket(urls[-1], site["meeting"], session=site["secretariat"], label="staff")
    members, public = clients[: options.members], clients[options.members :]
    try:
        say("Echo baseline …")
        before = clock.now()
        echo = await measure_echo(options, texts)
        phases["echo"] = clock.used(before, clock.now())

        say(f"{options.members} members cast at once …")
        messages = [cast_message(number, site["ballot"]) for number in range(len(members))]
        waiting = Waiting(len(members))
        async with profiled(pids, options.profile, "burst") as burst_profiles:
            before = clock.now()
            handed = await burst(members, messages, waiting)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting.done.wait(), options.timeout)
            phases["burst"] = clock.used(before, clock.now())
        await asyncio.sleep(GRACE_SECONDS)  # the last progress messages

        say("The secretariat closes the ballot …")
        results = Waiting(len(clients))
        for client in clients:
            client.on_result = results
        async with profiled(pids, options.profile, "fanout") as fanout_profiles:
            before = clock.now()
            close_sent = time.perf_counter()
            closing = asyncio.create_task(
                timed(staff.request("ballot.close", ballot=site["ballot"], timeout=options.timeout))
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(results.done.wait(), options.timeout)
            # The ack may come after the results: the event is sent once its row committed.
            close_ack, close_acked = await closing
            phases["fanout"] = clock.used(before, clock.now())
        await asyncio.sleep(GRACE_SECONDS)  # a duplicate would arrive now
    finally:
        say("Closing the sockets …")
        await close_all(clients)
        await staff.close()
    return {
        "connect": {
            "seconds": round(connect_seconds, 1),
            "each": summary(connecting.took),
            "retries": dict(connecting.retries),
        },
        "echo": echo,
        "burst_handed_over_ms": round(handed * 1000, 1),
        "members": members,
        "public": public,
        "texts": texts,
        "close_sent": close_sent,
        "close_ack_ms": round((close_acked - close_sent) * 1000, 1) if close_acked else None,
        "close_seq": close_ack.get("seq"),
        "close_answer": close_ack.get("code", close_ack.get("type")),
        "phases": phases,
        "profiles": {
            "connect": connect_profiles,
            "burst": burst_profiles,
            "fanout": fanout_profiles,
        },
    }


# Checking --------------------------------------------------------------------------------------


def parsed_results(texts: dict, ballot: int) -> dict[str, dict]:
    """The distinct `ballot closed` messages that arrived, parsed, by fingerprint."""
    found = {}
    for fingerprint, data in texts.items():
        if b'"op":"closed"' not in data:
            continue
        message = json.loads(data)
        if message.get("type") == "ballot" and message["state"]["ballot"]["id"] == ballot:
            found[fingerprint] = message
    return found


def check_votes(measured: dict, stored: dict, site: dict) -> dict:
    """Acknowledged casts against the Vote rows and against the result each socket received."""
    members = measured["members"]
    acked, refused, unanswered, repeated_acks = {}, Counter(), 0, 0
    for client in members:
        for request_id in client.sent:
            replies = client.replies.get(request_id, [])
            if not replies:
                unanswered += 1
                continue
            repeated_acks += len(replies) - 1
            _at, reply = replies[0]
            if reply.get("type") == "ack" and reply.get("recorded"):
                number = int(request_id.split("-")[1])
                acked[client.person] = (CHOICES[number % len(CHOICES)], request_id)
            else:
                refused[reply.get("code", reply.get("type"))] += 1
    stored = stored or {"votes": [], "counts": None, "state": None, "chain_problems": None}
    rows = {person: (choice, request_id) for person, choice, request_id, _by in stored["votes"]}
    row_count = Counter(person for person, *_rest in stored["votes"])
    checked_rows = stored["state"] is not None
    lost_in_rows = [p for p, vote in acked.items() if checked_rows and rows.get(p) != vote]
    unacked_rows = [p for p in rows if p not in acked]
    results = parsed_results(measured["texts"], site["ballot"])
    acked_counts = Counter(choice for choice, _request in acked.values())
    wrong_results, lost_in_result, counted_twice = 0, set(), set()
    for message in results.values():
        ballot = message["state"]["ballot"]
        counts = {key: ballot["result"][key] for key in ("yes", "no", "abstain")}
        if counts != {key: acked_counts[key] for key in ("yes", "no", "abstain")}:
            wrong_results += 1
        named = Counter(person for people in ballot["votes"].values() for person in people)
        choice_of = {p: choice for choice, people in ballot["votes"].items() for p in people}
        counted_twice |= {person for person, count in named.items() if count > 1}
        lost_in_result |= {p for p, (choice, _r) in acked.items() if choice_of.get(p) != choice}
    return {
        "sent": sum(len(client.sent) for client in members),
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


def check_results(measured: dict, ballot: int) -> dict:
    """Which sockets got the result, how soon after the close, and once only."""
    clients = [*measured["members"], *measured["public"]]
    close_sent, seq = measured["close_sent"], measured["close_seq"]
    arrivals = [c.result_at - close_sent for c in clients if c.result_at is not None]
    by_worker = defaultdict(list)
    for client in clients:
        if client.result_at is not None:
            by_worker[client.worker + 1].append(client.result_at - close_sent)
    duplicated = sum(
        max(0, sum(1 for _at, s, _f in client.events if s == seq) - 1) for client in clients
    )
    return {
        "sockets": len(clients),
        "with_result": len(arrivals),
        "missing": len(clients) - len(arrivals),
        "duplicated": duplicated,
        "closed_by_server": dict(
            Counter(c.closed_by_server for c in clients if c.closed_by_server is not None)
        ),
        "arrival": summary(arrivals),
        "last_ms": round(max(arrivals) * 1000, 1) if arrivals else None,
        "arrival_by_worker": {worker: summary(values) for worker, values in by_worker.items()},
        "wrong_audience": sum(1 for c in measured["members"] if c.audience != "members")
        + sum(1 for c in measured["public"] if c.audience != "public"),
        "snapshot_without_the_open_ballot": sum(
            1
            for c in clients
            if not c.snapshot_ballot
            or (c.snapshot_ballot["id"], c.snapshot_ballot["state"]) != (ballot, "open")
        ),
        "progress_messages_per_socket": round(
            sum(client.progress for client in clients) / max(1, len(clients)), 1
        ),
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
    results = check_results(measured, site["ballot"])
    cast = summary(reply_seconds(measured["members"]))
    echo = measured["echo"]["reply"]
    ratio = round(cast["p99"] / echo["p99"], 1) if cast.get("p99") and echo.get("p99") else None
    targets = {
        "no_lost_or_duplicated_votes": {
            "value": votes["lost"] + votes["duplicated"] + votes["counted_without_ack"],
            "target": 0,
        },
        "cast_p99_over_echo_p99": {"value": ratio, "target": TARGET_RATIO},
        "last_socket_has_result_ms": {"value": results["last_ms"], "target": TARGET_FANOUT_MS},
    }
    for target in targets.values():
        target["met"] = target["value"] is not None and target["value"] <= target["target"]
    if results["missing"]:
        targets["last_socket_has_result_ms"]["met"] = False
    profiles = measured["profiles"]
    return {
        "benchmark": "ws_vote",
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "setup": {
            "members": options.members,
            "public_sockets": options.public,
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
            "close_to_result_every_socket": results["arrival"],
            "close_to_result_last_socket": results["last_ms"],
            "close_to_result_by_worker": results["arrival_by_worker"],
            "connect_to_snapshot": measured["connect"]["each"],
        },
        "burst_handed_over_ms": {
            "casts": measured["burst_handed_over_ms"],
            "echo": measured["echo"]["handed_over_ms"],
        },
        "connect_all_s": measured["connect"]["seconds"],
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
        ("close → result, every socket", latency["close_to_result_every_socket"]),
    ]
    for worker, figure in sorted(latency["close_to_result_by_worker"].items()):
        if len(latency["close_to_result_by_worker"]) > 1:
            rows.append((f"  sockets on worker {worker}", figure))
    rows.append(("connect → snapshot, per socket", latency["connect_to_snapshot"]))
    lines = [
        f"WS vote: {setup['members']} members + {setup['public_sockets']} public sockets, "
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
        f"{results['sockets']} sockets has the result after {results['last_ms']} ms "
        f"({results['with_result']} got it, {results['duplicated']} twice)",
        f"sockets opened in {result['connect_all_s']} s (retries {result['connect_retries'] or 0}, "
        f"wrong audience {results['wrong_audience']}, snapshot without the open ballot "
        f"{results['snapshot_without_the_open_ballot']})",
        f"burst handed to the sockets in "
        f"{result['burst_handed_over_ms']['casts']} ms (echo "
        f"{result['burst_handed_over_ms']['echo']} ms); progress messages per socket "
        f"{results['progress_messages_per_socket']}",
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
    total = options.members + options.public
    raise_file_limit(3 * total + SPARE_FILES)
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
