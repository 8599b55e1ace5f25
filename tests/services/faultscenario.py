"""A named vote through faults: a worker killed, Redis away, PostgreSQL away.

Shared by the service tests (`test_faults.py`, a few members) and `bench/fault_vote.py` (100 by
default). A site of its own gets a body of N members with an open named ballot
(bench/ws_vote_site.py); two Daphne workers reach PostgreSQL and Redis only through fault
proxies (tests/faultproxy.py), so that an outage never touches the servers others use. The
members are `ReconnectingClient`s, which behave as static/js/live.js does.

Each phase returns its figures as a dict; `tally` compares the acknowledged casts with the Vote
rows in the database.
"""

import asyncio
import json
import os
import signal
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests import faultproxy, serverkit
from tests.services.liveclient import ReconnectingClient, eventually

CHOICES = ("yes", "no", "abstain")
UNAVAILABLE_DE = "vorübergehend nicht verfügbar"
POSTGRES_PORT, REDIS_PORT = 5432, 6379


def site_code(call: str) -> str:
    return f"import json; from bench import ws_vote_site as site; print(json.dumps(site.{call}))"


def services_configured() -> bool:
    return bool(os.environ.get("REDIS_URL")) and os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    )


@dataclass
class Cluster:
    """Two workers of one site behind the proxies; `kill` and `restart` act on one worker."""

    env: dict[str, str]  # the site's own settings: real servers, for commands and checks
    worker_env: dict[str, str]  # the workers': PostgreSQL and Redis through the proxies
    database: faultproxy.FaultProxy
    redis: faultproxy.FaultProxy
    tmp_dir: Path
    site: dict
    workers: list = field(default_factory=list)  # [url, process] per worker

    @property
    def urls(self) -> list[str]:
        return [url for url, _process in self.workers]

    def start_worker(self, number: int) -> None:
        log = self.tmp_dir / f"worker-{number + 1}-{int(time.monotonic() * 1000)}.log"
        url, process = serverkit.start_daphne(
            self.worker_env, log, name=f"Fault worker {number + 1}", options=("-v", "0")
        )
        serverkit.wait_until_healthy(url, process, log)
        if number < len(self.workers):
            self.workers[number] = [url, process]
        else:
            self.workers.append([url, process])

    def revive(self) -> float:
        """Start every killed worker again (on a new port); the seconds it took."""
        started = time.perf_counter()
        for number, (_url, process) in enumerate(self.workers):
            if process.poll() is not None:
                self.start_worker(number)
        return time.perf_counter() - started

    def kill(self, number: int) -> None:
        """`kill -9`: no goodbye to any socket, no cleanup."""
        process = self.workers[number][1]
        os.kill(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for _url, process in self.workers:
            serverkit.stop(process)

    def votes(self) -> list[tuple[int, str, str]]:
        """(person, choice, request_id) of every Vote row of the ballot, read directly."""
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            rows = connection.execute(
                "SELECT person_id, choice, request_id FROM voting_vote WHERE ballot_id = %s",
                [self.site["ballot"]],
            ).fetchall()
        return [tuple(row) for row in rows]

    def event_count(self) -> int:
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            return connection.execute(
                "SELECT count(*) FROM meetings_sessionevent WHERE meeting_id = %s",
                [self.site["meeting"]],
            ).fetchone()[0]

    def counted(self) -> dict:
        """The ballot as stored and the event log's hash chain (bench/ws_vote_site.counted)."""
        code = site_code(f"counted({self.site['ballot']})")
        return json.loads(serverkit.run_python(code, env=self.env).splitlines()[-1])


@contextmanager
def running_cluster(tmp_dir: Path, *, members: int, suffix: str) -> Iterator[Cluster]:
    """A fresh site of `members` members with an open named ballot, served by two workers."""
    database_url = serverkit.fresh_database_url(tmp_dir, suffix)
    env = serverkit.site_environment(tmp_dir, database_url=database_url)
    serverkit.prepare_site(env, demo=False)
    site = json.loads(
        serverkit.run_python(site_code(f"build({members})"), env=env).splitlines()[-1]
    )
    with ExitStack() as stack:
        database = stack.enter_context(faultproxy.proxied(database_url, POSTGRES_PORT))
        redis = stack.enter_context(faultproxy.proxied(env["REDIS_URL"], REDIS_PORT))
        worker_env = {
            **env,
            "DATABASE_URL": database.url(database_url),
            "REDIS_URL": redis.url(env["REDIS_URL"]),
            # The channel names come from the database's name unless REDIS_PREFIX says otherwise:
            # the same for every worker, whichever way it reaches the database.
            "REDIS_PREFIX": env.get("REDIS_PREFIX") or f"ratssaal-{suffix}-{os.getpid()}",
        }
        cluster = Cluster(env, worker_env, database, redis, tmp_dir, site)
        stack.callback(cluster.stop)
        for number in range(2):
            cluster.start_worker(number)
        yield cluster


class Member(ReconnectingClient):
    """Member `number` of the site: their person, and the choice they make."""

    def __init__(self, cluster: Cluster, number: int):
        person, session = cluster.site["members"][number]
        super().__init__(
            cluster.urls,
            cluster.site["meeting"],
            session=session,
            label=f"member-{number}",
            first=number % 2,
            first_backoff=0.25,
        )
        self.number, self.person, self.choice = number, person, CHOICES[number % len(CHOICES)]

    @property
    def request_id(self) -> str:
        return f"{self.label}-cast"


async def connect_members(cluster: Cluster, numbers: range) -> list[Member]:
    """Member `number` starts on worker `number` mod 2; returns once every one has its snapshot."""
    members = [Member(cluster, number).start() for number in numbers]
    if not await eventually(lambda: all(m.snapshot for m in members), 60):
        raise RuntimeError("not every member socket got its snapshot within 60 s")
    return members


async def connect_observers(cluster: Cluster, count: int) -> list[ReconnectingClient]:
    """Anonymous followers of the public view, spread over the workers."""
    observers = [
        ReconnectingClient(
            cluster.urls, cluster.site["meeting"], label=f"public-{n}", first=n, first_backoff=0.25
        ).start()
        for n in range(count)
    ]
    if not await eventually(lambda: all(o.snapshot for o in observers), 30):
        raise RuntimeError("not every public socket got its snapshot within 30 s")
    return observers


async def connect_staff(cluster: Cluster, *, first: int = 1) -> ReconnectingClient:
    staff = ReconnectingClient(
        cluster.urls,
        cluster.site["meeting"],
        session=cluster.site["secretariat"],
        label="staff",
        first=first,
        first_backoff=0.25,
    ).start()
    if not await eventually(lambda: staff.snapshot is not None, 30):
        raise RuntimeError("the secretariat's socket got no snapshot within 30 s")
    return staff


async def cast_all(cluster: Cluster, members: list[ReconnectingClient]) -> None:
    ballot = cluster.site["ballot"]
    await asyncio.gather(*(m.cast(ballot, m.choice, request_id=m.request_id) for m in members))


def settled(members: list[ReconnectingClient]) -> bool:
    return all(not member.unacknowledged for member in members)


async def worker_killed_mid_vote(cluster: Cluster, members, *, timeout: float) -> dict:
    """Every member casts; worker 1 is killed as soon as its first cast is acknowledged, with
    the others of its members still in flight. They reconnect to worker 2 and send again."""
    victim = cluster.urls[0]
    on_victim = [m for m in members if m.worker == victim]
    started = time.perf_counter()
    await cast_all(cluster, members)
    await eventually(lambda: any(m.acks for m in on_victim), timeout)
    acked_before = sum(1 for m in members if m.acks)
    cluster.kill(0)
    killed = time.perf_counter()
    all_acked = await eventually(lambda: settled(members), timeout)
    last_ack = time.perf_counter()
    # A member whose cast was acknowledged before the kill has nothing to send again, so its
    # reconnection may come after the others' last ack: wait for it too.
    await eventually(lambda: all(len(m.connections) > 1 for m in on_victim), timeout)
    return {
        "fault": "worker killed (kill -9) mid-vote",
        "faults": 1,
        "members_on_killed_worker": len(on_victim),
        "acked_before_kill": acked_before,
        "in_flight_at_kill": len(members) - acked_before,
        "reconnected": sum(1 for m in on_victim if len(m.connections) > 1),
        "casts_sent_again": sum(m.sent["cast"] - 1 for m in members),
        "acked_as_repeat": sum(
            1 for m in members if any(a.get("repeated") for a in m.acks.values())
        ),
        "all_acked": all_acked,
        "seconds_from_kill_to_last_ack": round(last_ack - killed, 2),
        "seconds": round(time.perf_counter() - started, 2),
    }


async def redis_away(
    cluster: Cluster, staff, members, voters, *, observers=(), outage: float, timeout: float
) -> dict:
    """Redis is cut for `outage` seconds while `voters` cast and the secretariat changes the
    speakers' list; afterwards every client must have the change (resync) and the next one
    (updates resume)."""
    everyone = [staff, *members, *observers]
    persons = iter(member.person for member in members)
    cluster.redis.cut()
    cut = time.perf_counter()
    await cast_all(cluster, voters)
    during = await staff.request("speakers.add", person=next(persons), kind="speech")
    answered = time.perf_counter()
    await asyncio.sleep(max(0.0, outage - (time.perf_counter() - cut)))
    cluster.redis.restore()
    restored = time.perf_counter()
    changed_seq = during.get("seq") or 0
    resynced = await eventually(lambda: all((c.seq or 0) >= changed_seq for c in everyone), timeout)
    resync_seconds = time.perf_counter() - restored
    all_acked = await eventually(lambda: settled(voters), timeout)
    after = await staff.request("speakers.add", person=next(persons), kind="speech")
    sent_after = time.perf_counter()
    resumed = await eventually(lambda: all(after.get("seq", -1) in c.events for c in everyone), 10)
    return {
        "fault": f"Redis down for {outage:g} s",
        "faults": cluster.redis.cuts,
        "change_during_outage": during.get("type"),
        "change_during_outage_seq": during.get("seq"),
        "clients": len(everyone),
        "resynced": resynced,
        "resynced_by_snapshot": sum(1 for c in everyone if c.snapshots > 1),
        "seconds_to_answer_change_during_outage": round(answered - cut, 2),
        "seconds_from_restore_to_resync": round(resync_seconds, 2),
        "all_acked": all_acked,
        "updates_resumed": resumed,
        "change_after_seq": after.get("seq"),
        "seconds_to_next_update_everywhere": round(time.perf_counter() - sent_after, 2),
    }


def fetch(url: str) -> tuple[int, str]:
    """Status and body of a GET, in German, as a browser would ask; (0, reason) if no answer."""
    request = urllib.request.Request(url, headers={"Accept-Language": "de"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


async def database_away(cluster: Cluster, staff, voters, *, outage: float, timeout: float) -> dict:
    """PostgreSQL is cut while the secretariat sends a change, a page and /healthz are asked for
    and `voters` cast. It stays away for `outage` seconds, and longer if need be, until the
    change, the page and /healthz have their answers: a shorter outage is absorbed (a request
    waits up to the pool's timeout for a connection), and this measures the longer kind.
    Afterwards: recovery, every cast counted, nothing half-written."""
    url = cluster.urls[-1]
    page = f"{url}/meetings/{cluster.site['meeting']}/"
    events_before = cluster.event_count()
    cluster.database.cut()
    cut = time.perf_counter()
    person = voters[0].person
    answers = asyncio.gather(
        staff.request("speakers.add", person=person, kind="speech", timeout=30),
        asyncio.to_thread(fetch, page),
        asyncio.to_thread(fetch, f"{url}/healthz"),
    )
    await asyncio.sleep(0.1)  # the change first: a worker answers its sockets in order
    await cast_all(cluster, voters)
    await asyncio.sleep(max(0.0, outage - (time.perf_counter() - cut)))
    change, (page_status, page_body), (health_status, _body) = await answers
    cluster.database.restore()
    restored = time.perf_counter()
    events_right_after = cluster.event_count()
    recovered = await healthy(f"{url}/healthz", timeout)
    recovery_seconds = time.perf_counter() - restored
    all_acked = await eventually(lambda: settled(voters), timeout)
    after = await staff.request("speakers.add", person=person, kind="speech")
    return {
        "fault": f"PostgreSQL down for {restored - cut:.1f} s",
        "faults": cluster.database.cuts,
        "change_during_outage": change.get("code", change.get("type")),
        "page_status": page_status,
        "page_says_unavailable": UNAVAILABLE_DE in page_body.lower(),
        "healthz_status": health_status,
        "casts_refused_unavailable": sum(m.unavailable for m in voters),
        "half_written_events": events_right_after
        - events_before
        - (1 if change.get("type") == "ack" else 0),
        "recovered": recovered,
        "seconds_from_restore_to_healthy": round(recovery_seconds, 2),
        "all_acked": all_acked,
        "change_after": after.get("type"),
    }


async def healthy(url: str, timeout: float) -> bool:
    """Whether /healthz said 200 within `timeout` seconds (asked again every 0.2 s)."""
    deadline = time.monotonic() + timeout
    while (await asyncio.to_thread(fetch, url))[0] != 200:
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.2)
    return True


def tally(members, votes: list[tuple[int, str, str]]) -> dict:
    """Acknowledged casts of `members` against the Vote rows: counted once, lost, duplicated."""
    rows = Counter(person for person, _choice, _request in votes)
    stored = {person: (choice, request) for person, choice, request in votes}
    acked = [m for m in members if any(a.get("recorded") for a in m.acks.values())]
    expected = {m.person: (m.choice, m.request_id) for m in members}
    return {
        "sent": len(members),
        "messages_sent": sum(m.sent["cast"] for m in members),
        "acknowledged": len(acked),
        "counted": sum(1 for m in members if stored.get(m.person) == expected[m.person]),
        "lost": sum(1 for m in acked if stored.get(m.person) != expected[m.person]),
        "duplicated": sum(rows[m.person] - 1 for m in members if rows[m.person] > 1),
        "refused": sum(len(m.refused) for m in members),
    }
