"""A crawler as a portal would run it: start at the System object, follow every address."""

from dataclasses import dataclass, field

from tests.oparl.addresses import API, SITE_URL, SYSTEM


@dataclass
class Crawl:
    # address → HTTP status of every address found in any answer (API, pages, files)
    status: dict[str, int] = field(default_factory=dict)
    # address → decoded JSON of every API answer
    answers: dict[str, dict] = field(default_factory=dict)
    # id → every copy of that object found, embedded or on its own
    objects: dict[str, list[dict]] = field(default_factory=dict)
    # every text of every API answer, for leakage checks
    texts: list[str] = field(default_factory=list)

    def of_type(self, name: str) -> dict[str, dict]:
        return {
            id_: copies[0]
            for id_, copies in self.objects.items()
            if copies[0]["type"] == f"https://schema.oparl.org/1.1/{name}"
        }


def local(url: str) -> str:
    assert url.startswith(SITE_URL), url
    return url.removeprefix(SITE_URL)


def addresses_and_objects(value, crawl: Crawl, found: list[str]) -> None:
    if isinstance(value, dict):
        if "id" in value and "type" in value:
            crawl.objects.setdefault(value["id"], []).append(value)
        for inner in value.values():
            addresses_and_objects(inner, crawl, found)
    elif isinstance(value, list):
        for inner in value:
            addresses_and_objects(inner, crawl, found)
    elif isinstance(value, str) and value.startswith(SITE_URL):
        found.append(value)


def walk(client, *, start: str = SYSTEM) -> Crawl:
    """Fetch every address reachable from `start`: the API's answers are read for more
    addresses, pages and files are only fetched."""
    crawl = Crawl()
    queue = [start]
    while queue:
        url = queue.pop()
        if url in crawl.status:
            continue
        response = client.get(local(url))
        crawl.status[url] = response.status_code
        if not url.startswith(API) or response.status_code != 200:
            # Pages and PDFs are only checked for their status. Reading a file to its end lets
            # the test client close it (`response.close()` would also close the database
            # connection, inside the test's transaction).
            if response.streaming:
                b"".join(response.streaming_content)
            continue
        crawl.texts.append(response.content.decode())
        data = response.json()
        crawl.answers[url] = data
        found: list[str] = []
        addresses_and_objects(data, crawl, found)
        queue.extend(address for address in found if address not in crawl.status)
    return crawl
