"""A named vote of N members through faults: a worker killed, Redis away, PostgreSQL away.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/fault_vote.py \\
        [--members 100] [--outage 2] [--timeout 60] [--output bench/results/fault_vote.json]

A fresh site (database `<name>_faultvote` on the server of DATABASE_URL, never the database
named there) gets a body of N members and an open named ballot (bench/ws_vote_site.py). Two
Daphne workers reach PostgreSQL and Redis only through fault proxies (tests/faultproxy.py), so
that the outages below never touch the servers others use. The members connect, spread over both
workers, as clients that behave like static/js/live.js: reconnect with backoff to a worker that
answers, `hello` with their last seq, send unacknowledged casts again with the same request id.

1. Half the members cast at once; as soon as the first of them is acknowledged by worker 1, it
   is killed (SIGKILL), with the other casts in flight. The killed worker is started again.
2. Redis is away for --outage seconds while a quarter of the members cast and the secretariat
   changes the speakers' list: afterwards every client must have that change and the next.
3. PostgreSQL is away while the rest cast, the secretariat sends a change and a page and
   /healthz are asked for: at least --outage seconds, and until those have their answers (503
   "vorübergehend nicht verfügbar"; an outage shorter than the pool's wait of 3 s is absorbed,
   the requests just wait).
4. The secretariat closes the ballot. Every member's vote must be counted exactly once, no
   acknowledged vote missing, the event log's hash chain intact.

It prints a table (faults injected, votes sent, acknowledged, counted, lost, duplicated) and
writes the figures as JSON; it exits with 1 if a vote was lost, duplicated or never acknowledged,
or the chain is broken.
"""

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests import serverkit  # noqa: E402
from tests.services import faultscenario as scenario  # noqa: E402

OBSERVERS = 4  # public sockets, spread over both workers, following the meeting


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100, help="voting members (100)")
    parser.add_argument(
        "--outage", type=float, default=2.0, help="seconds Redis and PostgreSQL are away (2)"
    )
    parser.add_argument(
        "--timeout", type=float, default=60, help="seconds to wait for acks and resyncs (60)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO_ROOT / "bench" / "results" / "fault_vote.json",
        help="where to write the figures as JSON",
    )
    options = parser.parse_args(argv)
    if options.members < 4:
        parser.error("--members must be at least 4 (one group per fault, two for the kill)")
    if not scenario.services_configured():
        parser.error("the fault benchmark needs DATABASE_URL=postgres://… and REDIS_URL")
    return options


def groups(members: int) -> tuple[range, range, range]:
    """Half cast during the kill, a quarter while Redis is away, the rest without PostgreSQL."""
    killed = members // 2
    redis = killed + max(1, members // 4)
    return range(0, killed), range(killed, redis), range(redis, members)


async def vote_through_faults(cluster: scenario.Cluster, options) -> dict:
    killed, redis, database = groups(options.members)
    say(f"Connecting {options.members} members and the secretariat …")
    staff = await scenario.connect_staff(cluster)
    members = await scenario.connect_members(cluster, range(options.members))
    observers = []
    try:
        say(f"{len(killed)} members cast; worker 1 is killed with casts in flight …")
        kill = await scenario.worker_killed_mid_vote(
            cluster, members[killed.start : killed.stop], timeout=options.timeout
        )
        kill["seconds_to_restart_worker"] = round(await asyncio.to_thread(cluster.revive), 2)
        observers = await scenario.connect_observers(cluster, OBSERVERS)
        say(f"Redis away for {options.outage:g} s while {len(redis)} members cast …")
        redis_figures = await scenario.redis_away(
            cluster,
            staff,
            members,
            members[redis.start : redis.stop],
            observers=observers,
            outage=options.outage,
            timeout=options.timeout,
        )
        say(f"PostgreSQL away for {options.outage:g} s while {len(database)} members cast …")
        database_figures = await scenario.database_away(
            cluster,
            staff,
            members[database.start : database.stop],
            outage=options.outage,
            timeout=options.timeout,
        )
        say("The secretariat closes the ballot …")
        closing = await close_ballot(cluster, staff, [*members, *observers], options.timeout)
    finally:
        await asyncio.gather(staff.stop(), *(client.stop() for client in [*members, *observers]))
    return {
        "phases": [kill, redis_figures, database_figures],
        "groups": [killed, redis, database],
        "members": members,
        "close": closing,
    }


async def close_ballot(cluster, staff, clients, timeout: float) -> dict:
    ballot = cluster.site["ballot"]
    sent = time.perf_counter()
    answer = await staff.request("ballot.close", ballot=ballot, timeout=timeout)
    seq = answer.get("seq")
    everyone = [staff, *clients]
    arrived = await scenario.eventually(lambda: all(seq in c.events for c in everyone), timeout)
    result = staff.events.get(seq, {}).get("state", {}).get("ballot", {}).get("result", {})
    return {
        "answer": answer.get("code", answer.get("type")),
        "result": {key: result.get(key) for key in ("yes", "no", "abstain")},
        "clients_with_result": sum(1 for c in everyone if seq in c.events),
        "clients": len(everyone),
        "all_clients_have_result": arrived,
        "seconds": round(time.perf_counter() - sent, 2),
    }


def report(measured: dict, votes: list, stored: dict, options) -> dict:
    members = measured["members"]
    rows = []
    for phase, group in zip(measured["phases"], measured["groups"], strict=True):
        tally = scenario.tally(members[group.start : group.stop], votes)
        rows.append({"fault": phase["fault"], "faults": phase["faults"], **tally})
    total = scenario.tally(members, votes)
    total = {"fault": "all", "faults": sum(row["faults"] for row in rows), **total}
    acked = Counter(m.choice for m in members if m.acks)
    return {
        "benchmark": "fault_vote",
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "setup": {
            "members": options.members,
            "observers": OBSERVERS,
            "workers": 2,
            "outage_s": options.outage,
            "database": "postgresql through a fault proxy",
            "channel_layer": "redis pub/sub through a fault proxy",
            "cpus": os.cpu_count(),
            "load_average": {"before": options.load_before, "after": load_average()},
        },
        "votes": [*rows, total],
        "phases": measured["phases"],
        "close": measured["close"],
        "stored": {
            "state": stored["state"],
            "counts": stored["counts"],
            "acked_counts": {key: acked[key] for key in ("yes", "no", "abstain")},
            "vote_rows": len(stored["votes"]),
            "events": stored["events"],
            "event_chain_problems": stored["chain_problems"],
        },
    }


def table(result: dict) -> str:
    setup, close, stored = result["setup"], result["close"], result["stored"]
    kill, redis, database = result["phases"]
    header = ("fault", "faults", "votes sent", "acknowledged", "counted", "lost", "duplicated")
    keys = ("fault", "faults", "sent", "acknowledged", "counted", "lost", "duplicated")
    lines = [
        f"Fault vote: {setup['members']} members and {setup['observers']} public sockets on "
        f"2 Daphne workers, PostgreSQL and Redis through fault proxies; load average "
        f"{setup['load_average']['before'][0]} before, {setup['load_average']['after'][0]} after, "
        f"on {setup['cpus']} CPUs",
        "",
        f"{header[0]:<36}" + "".join(f"{name:>13}" for name in header[1:]),
    ]
    for row in result["votes"]:
        lines.append(f"{row['fault']:<36}" + "".join(f"{row[key]!s:>13}" for key in keys[1:]))
    lines += [
        "",
        f"worker kill: {kill['members_on_killed_worker']} members on the killed worker, "
        f"{kill['in_flight_at_kill']} casts unacknowledged at the kill, "
        f"{kill['reconnected']} reconnected to the other worker, {kill['casts_sent_again']} "
        f"casts sent again ({kill['acked_as_repeat']} acknowledged as a repeat); last ack "
        f"{kill['seconds_from_kill_to_last_ack']} s after the kill; worker started again in "
        f"{kill['seconds_to_restart_worker']} s",
        f"Redis away: the change made meanwhile → {redis['change_during_outage']} after "
        f"{redis['seconds_to_answer_change_during_outage']} s; all {redis['clients']} clients "
        f"had it {redis['seconds_from_restore_to_resync']} s after Redis was back "
        f"({redis['resynced_by_snapshot']} by a fresh snapshot); the next change reached "
        f"everyone: {redis['updates_resumed']} ({redis['seconds_to_next_update_everywhere']} s)",
        f"PostgreSQL away: the change sent meanwhile → {database['change_during_outage']}; "
        f"page {database['page_status']} (says 'vorübergehend nicht verfügbar': "
        f"{database['page_says_unavailable']}), /healthz {database['healthz_status']}; "
        f"{database['casts_refused_unavailable']} casts answered 'unavailable' and sent again; "
        f"half-written events {database['half_written_events']}; healthy again "
        f"{database['seconds_from_restore_to_healthy']} s after it was back",
        f"close: {close['answer']}; result {close['result']} at {close['clients_with_result']} of "
        f"{close['clients']} clients in {close['seconds']} s; stored {stored['counts']} vs acked "
        f"{stored['acked_counts']}; Vote rows {stored['vote_rows']}; event chain "
        + (
            "intact"
            if not stored["event_chain_problems"]
            else "; ".join(stored["event_chain_problems"][:3])
        ),
    ]
    return "\n".join(lines)


def failed(result: dict) -> bool:
    total = result["votes"][-1]
    return bool(
        total["lost"]
        or total["duplicated"]
        or total["acknowledged"] != total["sent"]
        or total["counted"] != total["sent"]
        or result["stored"]["event_chain_problems"]
        or result["stored"]["counts"] != result["stored"]["acked_counts"]
        or not result["close"]["all_clients_have_result"]
    )


STARTED = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {text}", file=sys.stderr, flush=True)


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def run(options) -> dict:
    with tempfile.TemporaryDirectory(prefix="ratssaal-faultvote-") as folder:
        say(f"Preparing a site with {options.members} members and an open named ballot …")
        with scenario.running_cluster(
            Path(folder), members=options.members, suffix="faultvote"
        ) as cluster:
            measured = asyncio.run(vote_through_faults(cluster, options))
            say("Reading the votes back from the database …")
            votes, stored = cluster.votes(), cluster.counted()
    return report(measured, votes, stored, options)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    options.load_before = load_average()
    try:
        result = run(options)
    except serverkit.ServerError as error:
        say(str(error))
        return 2
    print(table(result))
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    say(f"Written to {options.output}")
    return 1 if failed(result) else 0


if __name__ == "__main__":
    sys.exit(main())
