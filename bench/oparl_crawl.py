"""How long does a crawler take to walk the whole OParl API of the demo town?

    .venv/bin/python bench/oparl_crawl.py [--limit 100] [--output bench/results/oparl_crawl.json]

The benchmark prepares a site of its own (a SQLite file in a temporary folder, or a fresh
`<name>_oparl` database on the PostgreSQL server of DATABASE_URL), loads the demo town, serves it
with one Daphne worker and walks it as a portal does: from /oparl/v1/system over the Body to
every list, page by page (`links.next`, `limit` as given), and to every object address found in
an answer that was not already seen embedded or fetched. Then it downloads every file once
(`accessUrl`). One HTTP/1.1 connection, one request at a time.

It prints the number of requests, objects and bytes and the wall time of both walks, checks that
no object id came twice within one list, and writes the figures as JSON. Exit code 1 if a
request failed.
"""

import argparse
import http.client
import json
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests import serverkit  # noqa: E402

# The ids name this address; the crawler sends their requests to the Daphne it started.
SITE_URL = "http://oparl.bench.example"


class Crawler:
    def __init__(self, server_url: str):
        parts = urllib.parse.urlsplit(server_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.requests = 0
        self.bytes = 0
        self.failures: list[str] = []

    def get(self, url: str) -> bytes | None:
        parts = urllib.parse.urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = self.connection.getresponse()
        body = response.read()
        self.requests += 1
        self.bytes += len(body)
        if response.status != 200:
            self.failures.append(f"{response.status} {url}")
            return None
        return body

    def json(self, url: str) -> dict:
        body = self.get(url)
        return json.loads(body) if body is not None else {}


def objects_in(value, found: dict[str, dict]) -> None:
    if isinstance(value, dict):
        if "id" in value and "type" in value:
            found.setdefault(value["id"], value)
        for inner in value.values():
            objects_in(inner, found)
    elif isinstance(value, list):
        for inner in value:
            objects_in(inner, found)


def walk_api(crawler: Crawler, limit: int) -> dict:
    objects: dict[str, dict] = {}
    duplicates = 0
    system = crawler.json(f"{SITE_URL}/oparl/v1/system")
    objects_in(system, objects)
    bodies = walk_list(crawler, system["body"], limit)
    for body in bodies:
        objects_in(body, objects)
        for key, value in body.items():
            if isinstance(value, str) and "/oparl/v1/body/" in value and key not in ("id",):
                page_objects = walk_list(crawler, value, limit)
                ids = [obj["id"] for obj in page_objects]
                duplicates += len(ids) - len(set(ids))
                objects_in(page_objects, objects)
    # Addresses of objects that were only referenced, never embedded or listed.
    referenced = {
        url
        for obj in list(objects.values())
        for url in addresses(obj)
        if "/oparl/v1/" in url and url not in objects and "/body/" not in url
    }
    for url in sorted(referenced):
        objects_in(crawler.json(url), objects)
    return {"objects": objects, "duplicates": duplicates}


def walk_list(crawler: Crawler, url: str, limit: int) -> list[dict]:
    found, url = [], f"{url}?limit={limit}"
    while url:
        page = crawler.json(url)
        found += page.get("data", [])
        url = page.get("links", {}).get("next")
    return found


def addresses(value) -> list[str]:
    if isinstance(value, dict):
        return [url for inner in value.values() for url in addresses(inner)]
    if isinstance(value, list):
        return [url for inner in value for url in addresses(inner)]
    return [value] if isinstance(value, str) and value.startswith(SITE_URL) else []


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=100, help="objects per list page")
    parser.add_argument(
        "--output", type=Path, default=REPO_ROOT / "bench" / "results" / "oparl_crawl.json"
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = arguments(argv)
    with tempfile.TemporaryDirectory(prefix="ratssaal-oparl-") as folder:
        tmp_dir = Path(folder)
        database_url = serverkit.fresh_database_url(tmp_dir, "oparl")
        env = serverkit.site_environment(tmp_dir, database_url=database_url, SITE_URL=SITE_URL)
        print("Preparing the site (migrate, seed_demo, collectstatic) …", file=sys.stderr)
        serverkit.prepare_site(env)
        with serverkit.running_daphne(env, tmp_dir / "daphne.log", name="OParl crawl") as url:
            crawler = Crawler(url)
            started = time.perf_counter()
            walked = walk_api(crawler, options.limit)
            api_seconds = time.perf_counter() - started
            api_requests, api_bytes = crawler.requests, crawler.bytes
            files = {obj["accessUrl"] for obj in walked["objects"].values() if "accessUrl" in obj}
            started = time.perf_counter()
            for file_url in sorted(files):
                crawler.get(file_url)
            file_seconds = time.perf_counter() - started
    types: dict[str, int] = {}
    for obj in walked["objects"].values():
        name = obj["type"].rsplit("/", 1)[-1]
        types[name] = types.get(name, 0) + 1
    result = {
        "limit": options.limit,
        "api_requests": api_requests,
        "api_bytes": api_bytes,
        "api_seconds": round(api_seconds, 3),
        "objects": len(walked["objects"]),
        "objects_by_type": dict(sorted(types.items())),
        "duplicates_within_lists": walked["duplicates"],
        "files": len(files),
        "file_bytes": crawler.bytes - api_bytes,
        "file_seconds": round(file_seconds, 3),
        "failures": crawler.failures,
    }
    print(
        f"API walk: {api_requests} requests, {result['objects']} objects, "
        f"{api_bytes / 1024:.0f} KiB in {api_seconds:.2f} s (limit {options.limit}); "
        f"files: {len(files)} PDFs, {result['file_bytes'] / 1024:.0f} KiB in {file_seconds:.2f} s; "
        f"duplicates within lists: {walked['duplicates']}; failures: {len(crawler.failures)}"
    )
    print(json.dumps(result["objects_by_type"], ensure_ascii=False))
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 1 if crawler.failures else 0


if __name__ == "__main__":
    sys.exit(main())
