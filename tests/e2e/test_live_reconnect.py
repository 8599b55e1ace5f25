"""The browser's live client after a fault (static/js/live.js): after a broken socket it
reconnects by itself, takes the snapshot that the new connection brings, and sends a cast whose
ack was lost again with the same request_id; after an `unavailable` error it sends the cast again
a moment later. The server counts it once."""

import json
import time

from playwright.sync_api import expect

from .test_live_session import (
    DESKTOP,
    HALL_MEMBER,
    PUBLIC_TWO,
    REMOTE_MEMBER,
    attendance_button,
    live_pages,  # noqa: F401 - a fixture
    make_current,
    plan_meeting,
)
from .test_live_voting import ballot


class AckLostOnce:
    """Stands between the page and the server: the first connection breaks just when the ack of
    the first recorded cast comes (the ack is lost with it); later ones pass everything."""

    def __init__(self):
        self.connections = 0
        self.sent: list[tuple[int, dict]] = []  # (connection, message from the page)
        self.delivered: list[tuple[int, dict]] = []  # (connection, message to the page)

    def __call__(self, route):
        self.connections += 1
        number = self.connections
        server = route.connect_to_server()

        def to_server(message):
            self.sent.append((number, json.loads(message)))
            server.send(message)

        def to_page(message):
            answer = json.loads(message)
            if number == 1 and answer.get("recorded"):
                server.close()
                route.close(code=1011)
                return
            self.delivered.append((number, answer))
            route.send(message)

        route.on_message(to_server)
        server.on_message(to_page)

    def messages(self, kind: str) -> list[tuple[int, dict]]:
        return [(number, message) for number, message in self.sent if message["type"] == kind]


class UnavailableOnce(AckLostOnce):
    """The first cast never reaches the server: the page gets `unavailable`, as when the
    database was away."""

    def __call__(self, route):
        self.connections += 1
        server = route.connect_to_server()

        def to_server(message):
            cast = json.loads(message)
            self.sent.append((1, cast))
            if cast["type"] == "cast" and len(self.messages("cast")) == 1:
                route.send(json.dumps({**UNAVAILABLE, "request_id": cast["request_id"]}))
                return
            server.send(message)

        def to_page(message):
            self.delivered.append((1, json.loads(message)))
            route.send(message)

        route.on_message(to_server)
        server.on_message(to_page)


UNAVAILABLE = {
    "type": "error",
    "code": "unavailable",
    "message": "Ratssaal ist vorübergehend nicht verfügbar: Die Datenbank ist nicht erreichbar.",
}


def wait_for(page, condition, *, seconds: float = 10.0) -> None:
    """Let the page's socket events reach the test (they arrive while Playwright waits) until
    `condition` holds or the time is up."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        page.wait_for_timeout(50)


def open_ballot(browser, live_server_url, sign_in, live_pages):  # noqa: F811
    """A meeting with a named ballot open to two members; the public page that follows it."""
    meeting = plan_meeting(browser, live_server_url, sign_in, opened=True)
    chair = live_pages.open(meeting.live, user="vorsitz")
    for name in (HALL_MEMBER, REMOTE_MEMBER):
        attendance_button(chair, name, "Anwesend im Saal").click()
        expect(attendance_button(chair, name, "Anwesend im Saal")).to_have_attribute(
            "aria-pressed", "true"
        )
    make_current(chair, meeting, PUBLIC_TWO)
    public = live_pages.open(meeting.live)
    chair.locator("#ballot-kind").select_option("named")
    chair.get_by_role("button", name="Abstimmung vorbereiten").click()
    chair.get_by_role("button", name="Abstimmung eröffnen").click()
    expect(public.locator("#ballot-progress")).to_have_text("0 von 2 haben abgestimmt")
    return meeting, public


def member_page(browser, live_server_url, sign_in, meeting, between):
    """mitglied12's live page, its socket through `between`."""
    context = browser.new_context(locale="de-DE", base_url=live_server_url, viewport=DESKTOP)
    member = context.new_page()
    sign_in(member, "mitglied12")
    member.route_web_socket("**/ws/meetings/**", between)
    member.goto(meeting.live)
    # A cast sent before the snapshot is sent again when it comes (as after any reconnect): the
    # tests count the sends, so they vote once the page has its snapshot.
    wait_for(member, lambda: any(m["type"] == "snapshot" for _n, m in between.delivered))
    return context, member


def test_a_cast_whose_ack_was_lost_is_sent_again_after_the_reconnect_and_counted_once(
    browser,
    live_server_url,
    sign_in,
    live_pages,  # noqa: F811
):
    meeting, public = open_ballot(browser, live_server_url, sign_in, live_pages)
    between = AckLostOnce()
    context, member = member_page(browser, live_server_url, sign_in, meeting, between)
    try:
        member.get_by_role("button", name="Ja", exact=True).click()

        expect(ballot(member)).to_contain_text("Ihre Stimme ist erfasst: Ja.")
        expect(public.locator("#ballot-progress")).to_have_text("1 von 2 haben abgestimmt")
        # The page shows the vote from the database as soon as it reconnects; the cast it sends
        # again reaches the test a moment later, and its answer after that.
        wait_for(member, lambda: any(m["type"] == "ack" for _n, m in between.delivered))
        acks = [(number, m) for number, m in between.delivered if m["type"] == "ack"]
        assert [(number, ack.get("repeated")) for number, ack in acks] == [(2, True)]
        casts = between.messages("cast")
        assert [number for number, _cast in casts] == [1, 2]
        assert casts[0][1]["request_id"] == casts[1][1]["request_id"]
        # Every connect brings a snapshot of the regions: the page needs no `hello` for it.
        assert between.messages("hello") == []
    finally:
        context.close()


def test_a_cast_answered_unavailable_is_sent_again_and_counted_once(
    browser,
    live_server_url,
    sign_in,
    live_pages,  # noqa: F811
):
    meeting, public = open_ballot(browser, live_server_url, sign_in, live_pages)
    between = UnavailableOnce()
    context, member = member_page(browser, live_server_url, sign_in, meeting, between)
    try:
        member.get_by_role("button", name="Nein", exact=True).click()

        expect(member.locator("#live-feedback")).to_contain_text("vorübergehend nicht verfügbar")
        expect(ballot(member)).to_contain_text("Ihre Stimme ist erfasst: Nein.")
        expect(public.locator("#ballot-progress")).to_have_text("1 von 2 haben abgestimmt")
        casts = [cast for _number, cast in between.messages("cast")]
        assert len(casts) == 2
        assert casts[0]["request_id"] == casts[1]["request_id"]
        assert between.connections == 1
    finally:
        context.close()
