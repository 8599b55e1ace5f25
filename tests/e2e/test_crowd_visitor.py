"""The crowd benchmark's simulated visitor asks for what Chromium asks for (bench/visitor.py).

For each public page of bench/crowd.py (a meeting's live page, the meeting's page, `/`), a fresh
Chromium context loads it and every request it makes is recorded, the websocket included. From
the HTML Chromium got (and, on the live page, the first snapshot its socket received),
`requests_for_page` says what the visitor would ask for: the two must be the same, request for
request. Then Chromium loads the page again, as a repeat visitor: what reaches the server (its
access log) must be what the visitor's HTTP cache would ask for again after the first answers.
"""

import json
import re
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from bench.visitor import WINDOW, Stored, is_fresh, requests_for_page, storable

from .conftest import SERVER_LOG

PAGES = {"live": "/meetings/{id}/live/", "meeting": "/meetings/{id}/", "home": "/"}
SETTLE_SECONDS = 0.5  # after the last expected request: anything more would show by then
WAIT_SECONDS = 10
HTTP_LINE = re.compile(r'"(?:GET|HEAD) ([^"\s]+)')


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the live server)
        return response.read().decode()


@pytest.fixture(scope="module")
def meeting_id(live_server_url) -> int:
    """A meeting of the demo town, the first on the meeting list."""
    return int(re.search(r'href="/meetings/(\d+)/"', get(f"{live_server_url}/meetings/"))[1])


class Recorder:
    """Every request a page makes, the websocket's URL among them, the responses' headers, and
    the frames its socket receives."""

    def __init__(self, page: Page):
        self.urls: list[str] = []
        self.responses: dict[str, tuple[int, dict]] = {}
        self.frames: list[dict] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("response", self.response)
        page.on("websocket", self.socket)

    def response(self, response) -> None:
        self.responses.setdefault(response.url, (response.status, response.all_headers()))

    def socket(self, socket) -> None:
        self.urls.append(socket.url)
        socket.on("framereceived", lambda payload: self.frames.append(json.loads(payload)))

    def wait_for(self, page: Page, wanted) -> None:
        """Until every wanted URL was requested (or WAIT_SECONDS passed), and a moment more."""
        deadline = time.monotonic() + WAIT_SECONDS
        while not set(wanted()) <= set(self.urls) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        page.wait_for_timeout(SETTLE_SECONDS * 1000)

    def snapshot(self) -> dict | None:
        return next((frame for frame in self.frames if frame.get("type") == "snapshot"), None)


@pytest.fixture
def visitor_page(browser: Browser, live_server_url) -> Iterator[Page]:
    """A fresh desktop Chromium context: no cookies, an empty cache, German."""
    context = browser.new_context(locale="de-DE", base_url=live_server_url, viewport=WINDOW)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def server_paths(pytestconfig, since: int) -> list[str]:
    """The paths of the HTTP requests the live server logged since `since` (bytes)."""
    with pytestconfig.stash[SERVER_LOG].open() as log:
        log.seek(since)
        return [match[1] for line in log if (match := HTTP_LINE.search(line))]


@pytest.mark.parametrize("name", list(PAGES))
def test_the_visitor_asks_for_what_chromium_asks_for(
    name, visitor_page, live_server_url, meeting_id, pytestconfig
):
    page_url = f"{live_server_url}{PAGES[name].format(id=meeting_id)}"
    recorder = Recorder(visitor_page)
    response = visitor_page.goto(page_url)
    html = response.text()

    def expected() -> list[str]:
        fetches = requests_for_page(html, page_url, get, snapshot=recorder.snapshot())
        return [page_url, *(fetch.url for fetch in fetches)]

    visitor = expected()
    recorder.wait_for(visitor_page, lambda: visitor)
    if any(url.startswith("ws") for url in visitor):  # its snapshot's regions may add fonts
        assert recorder.snapshot() is not None, "the live page's socket sent no snapshot"
        visitor = expected()
        recorder.wait_for(visitor_page, lambda: visitor)
    assert Counter(recorder.urls) == Counter(visitor)

    # A repeat visit: what a browser's HTTP cache does not answer goes to the server.
    asked_again = [
        url
        for url in visitor
        if not url.startswith("ws") and not from_cache(*recorder.responses[url])
    ]
    logged = pytestconfig.stash[SERVER_LOG].stat().st_size
    again = Recorder(visitor_page)
    visitor_page.goto(page_url)
    again.wait_for(visitor_page, lambda: visitor)
    origin = len(live_server_url)
    assert Counter(server_paths(pytestconfig, logged)) == Counter(u[origin:] for u in asked_again)


def from_cache(status: int, headers: dict) -> bool:
    """Whether the visitor's cache answers a repeat visit at once with this response."""
    if not storable(status, headers):
        return False
    return is_fresh(Stored(b"", headers, time.monotonic(), time.time()))
