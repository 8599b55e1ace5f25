"""How fast does a change of a running meeting reach every live page that follows it?

    .venv/bin/python bench/live_latency.py [--sockets 100] [--events 50] [--workers 1|2]

The benchmark prepares a site of its own (a SQLite file in a temporary folder, or a fresh
`<name>_bench` database on the PostgreSQL server of DATABASE_URL; Redis from REDIS_URL), loads
the demo town, serves it with Daphne (two workers on two ports with `--workers 2`, which needs
REDIS_URL) and opens the live page of the invited Stadtrat meeting N times: anonymous public
pages and logged-in members' pages, spread over the workers, each a simulated page that does
what static/js/live.js does (bench/livepage.py). The secretariat, on its own page (the control
panel) on the last worker, starts the meeting and makes M changes, one at a time: it marks
members (all but the chair) remote or absent, and every tenth change, once someone is remote,
is a connection failure report for a remote member, which the public sees as `skip`.

For each change it measures, from the moment just before the request is sent, the arrival of
the event (by its `seq`) at every page, and the fan-out spread: arrival minus the arrival at
the first page. It checks that every page took every number after its snapshot exactly once,
public pages a `skip` for what they may not see. It prints a table and writes
bench/results/live_latency.json (see --output); it exits with 1 if an event was lost,
duplicated or shown to the wrong audience.
"""

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench import percentiles  # noqa: E402
from bench.livepage import Page, PagePlan, close_pages, open_page, open_pages  # noqa: E402
from tests import serverkit  # noqa: E402
from tests.services.liveclient import (  # noqa: E402
    RequestRefused,
    demo_meeting_id,
    log_in_all,
)

MEMBER_ACCOUNTS = [f"mitglied{number:02d}" for number in range(1, 31)]
OPENING_AT_ONCE = 20
GRACE_SECONDS = 0.5


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, default=100, help="pages that follow (100)")
    parser.add_argument("--events", type=int, default=50, help="changes to measure (50)")
    parser.add_argument(
        "--workers", type=int, default=1, choices=(1, 2), help="Daphne workers (2 needs REDIS_URL)"
    )
    parser.add_argument(
        "--public", type=float, default=0.5, help="share of anonymous public pages (0.5)"
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=0.25,
        help="seconds from one change to the next (0.25; the server allows 5 requests/s)",
    )
    parser.add_argument(
        "--hidden-every",
        type=int,
        default=10,
        help="every n-th change is one the public may not see (10; 0: none)",
    )
    parser.add_argument(
        "--timeout", type=float, default=10, help="seconds to wait for one event to arrive"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO_ROOT / "bench" / "results" / "live_latency.json",
        help="where to write the figures as JSON",
    )
    options = parser.parse_args(argv)
    if options.workers > 1 and not os.environ.get("REDIS_URL"):
        parser.error("--workers 2 needs REDIS_URL: the in-memory layer stays in one process")
    if options.sockets < 1 or options.events < 1 or not 0 <= options.public <= 1:
        parser.error("--sockets and --events must be positive, --public between 0 and 1")
    return options


# Measuring -------------------------------------------------------------------------------------


@dataclass
class Change:
    seq: int
    kind: str
    sent: float
    ack_seconds: float


@dataclass
class Arrivals:
    """When each event reached each page; `complete(seq)` is set once it reached them all.
    A page's `on_message`."""

    pages: int
    at: dict[int, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    done: dict[int, asyncio.Event] = field(default_factory=lambda: defaultdict(asyncio.Event))

    def __call__(self, page: Page, arrived: float, message: dict, _text: str) -> None:
        if not page.took(arrived, message):
            return  # a duplicate is counted by the page itself
        seen = self.at[message["seq"]]
        seen[page.label] = arrived
        if len(seen) == self.pages:
            self.done[message["seq"]].set()

    def complete(self, seq: int) -> asyncio.Event:
        return self.done[seq]


async def open_followers(urls, meeting, sessions, options, arrivals) -> list[Page]:
    """Public pages first, members after; page i goes to worker i mod workers, so every worker
    serves both kinds."""
    public = round(options.sockets * options.public)
    accounts = list(sessions)
    plans = [
        PagePlan(
            urls[number % len(urls)],
            meeting,
            f"w{number % len(urls) + 1}-{number:03d}",
            session=None
            if number < public
            else sessions[accounts[(number - public) % len(accounts)]],
            worker=number % len(urls),
        )
        for number in range(options.sockets)
    ]
    pages, _opening = await open_pages(plans, at_once=OPENING_AT_ONCE, on_message=arrivals)
    return pages


def seats_of(env: dict[str, str], meeting: int) -> list[list]:
    """Person, role and attendance of every seat of the meeting, from the site's database (a
    page's snapshot carries HTML, not the roll call as data)."""
    code = (
        "import json; from meetings.models import Meeting; from meetings.session import state; "
        f"rows = state.slices(Meeting.objects.get(pk={meeting}), 'staff', ['attendance']); "
        "print(json.dumps([[r['person'], r['role'], r['state']] for r in rows['attendance']]))"
    )
    return json.loads(serverkit.run_python(code, env=env).splitlines()[-1])


def next_request(number: int, seats: list[int], states: dict[int, str], hidden_every: int):
    remote = [seat for seat in seats if states[seat] == "remote"]
    if hidden_every and number % hidden_every == 0 and remote:
        # Only a member taking part remotely can have a connection failure.
        return "failure", {"type": "failure.record", "person": remote[0]}
    person = seats[number % len(seats)]
    states[person] = "absent" if states[person] == "remote" else "remote"
    return "attendance", {"type": "attendance.mark", "person": person, "state": states[person]}


async def change(staff: Page, arrivals: Arrivals, kind: str, request: dict, timeout: float):
    sent = time.perf_counter()
    ack = await staff.request(request.pop("type"), **request)
    acked = time.perf_counter()
    if ack["type"] != "ack":
        raise RequestRefused(ack)
    try:
        await asyncio.wait_for(arrivals.complete(ack["seq"]).wait(), timeout)
    except TimeoutError:
        print(f"  event #{ack['seq']} did not reach every page in {timeout} s", file=sys.stderr)
    return Change(ack["seq"], kind, sent, acked - sent)


async def measure(urls: list[str], meeting: int, seats: list[list], options) -> dict:
    members = options.sockets - round(options.sockets * options.public)
    accounts = MEMBER_ACCOUNTS[: min(len(MEMBER_ACCOUNTS), members)]
    say(f"Logging in the secretariat and {len(accounts)} members …")
    sessions = await log_in_all(urls[0], ["sekretariat", *accounts])
    secretariat = sessions.pop("sekretariat")
    arrivals = Arrivals(options.sockets)
    say(f"Opening {options.sockets} pages on {len(urls)} worker(s) …")
    followers = await open_followers(urls, meeting, sessions, options, arrivals)
    staff = await open_page(
        PagePlan(urls[-1], meeting, "secretariat", session=secretariat, worker=len(urls) - 1)
    )
    # The chair stays in the hall, as some state laws require; the others come and go.
    states = {person: state for person, _role, state in seats}
    seats = [person for person, role, _state in seats if role != "chair"]

    say(f"Starting the meeting and making {options.events} changes …")
    started = await change(staff, arrivals, "start", {"type": "meeting.start"}, options.timeout)
    changes = []
    for number in range(1, options.events + 1):
        kind, request = next_request(number, seats, states, options.hidden_every)
        changes.append(await change(staff, arrivals, kind, request, options.timeout))
        await asyncio.sleep(max(0.0, options.interval - (time.perf_counter() - changes[-1].sent)))
    await asyncio.sleep(GRACE_SECONDS)  # late duplicates would arrive now
    await close_pages([*followers, staff])
    return report(followers, staff, started, changes, arrivals, urls, options, len(accounts))


# Reporting -------------------------------------------------------------------------------------


def summary(seconds: list[float]) -> dict:
    """In milliseconds to two decimals: the latencies of one change are short."""
    return percentiles.summary(seconds, digits=2)


def wrong_views(page: Page, kinds: dict[int, str]) -> list[int]:
    """Events a page took in the wrong form: public must get `skip` exactly for failures."""
    wrong = []
    for seq, arrival in page.arrivals.items():
        hidden = page.audience == "public" and kinds.get(seq) == "failure"
        if (arrival.type == "skip") != hidden:
            wrong.append(seq)
    return wrong


def deliveries(pages: list[Page], last: int, kinds: dict[int, str]) -> dict:
    problems = {"lost": 0, "duplicated": 0, "unexpected": 0, "wrong_view": 0}
    examples = []
    for page in pages:
        found = {**page.seq_problems(last), "wrong_view": wrong_views(page, kinds)}
        for name, seqs in found.items():
            problems[name] += len(seqs)
            if seqs and len(examples) < 10:
                examples.append(f"{page.label} ({page.audience}) {name}: {seqs[:10]}")
    expected = sum(last - page.first_snapshot_seq for page in pages)
    sent = sum((Counter(page.sent) for page in pages), Counter())
    return {"expected": expected, **problems, "pages_sent": dict(sent), "examples": examples}


def report(followers, staff, started, changes, arrivals, urls, options, accounts) -> dict:
    staff_worker = f"w{len(urls)}-"
    every, last, spread, same, other = [], [], [], [], []
    for measured in changes:
        seen = arrivals.at[measured.seq]
        first = min(seen.values())
        last.append(max(seen.values()) - measured.sent)
        for label, arrived in seen.items():
            every.append(arrived - measured.sent)
            spread.append(arrived - first)
            (same if label.startswith(staff_worker) else other).append(arrived - measured.sent)
    start_seen = arrivals.at[started.seq].values()
    kinds = {measured.seq: measured.kind for measured in [started, *changes]}
    final = max(kinds)
    figures = {
        "ack": summary([measured.ack_seconds for measured in changes]),
        "every_page": summary(every),
        "last_page": summary(last),
        "spread": summary(spread),
        "start_last_page": summary([max(start_seen) - started.sent] if start_seen else []),
    }
    if len(urls) > 1:
        figures["every_page_same_worker"] = summary(same)
        figures["every_page_other_worker"] = summary(other)
    public = sum(1 for page in followers if page.audience == "public")
    return {
        "benchmark": "live_latency",
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "setup": {
            "pages": len(followers),
            "public_pages": public,
            "member_pages": len(followers) - public,
            "member_accounts": accounts,
            "events": len(changes),
            "hidden_events": sum(1 for measured in changes if measured.kind == "failure"),
            "interval_s": options.interval,
            "workers": len(urls),
            "database": database_name(),
            "channel_layer": "redis pub/sub" if os.environ.get("REDIS_URL") else "in-memory",
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            # Other work on the machine shows in the figures: the load before and after.
            "load_average": {"before": options.load_before, "after": load_average()},
        },
        "latency_ms": figures,
        "deliveries": deliveries([*followers, staff], final, kinds),
    }


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def database_name() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def table(result: dict) -> str:
    setup, figures, checked = result["setup"], result["latency_ms"], result["deliveries"]
    rows = [
        ("request → ack (secretariat)", figures["ack"]),
        ("change sent → arrival, every page", figures["every_page"]),
        ("change sent → arrival, last page", figures["last_page"]),
        ("fan-out spread (after first)", figures["spread"]),
    ]
    if "every_page_other_worker" in figures:
        rows += [
            ("  pages on the secretariat's worker", figures["every_page_same_worker"]),
            ("  pages on the other worker", figures["every_page_other_worker"]),
        ]
    lines = [
        f"Live latency: {setup['pages']} pages ({setup['public_pages']} public, "
        f"{setup['member_pages']} members on {setup['member_accounts']} accounts), "
        f"{setup['events']} changes ({setup['hidden_events']} hidden from the public), "
        f"{setup['workers']} worker(s), {setup['database']} + {setup['channel_layer']} layer; "
        f"load average {setup['load_average']['before'][0]} before, "
        f"{setup['load_average']['after'][0]} after, on {setup['cpus']} CPUs",
        "",
        f"{'ms':<40}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}",
    ]
    for name, figure in rows:
        values = [figure.get(key, float("nan")) for key in ("p50", "p95", "p99", "max")]
        lines.append(f"{name:<40}" + "".join(f"{value:>9.1f}" for value in values))
    lines += [
        "",
        f"deliveries checked: {checked['expected']}; lost {checked['lost']}, duplicated "
        f"{checked['duplicated']}, unexpected {checked['unexpected']}, "
        f"wrong view {checked['wrong_view']}; requests the pages sent (the secretariat's "
        f"included): {checked['pages_sent']}",
        *checked["examples"],
    ]
    return "\n".join(lines)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    options.load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="ratssaal-bench-") as folder:
        tmp_dir = Path(folder)
        try:
            database_url = serverkit.fresh_database_url(tmp_dir, "bench")
            env = serverkit.site_environment(tmp_dir, database_url=database_url)
            say("Preparing the site (migrate, seed_demo, collectstatic) …")
            serverkit.prepare_site(env)
            meeting = demo_meeting_id(env)
            seats = seats_of(env, meeting)
            logs = [tmp_dir / f"daphne-{number}.log" for number in range(1, options.workers + 1)]
            with serverkit.running_daphnes(env, logs, name="Benchmark") as urls:
                result = asyncio.run(measure(urls, meeting, seats, options))
        except serverkit.ServerError as error:
            say(str(error))
            return 2
        except RequestRefused as refused:
            say(f"The server refused a request of the benchmark: {refused}")
            return 2
    print(table(result))
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    say(f"Written to {options.output}")
    checked = result["deliveries"]
    return (
        1
        if any(checked[name] for name in ("lost", "duplicated", "unexpected", "wrong_view"))
        else 0
    )


if __name__ == "__main__":
    sys.exit(main())
