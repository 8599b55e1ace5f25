"""Everyone follows a hybrid Stadtrat meeting live, without reloading their page.

The chair runs the session from the control panel, a member follows it in the hall, a remote
member takes part through the (fake) Jitsi room, the public follows the ticker on a phone, and
the hall display shows the current item to the room.

The tests plan their own Stadtrat meetings through the secretariat's pages, so that the shared
demo meeting, which other browser tests look at, is never started. Demo seats: vorsitz is the
chair (Dr. Katrin Albers), mitglied01 is Thomas Becker (CDU), mitglied12 is Birgit Schwarz (SPD);
the Stadtrat has 31 legal members and needs 16 for a quorum.
"""

import dataclasses
import datetime
import json
import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, WebSocket, expect

from .test_meetings_secretariat_flow import add_item, agenda_item, invite, number_of

# Well after the demo Stadtrat meeting (10 to 14 days ahead), which other browser tests open as
# the first Stadtrat meeting of the meeting list.
DAYS_AHEAD = 21
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}
LIVE = "Live: Aktualisierungen kommen automatisch."

PUBLIC_ONE = "Neugestaltung des Marktplatzes"
PUBLIC_TWO = "Zuschuss für den Sportverein TuS Musterstadt"
NON_PUBLIC = "Vergabe des Reinigungsauftrags für das Rathaus an die Firma Blitzblank"
ITEMS = [(PUBLIC_ONE, True), (PUBLIC_TWO, True), (NON_PUBLIC, False)]

CHAIR = "Dr. Katrin Albers"
HALL_MEMBER = "Thomas Becker"
REMOTE_MEMBER = "Birgit Schwarz"
# mitglied24, in the last but one row of the roll call: only the keyboard test marks her.
KEYBOARD_MEMBER = "Elif Yılmaz"
# mitglied02 … mitglied15 but mitglied12, who joins remotely.
MORE_HALL_MEMBERS = [
    "Sabine Hoffmann",
    "Dr. Markus Schröder",
    "Monika Wagner",
    "Stefan Krüger",
    "Andrea Lehmann",
    "Jürgen Schulte",
    "Petra Köhler",
    "Michael Richter",
    "Claudia Wolf",
    "Frank Neumann",
    "Uwe Zimmermann",
    "Dr. Heike Braun",
    "Ralf Hartmann",
]


# Planning meetings ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PlannedMeeting:
    id: int
    numbers: dict[str, str]  # item title → its number ("Ö 5")
    items: dict[str, int]  # item title → its id

    @property
    def live(self) -> str:
        return f"/meetings/{self.id}/live/"

    @property
    def remote(self) -> str:
        return f"/meetings/{self.id}/live/?teilnahme=remote"

    @property
    def display(self) -> str:
        return f"/meetings/{self.id}/display/"

    def call_label(self, title: str) -> str:
        """The accessible name of the control panel's button that calls the item."""
        return f"{self.numbers[title]} aufrufen"


def fill_meeting_form(page: Page) -> None:
    day = datetime.date.today() + datetime.timedelta(days=DAYS_AHEAD)
    page.locator("#id_body").select_option(label="Stadtrat")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_start_time").fill("19:00")
    page.locator("#id_end_time").fill("22:00")
    page.locator("#id_room").fill("Ratssaal")
    page.locator("#id_street_address").fill("Marktplatz 1")
    page.locator("#id_postal_code").fill("12345")
    page.locator("#id_locality").fill("Musterstadt")
    expect(page.locator("#id_is_hybrid")).to_be_checked()


def plan_meeting(
    browser: Browser, base_url: str, sign_in, *, opened: bool = False
) -> PlannedMeeting:
    """A hybrid Stadtrat meeting with our three items, planned and invited to by the secretariat,
    who also opens it if `opened`."""
    context = browser.new_context(locale="de-DE", base_url=base_url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, "sekretariat")
        page.goto("/meetings/new/")
        fill_meeting_form(page)
        page.get_by_role("button", name="Speichern").click()
        expect(page).to_have_url(re.compile(r"/meetings/\d+/agenda/$"))
        for title, public in ITEMS:
            add_item(page, title, public=public)
        numbers = {title: number_of(agenda_item(page, title)).inner_text() for title, _ in ITEMS}
        items = {
            title: int(agenda_item(page, title).get_attribute("id").removeprefix("item-"))
            for title, _ in ITEMS
        }
        invite(page)
        meeting = PlannedMeeting(int(re.search(r"/meetings/(\d+)/", page.url)[1]), numbers, items)
        if opened:
            page.goto(meeting.live)
            page.get_by_role("button", name="Sitzung eröffnen").click()
            expect(status(page)).to_contain_text("Läuft seit")
        return meeting
    finally:
        context.close()


@pytest.fixture
def meeting(browser, live_server_url, sign_in) -> PlannedMeeting:
    """A fresh meeting, invited and not yet opened."""
    return plan_meeting(browser, live_server_url, sign_in)


@pytest.fixture(scope="module")
def shared() -> dict:
    return {}


@pytest.fixture
def running_meeting(shared, browser, live_server_url, sign_in) -> PlannedMeeting:
    """A running meeting for the tests of this module that need no fresh one.

    They share it (or go on with the one of the whole session below), so each test first brings
    the meeting into the state it starts from, and marks only members nobody else marks.
    """
    if "running" not in shared:
        shared["running"] = plan_meeting(browser, live_server_url, sign_in, opened=True)
    return shared["running"]


# Live pages, several at once --------------------------------------------------------------------


class LivePages:
    """Pages in browser contexts of their own (one person each), closed when the test ends."""

    def __init__(self, browser: Browser, base_url: str, sign_in) -> None:
        self.browser, self.base_url, self.sign_in = browser, base_url, sign_in
        self.contexts = []

    def open(
        self, path: str, *, user: str | None = None, viewport=DESKTOP, frames: list | None = None
    ) -> Page:
        """Open `path` as `user` (anonymous if None), once the page shows the live state.

        `frames`, if given, collects every message that the page's socket receives.
        """
        mobile = {"is_mobile": True, "has_touch": True} if viewport == PHONE else {}
        context = self.browser.new_context(
            locale="de-DE", base_url=self.base_url, viewport=viewport, **mobile
        )
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        if user:
            self.sign_in(page, user)
        if frames is not None:
            page.on("websocket", lambda socket: collect_frames(socket, frames))
        page.goto(path)
        # The page shows the number of the state it shows once its socket's snapshot is in.
        expect(page.locator(".live-page[data-seq]")).to_have_count(1)
        # Gone after any reload or navigation: proves that the page changed in place.
        page.evaluate("window.__samePage = true")
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def live_pages(browser, live_server_url, sign_in) -> Iterator[LivePages]:
    pages = LivePages(browser, live_server_url, sign_in)
    yield pages
    pages.close()


def collect_frames(socket: WebSocket, frames: list) -> None:
    socket.on("framereceived", lambda payload: frames.append(json.loads(payload)))


def stayed(page: Page) -> bool:
    """True if the page was not reloaded since `LivePages.open`."""
    return page.evaluate("window.__samePage === true")


# What the pages show, and what the chair does ----------------------------------------------------


def status(page: Page) -> Locator:
    return page.locator("#live-state .live-status")


def current_item(page: Page) -> Locator:
    return page.locator("#live-state .live-current")


def quorum(page: Page) -> Locator:
    return page.locator("#live-state .quorum")


def speaking(page: Page) -> Locator:
    return page.locator("#live-state .live-speakers__item--speaking")


def announcer(page: Page) -> Locator:
    """The live region that screen readers read out as soon as it changes."""
    return page.locator("#live-announcer[aria-live=assertive]")


def presence(page: Page, heading: str) -> Locator:
    """The names under a heading of the box "Wer ist anwesend" (member view and ticker)."""
    box = page.locator("#live-state .live-presence")
    return box.locator("h3", has_text=heading).locator("xpath=following-sibling::ul[1]")


def own_attendance(page: Page) -> Locator:
    return page.locator("#live-state #own-heading + p")


def attendance_button(page: Page, name: str, state: str) -> Locator:
    return page.get_by_role("button", name=f"{name}: {state}", exact=True)


def rollcall_row(page: Page, name: str) -> Locator:
    return page.locator(".live-rollcall tbody tr").filter(
        has=page.get_by_role("rowheader", name=re.compile(rf"^{re.escape(name)}\b"))
    )


def call(chair: Page, meeting: PlannedMeeting, title: str) -> None:
    chair.get_by_role("button", name=meeting.call_label(title), exact=True).click()
    expect(current_item(chair)).to_contain_text(title)


def make_current(chair: Page, meeting: PlannedMeeting, title: str) -> None:
    """Call the item unless it is the current one already (in the shared meeting)."""
    button = chair.get_by_role("button", name=meeting.call_label(title), exact=True)
    if button.count():
        button.click()
    expect(current_item(chair)).to_contain_text(title)


def expect_all(pages: list[Page], check: Callable[[Page], None]) -> None:
    for page in pages:
        check(page)


# A whole session, as everyone sees it -----------------------------------------------------------


def test_chair_members_and_public_follow_the_same_session_live(
    meeting, live_pages, screenshot, shared
):
    chair = live_pages.open(meeting.live, user="vorsitz")
    member = live_pages.open(meeting.live, user="mitglied01")
    remote = live_pages.open(meeting.remote, user="mitglied12")
    public = live_pages.open(meeting.live, viewport=PHONE)
    everyone = [chair, member, remote, public]
    expect(public.locator("#live-connection")).to_have_text(LIVE)
    expect(status(public)).to_contain_text(re.compile(r"Beginnt am \w+, \d+\. \w+ \d{4}, 19:00"))
    screenshot(public, "public-before-start")

    # The chair opens the meeting; the ticker goes live by itself.
    chair.get_by_role("button", name="Sitzung eröffnen").click()
    expect_all(everyone, lambda p: expect(status(p)).to_contain_text(re.compile(r"Läuft seit")))
    expect(status(public)).not_to_contain_text("Beginnt am")
    expect(announcer(public)).to_have_text("Die Sitzung ist eröffnet.")
    expect(current_item(public)).to_contain_text("Kein Punkt ist aufgerufen.")

    # The remote member's Jitsi client joins the room: she is present by video from now on.
    remote.wait_for_function("() => (window.__jitsiCalls || []).length === 1")
    assert remote.evaluate("window.__fireJitsi('videoConferenceJoined')") == 1
    expect(rollcall_row(chair, REMOTE_MEMBER)).to_contain_text("Per Video anwesend")
    expect(attendance_button(chair, REMOTE_MEMBER, "Per Video anwesend")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(own_attendance(remote)).to_contain_text("Per Video anwesend")

    # Roll call: the chair and 14 members in the hall; with the remote member that is a quorum.
    hall = [CHAIR, HALL_MEMBER, *MORE_HALL_MEMBERS]
    # One click after the other, without waiting: the page keeps up.
    for name in hall:
        attendance_button(chair, name, "Anwesend im Saal").click()
    for name in hall:
        expect(attendance_button(chair, name, "Anwesend im Saal")).to_have_attribute(
            "aria-pressed", "true"
        )
    expect(rollcall_row(chair, HALL_MEMBER)).to_contain_text("Anwesend im Saal")

    def shows_attendance(page: Page) -> None:
        expect(presence(page, "Im Saal (15)")).to_contain_text(f"{HALL_MEMBER} (CDU)")
        expect(presence(page, "Im Saal (15)")).to_contain_text(CHAIR)
        expect(presence(page, "Per Video verbunden (1)")).to_have_text(f"{REMOTE_MEMBER} (SPD)")
        expect(quorum(page)).to_contain_text(
            "Beschlussfähig: 16 stimmberechtigte Mitglieder anwesend, 16 von 31 erforderlich"
        )
        expect(quorum(page)).to_contain_text("1 per Video")

    expect_all([member, remote, public], shows_attendance)
    expect(quorum(chair)).to_contain_text("Beschlussfähig: 16 stimmberechtigte Mitglieder")
    expect(own_attendance(member)).to_contain_text("Anwesend im Saal")

    # The chair calls an item, then the next one.
    call(chair, meeting, PUBLIC_ONE)
    first = f"{meeting.numbers[PUBLIC_ONE]} {PUBLIC_ONE}"
    expect_all(everyone, lambda p: expect(current_item(p)).to_contain_text(first))
    expect_all(everyone, lambda p: expect(announcer(p)).to_have_text(f"Aufgerufen: {first}"))
    call(chair, meeting, PUBLIC_TWO)
    expect_all(everyone, lambda p: expect(current_item(p)).to_contain_text(PUBLIC_TWO))
    expect_all(everyone, lambda p: expect(current_item(p)).not_to_contain_text(PUBLIC_ONE))

    # The member in the hall asks to speak, the chair gives the floor, and everyone sees it.
    member.get_by_role("button", name="Wortmeldung", exact=True).click()
    expect(member.locator("#live-state")).to_contain_text("Sie stehen auf der Redeliste.")
    speakers = chair.locator("#live-state .live-speakers")
    expect(speakers).to_contain_text(HALL_MEMBER)
    speakers.get_by_role("button", name="Das Wort erteilen").click()
    expect_all(everyone, lambda p: expect(speaking(p)).to_contain_text(f"{HALL_MEMBER} spricht"))
    expect_all(
        everyone, lambda p: expect(announcer(p)).to_have_text(f"{HALL_MEMBER} hat das Wort.")
    )
    expect(member.locator("#live-state")).to_contain_text("Sie haben das Wort.")
    for page, name in ((member, "member"), (remote, "remote"), (public, "public")):
        screenshot(page, f"{name}-speaking")

    # The remote member's page closes: she has lost the connection, she is not absent.
    remote.close()
    expect(rollcall_row(chair, REMOTE_MEMBER)).to_contain_text("Per Video, Verbindung verloren")
    expect(quorum(chair)).to_contain_text("Nicht beschlussfähig: 15 stimmberechtigte Mitglieder")
    for page in (member, public):
        expect(presence(page, "Verbindung verloren")).to_have_text(f"{REMOTE_MEMBER} (SPD)")
        expect(presence(page, "Per Video verbunden (0)").locator("li")).to_have_count(0)
        expect(quorum(page)).to_contain_text("Nicht beschlussfähig: 15 stimmberechtigte")
        expect(announcer(page)).to_contain_text("Beschlussfähigkeit verloren")
    screenshot(chair, "chair-connection-lost")
    assert all(stayed(page) for page in (chair, member, public))
    # The tests below may go on with this meeting instead of planning one (see running_meeting).
    shared.setdefault("running", meeting)


# The non-public part ----------------------------------------------------------------------------


def test_public_sees_that_the_non_public_part_runs_but_not_its_item(
    running_meeting, live_pages, screenshot
):
    meeting, frames = running_meeting, []
    chair = live_pages.open(meeting.live, user="vorsitz")
    make_current(chair, meeting, PUBLIC_ONE)
    member = live_pages.open(meeting.live, user="mitglied01")
    public = live_pages.open(meeting.live, viewport=PHONE, frames=frames)
    display = live_pages.open(meeting.display, viewport=PROJECTOR)

    call(chair, meeting, NON_PUBLIC)

    item = f"{meeting.numbers[NON_PUBLIC]} {NON_PUBLIC}"
    expect(current_item(member)).to_contain_text(item)
    expect(announcer(member)).to_have_text(f"Aufgerufen: {item}")
    for page in (public, display):
        expect(current_item(page)).to_contain_text("Nichtöffentlicher Teil")
        expect(current_item(page)).not_to_contain_text(PUBLIC_ONE)
        expect(announcer(page)).to_have_text(
            "Die Sitzung wird im nichtöffentlichen Teil fortgesetzt."
        )
    # A request to speak on the item reaches the public as a bare "skip".
    member.get_by_role("button", name="Wortmeldung", exact=True).click()
    expect(chair.locator("#live-state .live-speakers")).to_contain_text(HALL_MEMBER)
    expect(public.locator("#live-state .live-speakers")).to_contain_text("Keine Wortmeldungen.")
    screenshot(public, "public")
    for page in (public, display):
        assert NON_PUBLIC not in page.content()
        assert meeting.numbers[NON_PUBLIC] not in page.locator("#live-state").inner_text()
    # Back in the public part: by then the public socket has had every frame of the meantime.
    call(chair, meeting, PUBLIC_TWO)
    expect(current_item(public)).to_contain_text(PUBLIC_TWO)
    assert [frame for frame in frames if frame["type"] == "skip"]
    assert not [frame for frame in frames if NON_PUBLIC in json.dumps(frame, ensure_ascii=False)]


# The hall display -------------------------------------------------------------------------------


def test_hall_display_shows_the_current_item_in_large_type_and_follows_the_chair(
    running_meeting, live_pages, screenshot
):
    chair = live_pages.open(running_meeting.live, user="vorsitz")
    make_current(chair, running_meeting, PUBLIC_TWO)
    display = live_pages.open(running_meeting.display, viewport=PROJECTOR)
    title = display.locator("#live-state .live-current__title")
    expect(title).to_contain_text(PUBLIC_TWO)

    call(chair, running_meeting, PUBLIC_ONE)

    expect(title).to_have_text(f"{running_meeting.numbers[PUBLIC_ONE]} {PUBLIC_ONE}")
    size = title.evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
    assert size >= 40, f"the current item is set in {size}px on the hall display"
    expect(display.locator(".hall-display__title")).to_contain_text("Sitzung – Stadtrat")
    expect(display.locator("#live-state .quorum")).to_be_visible()
    assert stayed(display)
    screenshot(display, "called")


# Keyboard ---------------------------------------------------------------------------------------


def focused_name(page: Page) -> str:
    """The accessible name of the focused control: its aria-label, else its text."""
    return page.evaluate(
        "(element => element.getAttribute('aria-label') || element.textContent.trim())"
        "(document.activeElement)"
    )


def tab_to(page: Page, name: str, *, backwards: bool = False, presses: int = 100) -> None:
    """Press Tab (or Shift+Tab) until the control named `name` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(presses):
        page.keyboard.press(key)
        if focused_name(page) == name:
            return
    pytest.fail(f"{key} never reached “{name}”")


def test_chair_marks_attendance_with_the_keyboard_and_keeps_the_focus(running_meeting, live_pages):
    chair = live_pages.open(running_meeting.live, user="vorsitz")
    public = live_pages.open(running_meeting.live)
    label = f"{KEYBOARD_MEMBER}: Anwesend im Saal"
    # The roll call ends the page: from there, Shift+Tab is the short way.
    tab_to(chair, label, backwards=True)

    chair.keyboard.press("Enter")

    expect(presence(public, "Im Saal")).to_contain_text(KEYBOARD_MEMBER)
    button = attendance_button(chair, KEYBOARD_MEMBER, "Anwesend im Saal")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_be_focused()
    assert focused_name(chair) == label
    # The next Tab goes on from there: the member's next choice, "Per Video anwesend".
    chair.keyboard.press("Tab")
    assert focused_name(chair) == f"{KEYBOARD_MEMBER}: Per Video anwesend"
    assert stayed(chair)


def test_chair_calls_an_item_with_the_keyboard(running_meeting, live_pages):
    chair = live_pages.open(running_meeting.live, user="vorsitz")
    make_current(chair, running_meeting, PUBLIC_ONE)
    public = live_pages.open(running_meeting.live)
    tab_to(chair, running_meeting.call_label(PUBLIC_TWO))

    chair.keyboard.press("Enter")

    expect(current_item(public)).to_contain_text(PUBLIC_TWO)
    expect(current_item(chair)).to_contain_text(PUBLIC_TWO)
    assert stayed(chair)


def test_focus_stays_at_the_item_that_the_keyboard_called(running_meeting, live_pages):
    chair = live_pages.open(running_meeting.live, user="vorsitz")
    make_current(chair, running_meeting, PUBLIC_TWO)
    tab_to(chair, running_meeting.call_label(PUBLIC_ONE))

    chair.keyboard.press("Enter")

    expect(current_item(chair)).to_contain_text(PUBLIC_ONE)
    # live.js puts the focus back right after it replaced the state: no need to wait.
    item = f"#live-item-{running_meeting.items[PUBLIC_ONE]}"
    assert chair.evaluate(f"document.activeElement.closest('{item}') !== null")


# Joining the video conference early -----------------------------------------------------------


def test_remote_member_who_joined_the_video_early_is_present_when_the_meeting_opens(
    meeting, live_pages
):
    chair = live_pages.open(meeting.live, user="vorsitz")
    remote = live_pages.open(meeting.remote, user="mitglied12")
    remote.wait_for_function("() => (window.__jitsiCalls || []).length === 1")
    remote.evaluate("window.__fireJitsi('videoConferenceJoined')")
    expect(remote.locator("#jitsi-status")).to_have_text(
        "Sie sind mit der Videokonferenz verbunden."
    )

    chair.get_by_role("button", name="Sitzung eröffnen").click()

    expect(status(remote)).to_contain_text("Läuft seit")
    expect(own_attendance(remote)).to_contain_text("Per Video anwesend", timeout=2_000)
