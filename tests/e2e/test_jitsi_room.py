"""A remote member's live page embeds the meeting's Jitsi room; nobody else loads Jitsi at all.

The live server points to the fake Jitsi of fake_jitsi.py: its external_api.js records how the
page calls it in `window.__jitsiCalls`. mitglied12 (Birgit Schwarz) sits in the Stadtrat.
"""

import json
import re

from playwright.sync_api import Page, expect

ROOM_NAME = re.compile(r"^ratssaal-[0-9a-f]{32}$")
LOADING = "Die Videokonferenz wird geladen …"
JOINED = "Sie sind mit der Videokonferenz verbunden."


def jitsi_config(page: Page) -> dict:
    return json.loads(page.locator("#jitsi-config").text_content())


def jitsi_calls(page: Page) -> list[dict]:
    page.wait_for_function("() => (window.__jitsiCalls || []).length > 0")
    return page.evaluate("window.__jitsiCalls")


def requests_to(page: Page, origin: str) -> list[str]:
    """The addresses the page asks of `origin` from now on (filled in as they happen)."""
    urls: list[str] = []
    page.on("request", lambda request: request.url.startswith(origin) and urls.append(request.url))
    return urls


def jitsi_status(page: Page):
    """The live region that tells a screen reader how the conference is doing."""
    return page.locator("#jitsi-status[role=status]")


def test_remote_member_enters_the_room_under_their_own_name(
    page, sign_in, open_meeting, fake_jitsi
):
    sign_in(page, "mitglied12")
    meeting = open_meeting(page, "Stadtrat")

    page.goto(f"/meetings/{meeting}/live/?teilnahme=remote")

    [call] = jitsi_calls(page)
    config = jitsi_config(page)
    assert call["domain"] == fake_jitsi.domain
    assert ROOM_NAME.match(call["roomName"])
    assert call["roomName"] == config["roomName"]
    assert (call["parentNodeId"], call["displayName"], call["lang"]) == (
        "jitsi-room",
        "Birgit Schwarz",
        "de",
    )
    assert call["jwt"] is None  # no JITSI_APP_ID: the room needs no token
    assert call["commands"] == [["subject", config["subject"]]]
    expect(page.locator("#jitsi-room .fake-jitsi")).to_be_visible()


def test_status_tells_the_member_when_the_conference_is_joined(page, sign_in, open_meeting):
    sign_in(page, "mitglied12")
    meeting = open_meeting(page, "Stadtrat")
    page.goto(f"/meetings/{meeting}/live/?teilnahme=remote")
    jitsi_calls(page)
    expect(jitsi_status(page)).to_have_text(LOADING)

    listeners = page.evaluate("window.__fireJitsi('videoConferenceJoined')")

    assert listeners == 1
    expect(jitsi_status(page)).to_have_text(JOINED)


def test_hall_member_loads_jitsi_only_after_choosing_video(
    page, sign_in, open_meeting, fake_jitsi, screenshot
):
    sign_in(page, "mitglied12")
    meeting = open_meeting(page, "Stadtrat")
    requests = requests_to(page, fake_jitsi.origin)

    page.goto(f"/meetings/{meeting}/live/")
    screenshot(page, "hall")

    assert requests == []
    expect(page.locator("#jitsi-config")).to_have_count(0)
    page.get_by_role("link", name="Per Video von außerhalb").click()
    expect(page).to_have_url(re.compile(r"\?teilnahme=remote$"))
    assert len(jitsi_calls(page)) == 1
    assert requests == [f"{fake_jitsi.origin}/external_api.js"]


def test_public_never_loads_jitsi(page, open_meeting, fake_jitsi):
    meeting = open_meeting(page, "Stadtrat")
    requests = requests_to(page, fake_jitsi.origin)
    served_before = fake_jitsi.script_requests()

    page.goto(f"/meetings/{meeting}/live/?teilnahme=remote")

    expect(page.locator("h1")).to_have_text(re.compile(r"Sitzung – Stadtrat$"))
    expect(page.get_by_role("link", name="Per Video von außerhalb")).to_have_count(0)
    expect(page.locator("#jitsi-room, #jitsi-config")).to_have_count(0)
    assert requests == []
    assert fake_jitsi.script_requests() == served_before
