"""axe-core finds no serious or critical violations on the live pages, before and during a session.

Each view is scanned as the people who use it: the chair's control panel, a member in the hall, a
remote member with the (fake) Jitsi room, and the public ticker on a desktop and on a phone. The
member view on a tablet and the ticker on a phone fit their screens. The meetings are planned for
these tests (see test_live_session.py); every scan writes its findings to
test-artifacts/axe/<test>.json (see test_accessibility.py).
"""

import pytest
from playwright.sync_api import Page, expect

from .test_accessibility import axe_violations, describe
from .test_live_session import (
    CHAIR,
    DESKTOP,
    HALL_MEMBER,
    PHONE,
    PUBLIC_ONE,
    TABLET,
    LivePages,
    PlannedMeeting,
    attendance_button,
    call,
    own_attendance,
    plan_meeting,
    speaking,
    status,
)
from .test_phone_layout import SIDEWAYS_OVERFLOW

# (view, account, remote, viewport)
CONTROL_PANEL = ("control-panel", "vorsitz", False, DESKTOP)
MEMBER = ("member", "mitglied01", False, DESKTOP)
REMOTE_MEMBER = ("remote-member", "mitglied12", True, DESKTOP)
TICKER = ("ticker", None, False, DESKTOP)
TICKER_ON_PHONE = ("ticker-on-phone", None, False, PHONE)
MEMBER_ON_TABLET = ("member-on-tablet", "mitglied01", False, TABLET)
VIEWS = [CONTROL_PANEL, MEMBER, REMOTE_MEMBER, TICKER]


@pytest.fixture(scope="module")
def planned() -> dict:
    return {}


@pytest.fixture
def live_pages(browser, live_server_url, sign_in):
    pages = LivePages(browser, live_server_url, sign_in)
    yield pages
    pages.close()


@pytest.fixture
def invited_meeting(planned, browser, live_server_url, sign_in) -> PlannedMeeting:
    """A meeting that nobody opens: the tests of this module only look at it."""
    if "invited" not in planned:
        planned["invited"] = plan_meeting(browser, live_server_url, sign_in)
    return planned["invited"]


@pytest.fixture
def running_meeting(planned, browser, live_server_url, sign_in, live_pages) -> PlannedMeeting:
    """A running meeting with a roll call begun, an item called, a member speaking and the chair
    waiting to speak.

    It is the module's invited meeting if there is one (the scans before the start come first
    in this file); a later scan before the start then plans another.
    """
    if "running" not in planned:
        meeting = planned.pop("invited", None) or plan_meeting(browser, live_server_url, sign_in)
        chair = live_pages.open(meeting.live, user="vorsitz")
        chair.get_by_role("button", name="Sitzung eröffnen").click()
        expect(status(chair)).to_contain_text("Läuft seit")
        member = live_pages.open(meeting.live, user="mitglied01")
        for name in (CHAIR, HALL_MEMBER):
            attendance_button(chair, name, "Anwesend im Saal").click()
            expect(attendance_button(chair, name, "Anwesend im Saal")).to_have_attribute(
                "aria-pressed", "true"
            )
        call(chair, meeting, PUBLIC_ONE)
        member.get_by_role("button", name="Wortmeldung", exact=True).click()
        chair.get_by_role("button", name="Das Wort erteilen").click()
        expect(speaking(member)).to_contain_text(HALL_MEMBER)
        # A second request waits: its controls (give the floor, move, remove) are scanned too.
        chair.get_by_label("Auf die Redeliste setzen").select_option(label=CHAIR)
        chair.get_by_role("button", name="Hinzufügen", exact=True).click()
        expect(chair.get_by_role("button", name="Das Wort erteilen")).to_be_visible()
        planned["running"] = meeting
    return planned["running"]


def open_view(live_pages: LivePages, meeting: PlannedMeeting, view) -> Page:
    _name, account, remote, viewport = view
    page = live_pages.open(
        meeting.remote if remote else meeting.live, user=account, viewport=viewport
    )
    if remote:
        expect(page.locator("#jitsi-room .fake-jitsi")).to_be_visible()
    return page


@pytest.mark.parametrize("view", VIEWS, ids=[view[0] for view in VIEWS])
def test_live_view_before_the_start_has_no_serious_violations(
    invited_meeting, live_pages, request, screenshot, view
):
    page = open_view(live_pages, invited_meeting, view)
    expect(status(page)).to_contain_text("Beginnt am")

    violations = axe_violations(page, request.node.name)

    screenshot(page, "scanned")
    assert not violations, describe(violations)


RUNNING_VIEWS = [
    pytest.param(CONTROL_PANEL, id=CONTROL_PANEL[0]),
    *(pytest.param(view, id=view[0]) for view in [MEMBER, REMOTE_MEMBER, TICKER, TICKER_ON_PHONE]),
]


@pytest.mark.parametrize("view", RUNNING_VIEWS)
def test_live_view_of_a_running_session_has_no_serious_violations(
    running_meeting, live_pages, request, view
):
    page = open_view(live_pages, running_meeting, view)
    if view[2]:
        page.evaluate("window.__fireJitsi('videoConferenceJoined')")
        expect(own_attendance(page)).to_contain_text("Per Video anwesend")
    expect(page.locator("#live-state .live-current")).to_contain_text(PUBLIC_ONE)

    violations = axe_violations(page, request.node.name)

    assert not violations, describe(violations)


@pytest.mark.parametrize(
    "view", [MEMBER_ON_TABLET, TICKER_ON_PHONE], ids=[MEMBER_ON_TABLET[0], TICKER_ON_PHONE[0]]
)
def test_live_view_fits_a_small_screen(running_meeting, live_pages, screenshot, view):
    page = open_view(live_pages, running_meeting, view)

    # Below zero on the tablet, whose window has a scroll bar; above zero means sideways scrolling.
    assert page.evaluate(SIDEWAYS_OVERFLOW) <= 0
    screenshot(page, "fits")
