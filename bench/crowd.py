"""A crowd of first-time visitors loading public pages at once, in both setups, in one run.

    .venv/bin/python bench/crowd.py [--visitors 100,345,1000] [--setups default,production]
        [--pages live,meeting,home] [--timeout 60] [--output FILE]

Each visitor is a fresh desktop Chromium, simulated (bench/visitor.py): for one page load it
GETs the HTML with a browser's headers, then every subresource Chromium fetches for that page
(stylesheets, scripts, the web fonts the page's text uses, the icon) through at most six
keep-alive connections, keeping the cookies the server sets; on the live page it opens the
websocket as live.js does and waits for the first snapshot. Every fifth visitor asks for English
(Accept-Language), the others for German.

What one run does, for each setup in turn (--setups):

1. A fresh site: "default" as `make run` serves it (a SQLite file, the in-memory channel layer,
   one Daphne worker, REDIS_URL ignored); "production" on a fresh `<name>_crowdbench` database
   on the PostgreSQL server of DATABASE_URL and the Redis of REDIS_URL (defaults: the local
   postgres://postgres@127.0.0.1:5432/ratssaal and redis://127.0.0.1:6379/0), two Daphne
   workers. Both with DEBUG off and without an access log (`-v 0`), the demo town loaded
   (tests/serverkit.py), and a running meeting of a 60-member body with three public items, the
   first called (bench/ws_vote_site.py, `build(60, items=3, ballot=False)`).
2. A visitor loads /accounts/login/ (not measured) from each worker, so that the client has
   parsed the site's stylesheets before any wave: visitors share that work (bench/visitor.py,
   `Renderer`), which each Chromium would do on its own computer.
3. For each page (--pages: the live page `/meetings/<id>/live/` of that meeting, the meeting's
   page `/meetings/<id>/`, and `/`) and each number of visitors N (--visitors):
   - Idle: the workers' CPU seconds (utime + stime from /proc/<pid>/stat) over 2 s of nothing.
   - Wave "first": N new visitors (no cookies, empty caches), visitor i on worker i mod the
     number of workers (round-robin, as nginx would spread them), all released at once by one
     event; each loads the page once. The workers' CPU over the wave, from the release until the
     last visitor is done.
   - Wave "repeat": the same N visitors load the same page again at once, each with its cookies
     and HTTP cache (a fresh response is used without a request, a stale one with an ETag or
     Last-Modified is revalidated), through new connections.
4. Per wave: the status of every request, HTML and subresources apart ("cache": not asked for);
   per visitor the time until the HTML is complete ("answered", the figure of the targets),
   until the HTML and everything it and its stylesheets need are in ("loaded"), and on the live
   page until the socket's snapshot; requests and bytes (bodies as sent, compressed) per load;
   the workers' CPU per page load (all workers' CPU over the wave / N, and the same less the idle
   rate × the wave's seconds), and the client's CPU (it shares the machine's cores).

Targets (on the 2-core machine): no 5xx in either setup; on the production setup, 1,000
simultaneous loads of the live page answered in at most 2 s at p99; on the default, 345 in at
most 3 s. The table says which are met.

It prints a table and writes bench/results/crowd.json (see --output); it exits with 1 if any
request was answered with a 5xx or failed (a connection refused, reset or timed out, a socket
that never opened).
"""

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench.livepage import CpuClock  # noqa: E402
from bench.percentiles import summary  # noqa: E402
from bench.visitor import (  # noqa: E402
    ACCEPT_LANGUAGE,
    CONNECTIONS_PER_HOST,
    USER_AGENT,
    WINDOW,
    Load,
    Renderer,
    Visitor,
)
from bench.ws_vote import (  # noqa: E402
    SPARE_FILES,
    load_average,
    raise_file_limit,
    say,
    site_code,
    source_state,
    stop_on_sigterm,
)
from tests import serverkit  # noqa: E402

SETUPS = {
    "default": {"workers": 1, "database": "sqlite", "channel_layer": "in-memory"},
    "production": {"workers": 2, "database": "postgresql", "channel_layer": "redis"},
}
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ratssaal"
REDIS_URL = "redis://127.0.0.1:6379/0"
PAGES = {
    "live": "/meetings/{meeting}/live/",
    "meeting": "/meetings/{meeting}/",
    "home": "/",
}
WAVES = ("first", "repeat")
ENGLISH_EVERY = 5  # every fifth visitor asks for English
IDLE_SECONDS = 2.0
PAUSE_SECONDS = 1.0  # between waves: closed sockets and connections settle
WARM_UP = "/accounts/login/"  # a public page with the same stylesheets, not measured
FILES_PER_VISITOR = 8  # six connections, the socket, and spare
# (setup, page, visitors, p99 of "answered" in ms at most), first wave.
TARGETS = [("production", "live", 1000, 2000.0), ("default", "live", 345, 3000.0)]


def names(choices):
    def parse(text: str) -> list[str]:
        chosen = [part.strip() for part in text.split(",") if part.strip()]
        unknown = [name for name in chosen if name not in choices]
        if unknown or not chosen:
            raise argparse.ArgumentTypeError(f"choose from {', '.join(choices)}")
        return chosen

    return parse


def sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--visitors", type=sizes, default=[100, 345, 1000], help="crowd sizes (100,345,1000)"
    )
    parser.add_argument(
        "--setups",
        type=names(SETUPS),
        default=list(SETUPS),
        help="default (SQLite, in-memory layer, one worker), production (PostgreSQL + Redis, "
        "two workers); both by default",
    )
    parser.add_argument(
        "--pages", type=names(PAGES), default=list(PAGES), help="live,meeting,home (all)"
    )
    parser.add_argument(
        "--timeout", type=float, default=60, help="seconds a visitor waits for its page (60)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO_ROOT / "bench" / "results" / "crowd.json",
        help="where to write the figures as JSON",
    )
    options = parser.parse_args(argv)
    if not options.visitors or min(options.visitors) < 1:
        parser.error("--visitors needs positive sizes")
    return options


# One wave ---------------------------------------------------------------------------------------


async def wave(visitors: list[Visitor], urls: list[str], name: str, clock: CpuClock):
    """Every visitor loads its page once, all released by one event; their loads and the CPU
    used from the release until the last is done."""
    go = asyncio.Event()
    waiting = 0

    async def one(visitor: Visitor, url: str) -> Load:
        nonlocal waiting
        waiting += 1
        await go.wait()
        return await visitor.load(url, name)

    tasks = [asyncio.create_task(one(v, u)) for v, u in zip(visitors, urls, strict=True)]
    while waiting < len(tasks):
        await asyncio.sleep(0)
    before = clock.now()
    go.set()
    loads = await asyncio.gather(*tasks)
    return loads, clock.used(before, clock.now())


async def crowd(servers, meeting, page, count, clock: CpuClock, renderer, options) -> list:
    """N new visitors on one page: the idle rate, then both waves; a row of figures per wave."""
    parsed_before = renderer.parsed.copy()
    visitors = [
        Visitor(
            number,
            renderer,
            language="en" if number % ENGLISH_EVERY == ENGLISH_EVERY - 1 else "de",
            timeout=options.timeout,
        )
        for number in range(count)
    ]
    path = PAGES[page].format(meeting=meeting)
    urls = [f"{servers[number % len(servers)]}{path}" for number in range(count)]
    await asyncio.sleep(PAUSE_SECONDS)
    before = clock.now()
    await asyncio.sleep(IDLE_SECONDS)
    idle = clock.used(before, clock.now())
    rows = []
    for name in WAVES:
        say(f"  {page} ({path}), {count} visitors, {name} visit …")
        loads, used = await wave(visitors, urls, name, clock)
        rows.append(figures(page, path, count, name, loads, used, idle))
        say(f"    {row_summary(rows[-1])}")
        await asyncio.sleep(PAUSE_SECONDS)
    for row in rows:
        row["documents_parsed"] = dict(renderer.parsed - parsed_before)
        row["unhandled_elements"] = sorted(
            {tag for plan, _root in renderer.plans.values() for tag in plan.unhandled}
        )
    return rows


def figures(page, path, count, name, loads: list[Load], used: dict, idle: dict) -> dict:
    html = Counter(str(load.html.status) for load in loads if load.html)
    subresources = Counter()
    by_destination: dict[str, Counter] = {}
    conditional = Counter()
    sent = bytes_ = 0
    for load in loads:
        for answer in load.answers[1:]:
            if answer.destination == "websocket":
                continue
            subresources[str(answer.status)] += 1
            by_destination.setdefault(answer.destination, Counter())[str(answer.status)] += 1
        for answer in load.answers:
            if answer.conditional:
                conditional[str(answer.status)] += 1
            if answer.status != "cache":
                sent += 1
            bytes_ += answer.bytes
    server = sum(used["server_cpu_s"])
    idle_rate = sum(idle["server_cpu_s"]) / idle["wall_s"] if idle["wall_s"] else 0.0
    sockets = [load for load in loads if load.snapshot is not None or load.socket_error]
    return {
        "page": page,
        "path": path,
        "visitors": count,
        "wave": name,
        "html_status": dict(html),
        "subresource_status": dict(subresources),
        "subresource_status_by_destination": {k: dict(v) for k, v in by_destination.items()},
        "conditional_requests": dict(conditional),
        "unanswered": sum(1 for load in loads if load.answered is None),
        "answered_ms": summary([load.answered for load in loads if load.answered is not None]),
        "loaded_ms": summary([load.loaded for load in loads if load.loaded is not None]),
        "snapshot_ms": summary([load.snapshot for load in loads if load.snapshot is not None]),
        "sockets": {
            "opened": sum(1 for load in sockets if load.snapshot is not None),
            "failed": dict(Counter(load.socket_error for load in sockets if load.socket_error)),
            "retries": sum(load.socket_retries for load in loads),
            "closed_by_server": sum(1 for load in loads if load.closed_by_server),
        },
        "requests_per_load": round(sent / count, 2),
        "bytes_per_load": round(bytes_ / count),
        "cpu": {
            **used,
            "idle_cpu_ms_per_s": round(idle_rate * 1000, 1),
            "server_cpu_ms_per_load": round(server * 1000 / count, 2),
            "server_cpu_ms_per_load_less_idle": round(
                (server - idle_rate * used["wall_s"]) * 1000 / count, 2
            ),
        },
    }


def row_summary(row: dict) -> str:
    answered = row["answered_ms"]
    return (
        f"HTML {statuses(row['html_status'])}; subresources "
        f"{statuses(row['subresource_status'])}; answered p50 {answered.get('p50', '–')} / p99 "
        f"{answered.get('p99', '–')} ms; {row['cpu']['server_cpu_ms_per_load']} ms CPU per load"
    )


# One setup --------------------------------------------------------------------------------------


async def measure_setup(servers, meeting: int, options) -> list[dict]:
    clock = CpuClock([process.pid for _url, process in servers])
    urls = [url for url, _process in servers]
    renderer = await warmed_renderer(urls, options)
    rows = []
    for page in options.pages:
        for count in options.visitors:
            rows += await crowd(urls, meeting, page, count, clock, renderer, options)
    return rows


async def warmed_renderer(urls: list[str], options) -> Renderer:
    """The visitors' shared work, with the site's stylesheets parsed already: a visitor loads
    a page that is not measured (with the same stylesheets) from every worker, so that no wave
    waits for the client to parse them (Chromium parses them in each visitor's own computer)."""
    renderer = Renderer()
    for number, url in enumerate(urls):
        await Visitor(-1 - number, renderer, timeout=options.timeout).load(f"{url}{WARM_UP}", "-")
    return renderer


def site_database(setup: str, tmp_dir: Path) -> str:
    if setup == "default":
        return f"sqlite:///{tmp_dir / 'crowd.sqlite3'}"
    url = os.environ.get("DATABASE_URL") or DATABASE_URL
    with mock.patch.dict(os.environ, {"DATABASE_URL": url}):
        return serverkit.fresh_database_url(tmp_dir, "crowdbench")


def run_setup(setup: str, options) -> dict:
    with tempfile.TemporaryDirectory(prefix="ratssaal-crowd-") as folder:
        tmp_dir = Path(folder)
        env = serverkit.site_environment(tmp_dir, database_url=site_database(setup, tmp_dir))
        if setup == "default":
            env.pop("REDIS_URL", None)
        else:
            env["REDIS_URL"] = os.environ.get("REDIS_URL") or REDIS_URL
        say(f"{setup}: preparing the site (migrate, demo town, collectstatic) …")
        serverkit.prepare_site(env, demo=True)
        built = serverkit.run_python(site_code("build(60, items=3, ballot=False)"), env=env)
        meeting = json.loads(built.splitlines()[-1])["meeting"]
        workers = SETUPS[setup]["workers"]
        logs = [tmp_dir / f"daphne-{number}.log" for number in range(1, workers + 1)]
        with serverkit.running_daphne_processes(
            env, logs, name=f"Crowd benchmark ({setup})", options=("-v", "0")
        ) as servers:
            say(f"{setup}: {workers} worker(s) at {', '.join(url for url, _ in servers)}")
            rows = asyncio.run(measure_setup(servers, meeting, options))
        log_lines = [line for log in logs for line in log.read_text().splitlines()[1:]]
    return {**SETUPS[setup], "meeting": meeting, "rows": rows, "server_log_lines": log_lines[-20:]}


# Reporting --------------------------------------------------------------------------------------


def statuses(counts: dict) -> str:
    return " ".join(f"{status}×{count}" for status, count in sorted(counts.items())) or "–"


def failures(counts: dict) -> int:
    return sum(
        count
        for status, count in counts.items()
        if status.startswith("error") or (status.isdigit() and int(status) >= 500)
    )


def setup_failures(result: dict) -> dict:
    """5xx answers and failed requests or sockets, per setup."""
    found = {}
    for name, setup in result["setups"].items():
        found[name] = sum(
            failures(row["html_status"])
            + failures(row["subresource_status"])
            + sum(row["sockets"]["failed"].values())
            for row in setup["rows"]
        )
    return found


def targets(result: dict) -> list[dict]:
    checked = [
        {
            "target": f"no 5xx and no failed request: {name}",
            "value": count,
            "limit": 0,
            "met": count == 0,
        }
        for name, count in setup_failures(result).items()
    ]
    for setup, page, visitors, limit in TARGETS:
        rows = result["setups"].get(setup, {}).get("rows", [])
        row = next(
            (
                r
                for r in rows
                if r["page"] == page and r["visitors"] == visitors and r["wave"] == "first"
            ),
            None,
        )
        value = row["answered_ms"].get("p99") if row else None
        met = None if row is None else (row["unanswered"] == 0 and value is not None)
        checked.append(
            {
                "target": f"{setup}: {visitors:,} loads of the {page} page at once, answered p99",
                "value": value,
                "limit": limit,
                "met": None if met is None else met and value <= limit,
            }
        )
    return checked


def table(result: dict) -> str:
    setup = result["setup"]
    lines = [
        f"Crowd: visitors loading a page at once; load average {setup['load_average']['before'][0]}"
        f" before, {setup['load_average']['after'][0]} after, on {setup['cpus']} CPUs",
        "",
        f"{'setup':<11}{'page':<8}{'visitors':>8}  {'wave':<7}{'HTML':<18}{'subresources':<26}"
        f"{'answered p50/p99/max ms':>25}{'loaded p50/p99':>17}{'snapshot p99':>13}"
        f"{'req/load':>9}{'kB/load':>8}{'CPU ms/load (−idle)':>21}",
    ]
    for name, found in result["setups"].items():
        for row in found["rows"]:
            answered, loaded, snapshot = row["answered_ms"], row["loaded_ms"], row["snapshot_ms"]
            cpu = row["cpu"]
            lines.append(
                f"{name:<11}{row['page']:<8}{row['visitors']:>8}  {row['wave']:<7}"
                f"{statuses(row['html_status']):<18}{statuses(row['subresource_status']):<26}"
                f"{triple(answered, 'p50', 'p99', 'max'):>25}{triple(loaded, 'p50', 'p99'):>17}"
                f"{triple(snapshot, 'p99'):>13}{row['requests_per_load']:>9}"
                f"{row['bytes_per_load'] / 1000:>8.1f}"
                f"{cpu['server_cpu_ms_per_load']:>11} ({cpu['server_cpu_ms_per_load_less_idle']})"
            )
    lines += ["", "sockets (live page), client CPU, unanswered:"]
    for name, found in result["setups"].items():
        for row in found["rows"]:
            sockets = row["sockets"]
            lines.append(
                f"  {name} {row['page']} {row['visitors']} {row['wave']}: "
                + (
                    f"sockets opened {sockets['opened']}, failed {sockets['failed'] or 0}, "
                    f"retries {sockets['retries']}; "
                    if row["page"] == "live"
                    else ""
                )
                + f"wave {row['cpu']['wall_s']} s, client CPU {row['cpu']['client_cpu_s']} s, "
                f"server CPU {'+'.join(map(str, row['cpu']['server_cpu_s']))} s; "
                f"unanswered {row['unanswered']}; conditional "
                f"{statuses(row['conditional_requests'])}"
            )
    lines += ["", "targets:"]
    for target in result["targets"]:
        mark = {True: "met", False: "MISSED", None: "not measured"}[target["met"]]
        lines.append(
            f"  {target['target']:<66}{target['value']!s:>8}  (≤ {target['limit']})  {mark}"
        )
    return "\n".join(lines)


def triple(figure: dict, *keys: str) -> str:
    return " / ".join(f"{figure[key]:.0f}" if key in figure else "–" for key in keys)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    stop_on_sigterm()
    raise_file_limit(FILES_PER_VISITOR * max(options.visitors) + SPARE_FILES)
    load_before = load_average()
    result = {"benchmark": "crowd", "setups": {}}
    try:
        for setup in options.setups:
            result["setups"][setup] = run_setup(setup, options)
    except serverkit.ServerError as error:
        say(str(error))
        return 2
    except KeyboardInterrupt:
        say("Interrupted; the servers are stopped.")
        return 130
    result["setup"] = {
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "visitors": options.visitors,
        "pages": options.pages,
        "browser": {
            "user_agent": USER_AGENT,
            "accept_language": ACCEPT_LANGUAGE,
            "english_every": ENGLISH_EVERY,
            "connections_per_host": CONNECTIONS_PER_HOST,
            "window": WINDOW,
        },
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": {"before": load_before, "after": load_average()},
        "source": source_state(),
    }
    result["targets"] = targets(result)
    print(table(result))
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    say(f"Written to {options.output}")
    return 1 if any(setup_failures(result).values()) else 0


if __name__ == "__main__":
    sys.exit(main())
