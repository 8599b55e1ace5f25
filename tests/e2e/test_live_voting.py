"""A vote in the browser: the chair opens a named ballot, two members vote — one of them with
JavaScript switched off, by the plain form — and the public ticker shows progress and result."""

from playwright.sync_api import expect

from .test_live_session import (
    DESKTOP,
    HALL_MEMBER,
    PHONE,
    PUBLIC_TWO,
    REMOTE_MEMBER,
    attendance_button,
    live_pages,  # noqa: F401 - a fixture
    make_current,
    plan_meeting,
)

NO_SCRIPT_MEMBER = "Thomas Becker"


def ballot(page):
    return page.locator("#live-state .live-ballot")


def test_members_vote_with_and_without_javascript_and_the_public_sees_the_result(
    browser,
    live_server_url,
    sign_in,
    live_pages,  # noqa: F811
):
    meeting = plan_meeting(browser, live_server_url, sign_in, opened=True)
    chair = live_pages.open(meeting.live, user="vorsitz")
    for name in (HALL_MEMBER, REMOTE_MEMBER):
        attendance_button(chair, name, "Anwesend im Saal").click()
        expect(attendance_button(chair, name, "Anwesend im Saal")).to_have_attribute(
            "aria-pressed", "true"
        )
    make_current(chair, meeting, PUBLIC_TWO)
    public = live_pages.open(meeting.live, viewport=PHONE)
    member = live_pages.open(meeting.live, user="mitglied12")
    context = browser.new_context(
        locale="de-DE", base_url=live_server_url, viewport=DESKTOP, java_script_enabled=False
    )
    try:
        no_script = context.new_page()
        sign_in(no_script, "mitglied01")

        chair.locator("#ballot-kind").select_option("named")
        chair.get_by_role("button", name="Abstimmung vorbereiten").click()
        chair.get_by_role("button", name="Abstimmung eröffnen").click()
        expect(public.locator("#ballot-progress")).to_have_text("0 von 2 haben abgestimmt")

        member.get_by_role("button", name="Ja", exact=True).click()
        expect(ballot(member)).to_contain_text("Ihre Stimme ist erfasst: Ja.")
        expect(public.locator("#ballot-progress")).to_have_text("1 von 2 haben abgestimmt")

        no_script.goto(meeting.live)
        no_script.get_by_role("button", name="Nein", exact=True).click()
        expect(ballot(no_script)).to_contain_text("Ihre Stimme ist erfasst: Nein.")
        expect(public.locator("#ballot-progress")).to_have_text("2 von 2 haben abgestimmt")

        chair.get_by_role("button", name="Abstimmung schließen und auszählen").click()
        result = "Stimmengleichheit – abgelehnt: 1 Ja, 1 Nein, 0 Enthaltungen"
        for page in (public, member, chair):
            expect(ballot(page)).to_contain_text(result)
        expect(ballot(public).locator(".live-ballot__named")).to_contain_text(
            f"Nein (1): {NO_SCRIPT_MEMBER}"
        )
        assert public.evaluate("window.__samePage") is True
    finally:
        context.close()
