"""What a person sees of a live meeting: simulated live pages against one Daphne worker.

    .venv/bin/python bench/live_pages.py [--members 60,1000] [--public 300,2000]
        [--member-pages 45,1000] [--cpu-pages 100,1000,3000] [--cpu-events 20]

Every page here does what static/js/live.js does (bench/livepage.py). For each size (a body of
--members members, --member-pages of them with the page open, --public anonymous pages), the
benchmark builds a site of its own (SQLite, in-memory channel layer, one Daphne worker without
an access log, as `make run`): the body, an invited meeting with two public items, everyone in
the hall, the meeting started and item 1 called (bench/ws_vote_site.py). Then:

1. Probes: the secretariat's page and one page each of a member and of the public. The
   secretariat makes the changes below from its page, as its buttons would; the probes record
   the JSON text of every message each audience gets (bytes per event and audience).
2. Events: a member marked remote, item 2 called, a member put on the speakers' list, a named
   ballot prepared and opened on item 2 (the ballot closed comes in step 4).
3. Server CPU per event (first size only): public pages open in steps up to each of --cpu-pages;
   at each step Daphne's CPU seconds (utime + stime from /proc/<pid>/stat) while idle for a few
   seconds, then while the secretariat adds a member to the speakers' list and withdraws the
   request again, --cpu-events times in all, each event waited for at every page. CPU per event
   = (CPU used − idle rate × seconds) / events.
4. The vote: the member and public pages open (connect → snapshot per page, and until all have
   it); every member page casts at once (cast → ack); the secretariat closes the ballot: the
   secretariat's ack, and close → result at each page.

It prints the figures and writes bench/results/live_pages.json (see --output); it exits with 1
if a vote was lost or duplicated, a cast went unanswered or a page never got the result.
"""

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench.livepage import (  # noqa: E402
    CpuClock,
    Page,
    PagePlan,
    all_took,
    close_pages,
    open_page,
    open_pages,
)
from bench.percentiles import summary  # noqa: E402
from bench.ws_vote import (  # noqa: E402
    CONNECTING_AT_ONCE,
    SPARE_FILES,
    Watch,
    cast_seconds,
    check_results,
    check_votes,
    load_average,
    page_plans,
    raise_file_limit,
    say,
    site_code,
    source_state,
    staff_plan,
    stop_on_sigterm,
    vote,
)
from tests import serverkit  # noqa: E402

AUDIENCES = ("staff", "members", "public")
EVENTS = (
    ("attendance", "marked"),
    ("agenda", "called"),
    ("speakers", "requested"),
    ("ballot", "prepared"),
    ("ballot", "opened"),
    ("ballot", "closed"),
)
IDLE_SECONDS = 5.0
EVENT_INTERVAL = 0.25  # the server allows a socket 5 requests a second
SETTLE_SECONDS = 1.0


def sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=sizes, default=[60, 1000], help="bodies (60,1000)")
    parser.add_argument(
        "--public", type=sizes, default=[300, 2000], help="public pages, per body (300,2000)"
    )
    parser.add_argument(
        "--member-pages",
        type=sizes,
        default=[45, 1000],
        help="members with the page open, who cast, per body (45,1000)",
    )
    parser.add_argument(
        "--cpu-pages",
        type=sizes,
        default=[100, 1000, 3000],
        help="public pages open while measuring CPU per event, with the first body "
        "(100,1000,3000; empty: not measured)",
    )
    parser.add_argument(
        "--cpu-events", type=int, default=20, help="events per CPU measurement (20)"
    )
    parser.add_argument(
        "--connecting-at-once",
        type=int,
        default=CONNECTING_AT_ONCE,
        help=f"pages opening at once ({CONNECTING_AT_ONCE}; see livepage.open_pages)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60, help="seconds to wait for acks, results, events"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO_ROOT / "bench" / "results" / "live_pages.json",
        help="where to write the figures as JSON",
    )
    options = parser.parse_args(argv)
    if not len(options.members) == len(options.public) == len(options.member_pages):
        parser.error("--members, --public and --member-pages need as many sizes each")
    for members, public, pages in zip(
        options.members, options.public, options.member_pages, strict=True
    ):
        if members < 2 or public < 0 or not 0 < pages <= members:
            parser.error("each body needs 2 members or more, 1 to all of them with a page")
    if options.cpu_events < 2:
        parser.error("--cpu-events must be at least 2 (a request and its withdrawal)")
    return options


# The probes -------------------------------------------------------------------------------------


class Probes:
    """One page per audience; `on_message` of each. Records the size of every event each
    audience gets, and what the secretariat's page learns from the events' state (the speakers'
    list, the ballot)."""

    def __init__(self):
        self.pages: dict[str, Page] = {}
        self.bytes: dict[int, dict[str, int]] = {}  # seq → audience → bytes
        self.kinds: dict[int, str] = {}  # seq → "type op"
        self.snapshot_bytes: dict[str, int] = {}
        self.state: dict[str, object] = {}  # the latest slices the secretariat's page got

    def __call__(self, page: Page, arrived: float, message: dict, text: str) -> None:
        size = len(text.encode())
        if message["type"] == "snapshot":
            self.snapshot_bytes.setdefault(page.audience, size)
        elif page.took(arrived, message):
            self.bytes.setdefault(message["seq"], {})[page.audience] = size
            if message["type"] != "skip":
                self.kinds[message["seq"]] = f"{message['type']} {message.get('op')}"
            if page.audience == "staff":
                self.state.update(message.get("state") or {})

    async def open(self, site: dict, url: str) -> None:
        member, session = site["members"][0]
        plans = {
            "staff": staff_plan(site, [url]),
            "members": PagePlan(
                url, site["meeting"], "probe-member", session=session, person=member
            ),
            "public": PagePlan(url, site["meeting"], "probe-public"),
        }
        for audience, plan in plans.items():
            self.pages[audience] = await open_page(plan, on_message=self)
            if self.pages[audience].audience != audience:
                raise RuntimeError(f"{plan.label} is {self.pages[audience].audience}")

    @property
    def staff(self) -> Page:
        return self.pages["staff"]

    async def change(self, name: str, *, timeout: float, followers=(), **fields) -> int:
        """A change from the secretariat's page; returns its seq once the probes and the
        `followers` have taken its event."""
        ack = await self.staff.request(name, timeout=timeout, **fields)
        if ack["type"] != "ack":
            raise RuntimeError(f"{name} refused: {ack}")
        pages = [*self.pages.values(), *followers]
        if not await all_took(pages, ack["seq"], timeout=timeout):
            raise RuntimeError(f"{name}: event #{ack['seq']} did not reach every page")
        return ack["seq"]

    def figures(self) -> dict:
        """Bytes per audience: of the snapshot, and of each kind of event."""
        events = {}
        for seq, kind in sorted(self.kinds.items()):
            events.setdefault(kind, self.bytes[seq])
        return {"snapshot": self.snapshot_bytes, **events}


async def events_for_bytes(site: dict, probes: Probes, *, timeout: float) -> None:
    """The changes whose messages are measured, all but the ballot's close (the vote's)."""
    last, item = site["members"][-1][0], site["items"][1]
    await probes.change("attendance.mark", person=last, state="remote", timeout=timeout)
    await probes.change("agenda.call", item=item, timeout=timeout)
    await probes.change("speakers.add", person=last, kind="speech", timeout=timeout)


async def open_ballot(site: dict, probes: Probes, *, timeout: float) -> int:
    await probes.change("ballot.prepare", item=site["items"][1], kind="named", timeout=timeout)
    ballot = probes.state["ballot"]["id"]
    await probes.change("ballot.open", ballot=ballot, timeout=timeout)
    return ballot


# Server CPU per event ----------------------------------------------------------------------------


async def cpu_per_event(site, url, probes: Probes, clock: CpuClock, options) -> dict:
    """Daphne's CPU for one event while 100, 1,000, 3,000 … public pages are open."""
    person = site["members"][-2][0]  # not the one on the list already
    pages: list[Page] = []
    steps = []
    try:
        for target in options.cpu_pages:
            plans = [
                PagePlan(url, site["meeting"], f"cpu-public-{number}")
                for number in range(len(pages), target)
            ]
            say(f"CPU per event: opening public pages up to {target} …")
            opened, opening = await open_pages(plans, at_once=options.connecting_at_once, say=say)
            pages += opened
            await asyncio.sleep(SETTLE_SECONDS)
            before = clock.now()
            await asyncio.sleep(IDLE_SECONDS)
            idle = clock.used(before, clock.now())
            before = clock.now()
            for number in range(options.cpu_events):
                started = time.perf_counter()
                if number % 2 == 0:
                    fields = {"person": person, "kind": "speech"}
                    name = "speakers.add"
                else:
                    listed = probes.state["speakers"]["list"]
                    fields = {"request": next(r["id"] for r in listed if r["person"] == person)}
                    name = "speakers.remove"
                await probes.change(name, timeout=options.timeout, followers=pages, **fields)
                await asyncio.sleep(max(0.0, EVENT_INTERVAL - (time.perf_counter() - started)))
            busy = clock.used(before, clock.now())
            open_count = len(pages) + len(probes.pages)
            steps.append(cpu_step(target, open_count, idle, busy, opening, options))
            say(
                f"  {target} public pages: {steps[-1]['cpu_ms_per_event']} ms CPU per event "
                f"(idle {steps[-1]['idle_cpu_ms_per_s']} ms/s)"
            )
    finally:
        await close_pages(pages)
    first, last = steps[0], steps[-1]
    return {
        "event": "speakers requested / withdrawn (alternately)",
        "events_per_step": options.cpu_events,
        "steps": steps,
        "ratio_last_to_first": round(last["cpu_ms_per_event"] / first["cpu_ms_per_event"], 1)
        if first["cpu_ms_per_event"] > 0
        else None,
        "pages_ratio": round(last["pages_open"] / first["pages_open"], 1),
    }


def cpu_step(target: int, open_pages_count: int, idle: dict, busy: dict, opening, options) -> dict:
    idle_rate = idle["server_cpu_s"][0] / idle["wall_s"]
    net = busy["server_cpu_s"][0] - idle_rate * busy["wall_s"]
    per_event = net / options.cpu_events
    return {
        "public_pages": target,
        "pages_open": open_pages_count,
        "idle_cpu_ms_per_s": round(idle_rate * 1000, 1),
        "events_wall_s": busy["wall_s"],
        "events_server_cpu_s": busy["server_cpu_s"][0],
        "events_client_cpu_s": busy["client_cpu_s"],
        "cpu_ms_per_event": round(per_event * 1000, 1),
        "cpu_us_per_event_and_page": round(per_event * 1e6 / open_pages_count, 1),
        "opening": opening.figures(),
    }


# One body ---------------------------------------------------------------------------------------


async def measure_size(site: dict, server, members: int, public: int, options, cpu: bool):
    url, process = server
    clock = CpuClock([process.pid])
    probes = Probes()
    await probes.open(site, url)
    figures = {"members": members, "member_pages": site["member_pages"], "public": public}
    try:
        say("Probes: the secretariat's changes, one page per audience …")
        await events_for_bytes(site, probes, timeout=options.timeout)
        figures["cpu"] = await cpu_per_event(site, url, probes, clock, options) if cpu else None
        site["ballot"] = await open_ballot(site, probes, timeout=options.timeout)
        figures["vote"] = await measure_vote(site, url, probes, clock, options)
    finally:
        await close_pages(list(probes.pages.values()))
    figures["bytes"] = probes.figures()
    return figures


async def measure_vote(site: dict, url: str, probes: Probes, clock: CpuClock, options) -> dict:
    member_pages, public = site["member_pages"], site["public"]
    plans = page_plans(site, [url], member_pages, public)
    watch = Watch(site["ballot"])
    say(f"Opening {len(plans)} pages ({member_pages} of members) …")
    before = clock.now()
    pages, opening = await open_pages(
        plans, at_once=options.connecting_at_once, on_message=watch, say=say
    )
    phases = {"connect": clock.used(before, clock.now())}
    members = pages[:member_pages]
    try:
        voted = await vote(
            site, members, pages, probes.staff, watch, clock, timeout=options.timeout
        )
    finally:
        await close_pages(pages)
    measured = {**voted, "members": members, "public": pages[member_pages:], "watch": watch}
    return {
        "connect": opening.figures(),
        "cast_to_ack_ms": summary(cast_seconds(members)),
        "close_to_ack_ms": voted["close_ack_ms"],
        "close_answer": voted["close_answer"],
        "close_seq": voted["close_seq"],
        "results": check_results(measured),
        "phases": {**phases, **voted["phases"]},
        "measured": measured,
    }


def run_size(members: int, member_pages: int, public: int, options, cpu: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="ratssaal-livepages-") as folder:
        tmp_dir = Path(folder)
        database_url = serverkit.fresh_database_url(tmp_dir, "livepages")
        env = serverkit.site_environment(tmp_dir, database_url=database_url)
        env.pop("REDIS_URL", None)
        say(f"Body of {members} members: preparing the site …")
        serverkit.prepare_site(env, demo=False)
        built = serverkit.run_python(site_code(f"build({members}, items=2, ballot=False)"), env=env)
        site = json.loads(built.splitlines()[-1])
        site.update(member_pages=member_pages, public=public)
        log = tmp_dir / "daphne.log"
        with serverkit.running_daphne_processes(
            env, [log], name="Live pages benchmark", options=("-v", "0")
        ) as (server,):
            figures = asyncio.run(measure_size(site, server, members, public, options, cpu))
        stored = json.loads(
            serverkit.run_python(site_code(f"counted({site['ballot']})"), env=env).splitlines()[-1]
        )
        voted = figures["vote"]
        voted["votes"] = check_votes(voted.pop("measured"), stored, site)
        figures["server_log_lines"] = log.read_text().splitlines()[1:][-20:]
    return figures


# Reporting --------------------------------------------------------------------------------------


def ms(figure: dict, key: str) -> str:
    return f"{figure[key]:.1f}" if key in figure else "–"


def table(result: dict) -> str:
    setup = result["setup"]
    lines = [
        f"Live pages: one Daphne worker, SQLite + in-memory layer; load average "
        f"{setup['load_average']['before'][0]} before, {setup['load_average']['after'][0]} after, "
        f"on {setup['cpus']} CPUs",
        "",
        "close → result at each page (ms)               pages     p50     p95     max  close ack",
    ]
    for size in result["sizes"]:
        voted, results = size["vote"], size["vote"]["results"]
        name = f"{size['members']} members: {size['member_pages']} + {size['public']} public"
        arrival = results["arrival"]
        lines.append(
            f"  {name:<44}{results['pages']:>6}{ms(arrival, 'p50'):>8}{ms(arrival, 'p95'):>8}"
            f"{ms(arrival, 'max'):>8}{voted['close_to_ack_ms']!s:>11}"
        )
    lines += ["", "connect → snapshot                     pages  all have it (s)   p50 ms   max ms"]
    for size in result["sizes"]:
        connect = size["vote"]["connect"]
        each = connect["connect_to_snapshot_ms"]
        name = f"{size['members']} members, vote pages"
        lines.append(
            f"  {name:<36}{connect['pages']:>6}{connect['all_have_snapshot_s']:>17}"
            f"{ms(each, 'p50'):>9}{ms(each, 'max'):>9}"
            + (f"  retries {connect['retries']}" if connect["retries"] else "")
        )
    lines += [
        "",
        "bytes per message (JSON text)        "
        + "".join(
            f"{size['members']:>6} members: staff / members / public   " for size in result["sizes"]
        ),
    ]
    kinds = ["snapshot", *(f"{kind} {op}" for kind, op in EVENTS)]
    for kind in kinds:
        cells = []
        for size in result["sizes"]:
            found = size["bytes"].get(kind, {})
            cells.append(" / ".join(f"{found.get(a, '–'):>7}" for a in AUDIENCES))
        lines.append(f"  {kind:<34}" + "".join(f"{cell:<41}" for cell in cells))
    cpu = next((size["cpu"] for size in result["sizes"] if size["cpu"]), None)
    if cpu:
        lines += [
            "",
            f"server CPU per event ({cpu['event']}, {cpu['events_per_step']} events a step)",
            "  public pages   pages open   idle ms/s   CPU ms/event   µs per event and page",
        ]
        for step in cpu["steps"]:
            lines.append(
                f"  {step['public_pages']:>12}{step['pages_open']:>13}"
                f"{step['idle_cpu_ms_per_s']:>12}{step['cpu_ms_per_event']:>15}"
                f"{step['cpu_us_per_event_and_page']:>24}"
            )
        lines.append(
            f"  ratio {cpu['steps'][-1]['public_pages']}/{cpu['steps'][0]['public_pages']} "
            f"pages: CPU per event × {cpu['ratio_last_to_first']} for × {cpu['pages_ratio']} "
            "pages open"
        )
    lines.append("")
    for size in result["sizes"]:
        voted, votes, results = size["vote"], size["vote"]["votes"], size["vote"]["results"]
        lines.append(
            f"{size['members']} members: cast → ack p50 {ms(voted['cast_to_ack_ms'], 'p50')} / "
            f"max {ms(voted['cast_to_ack_ms'], 'max')} ms; votes sent {votes['sent']}, acked "
            f"{votes['acked']}, lost {votes['lost']}, duplicated {votes['duplicated']}; result at "
            f"{results['with_result']} of {results['pages']} pages ({results['duplicated']} twice, "
            f"gaps {results['gaps']}); the pages sent {results['pages_sent']}; CPU s (client / "
            "server): "
            + "; ".join(
                f"{name} {phase['client_cpu_s']} / {phase['server_cpu_s'][0]} "
                f"in {phase['wall_s']} s"
                for name, phase in voted["phases"].items()
            )
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    stop_on_sigterm()
    biggest = max(
        max(
            pages + public
            for pages, public in zip(options.member_pages, options.public, strict=True)
        ),
        max(options.cpu_pages, default=0),
    )
    raise_file_limit(3 * biggest + SPARE_FILES)
    load_before = load_average()
    result = {"benchmark": "live_pages", "sizes": []}
    try:
        for number, (members, pages, public) in enumerate(
            zip(options.members, options.member_pages, options.public, strict=True)
        ):
            cpu = number == 0 and bool(options.cpu_pages)
            result["sizes"].append(run_size(members, pages, public, options, cpu))
    except serverkit.ServerError as error:
        say(str(error))
        return 2
    except KeyboardInterrupt:
        say("Interrupted; the servers are stopped.")
        return 130
    result["setup"] = {
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "workers": 1,
        "database": "sqlite",
        "channel_layer": "in-memory",
        "connecting_at_once": options.connecting_at_once,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": {"before": load_before, "after": load_average()},
        "source": source_state(),
    }
    print(table(result))
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    say(f"Written to {options.output}")
    failed = any(
        size["vote"]["votes"][key] or size["vote"]["results"][problem]
        for size in result["sizes"]
        for key, problem in (("lost", "missing"), ("duplicated", "duplicated"))
    ) or any(size["vote"]["votes"]["unanswered"] for size in result["sizes"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
