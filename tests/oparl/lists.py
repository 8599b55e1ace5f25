"""Reading the Body's lists page by page, as a client follows `links.next`."""

from council.models import Municipality
from tests.oparl.addresses import API
from tests.oparl.crawler import local

LISTS = [
    "organization",
    "person",
    "meeting",
    "paper",
    "agenda-item",
    "consultation",
    "file",
    "location",
    "legislative-term",
    "membership",
]


def list_url(name: str) -> str:
    return f"{API}body/{Municipality.objects.get().pk}/{name}"


def walk_pages(client, url: str) -> list[dict]:
    """Every object of a list, following `next` from the first page to the last."""
    objects, pages = [], 0
    while url:
        answer = client.get(local(url))
        assert answer.status_code == 200, answer.content
        page = answer.json()
        objects += page["data"]
        url = page["links"].get("next")
        pages += 1
        assert pages <= 1000
    return objects
