"""Live screens at audience scale: several real pages of every audience follow the chair; an event
reaches each of them without a single HTTP request, and a page kept current by events shows what
a fresh load of the page shows, the user's own part included."""

import re

from playwright.sync_api import Page, expect

from .conftest import SERVER_LOG
from .test_live_session import (
    PUBLIC_ONE,
    call,
    current_item,
    live_pages,  # noqa: F401 - a fixture
    meeting,  # noqa: F401 - a fixture
    status,
)

HTTP_LINE = re.compile(r'"(GET|POST|HEAD|PUT|DELETE) ')


def requests_of(pages: list[Page]) -> list[list[str]]:
    """Every HTTP request each page makes from now on."""
    made = [[] for _ in pages]
    for page, requests in zip(pages, made, strict=True):
        page.on("request", lambda request, requests=requests: requests.append(request.url))
    return made


def state_of(page: Page) -> str:
    """The live part of the page as it stands, but for what differs from page to page anyway:
    the CSRF token and request ids of its forms, and the running speaking time."""
    html = page.locator("#live-state").inner_html()
    html = re.sub(r'(name="(csrfmiddlewaretoken|request_id)" value=")[^"]*"', r'\1"', html)
    return re.sub(r'(class="live-timer[^>]*>)[^<]*', r"\1", html)


def test_an_event_reaches_every_page_of_every_audience_without_a_request(
    meeting,  # noqa: F811
    live_pages,  # noqa: F811
    pytestconfig,
):
    chair = live_pages.open(meeting.live, user="vorsitz")
    pages = [
        live_pages.open(meeting.live, user="mitglied01"),
        live_pages.open(meeting.live, user="mitglied02"),
        live_pages.open(meeting.live, user="sekretariat"),
        *(live_pages.open(meeting.live) for _ in range(3)),
        live_pages.open(meeting.display),
    ]
    for page in pages:
        page.wait_for_load_state("networkidle")
    requests = requests_of(pages)
    log = pytestconfig.stash[SERVER_LOG]
    logged_before = log.stat().st_size

    chair.get_by_role("button", name="Sitzung eröffnen").click()
    call(chair, meeting, PUBLIC_ONE)

    for page in pages:
        expect(status(page)).to_contain_text("Läuft seit")
        expect(current_item(page)).to_contain_text(PUBLIC_ONE)
    assert requests == [[] for _ in pages]
    with log.open() as server_log:
        server_log.seek(logged_before)
        assert [line for line in server_log if HTTP_LINE.search(line)] == []


def test_a_page_kept_current_by_events_equals_a_fresh_load(
    meeting,  # noqa: F811
    live_pages,  # noqa: F811
):
    chair = live_pages.open(meeting.live, user="vorsitz")
    followers = {
        "mitglied01": live_pages.open(meeting.live, user="mitglied01"),
        "sekretariat": live_pages.open(meeting.live, user="sekretariat"),
        None: live_pages.open(meeting.live),
    }

    chair.get_by_role("button", name="Sitzung eröffnen").click()
    call(chair, meeting, PUBLIC_ONE)
    member = followers["mitglied01"]
    member.get_by_role("button", name="Wortmeldung", exact=True).click()
    expect(member.locator("#live-you")).to_contain_text("Sie stehen auf der Redeliste.")
    chair.get_by_role("button", name="Thomas Becker: Anwesend im Saal").click()
    expect(member.locator("#live-you")).to_contain_text("Anwesend im Saal")

    for user, page in followers.items():
        expect(current_item(page)).to_contain_text(PUBLIC_ONE)
        fresh = live_pages.open(meeting.live, user=user)
        expect(page.locator(".live-page")).to_have_attribute(
            "data-seq", fresh.locator(".live-page").get_attribute("data-seq")
        )
        assert state_of(page) == state_of(fresh), user
