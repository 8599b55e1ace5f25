"""When Jitsi's external_api.js cannot load, the remote live page links to the room instead."""

import json

from playwright.sync_api import Page, expect

FALLBACK = "Videokonferenz in einem neuen Tab öffnen"
FAILED = "Die Videokonferenz konnte auf dieser Seite nicht geladen werden."


def open_remote_live_page(page: Page, sign_in, open_meeting) -> None:
    sign_in(page, "mitglied12")
    meeting = open_meeting(page, "Stadtrat")
    page.goto(f"/meetings/{meeting}/live/?teilnahme=remote")


def room_name(page: Page) -> str:
    return json.loads(page.locator("#jitsi-config").text_content())["roomName"]


def jitsi_status(page: Page):
    """The live region that tells a screen reader how the conference is doing."""
    return page.locator("#jitsi-status[role=status]")


def test_unreachable_jitsi_leaves_a_link_to_the_room(page, sign_in, open_meeting, jitsi_down):
    open_remote_live_page(page, sign_in, open_meeting)

    link = page.get_by_role("link", name=FALLBACK)
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", f"{jitsi_down.origin}/{room_name(page)}")
    expect(link).to_have_attribute("target", "_blank")
    expect(jitsi_status(page)).to_have_text(FAILED)
    expect(page.locator("#jitsi-room")).to_be_hidden()
    assert page.evaluate("typeof window.JitsiMeetExternalAPI") == "undefined"


def test_room_loads_again_once_jitsi_is_back(page, sign_in, open_meeting, fake_jitsi):
    with fake_jitsi.taken_down():
        open_remote_live_page(page, sign_in, open_meeting)
        expect(jitsi_status(page)).to_have_text(FAILED)

    page.reload()

    expect(page.locator("#jitsi-room .fake-jitsi")).to_be_visible()
    expect(page.locator("#jitsi-fallback")).to_be_hidden()
    assert page.evaluate("window.__jitsiCalls.length") == 1
