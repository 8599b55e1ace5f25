"""The secretariat plans a Bauausschuss meeting, orders its agenda and invites; members see it.

Each test plans its own meeting on the shared server, so the tests do not depend on each other.
Demo seats in the Bauausschuss: mitglied03 chairs, mitglied05 is a member, mitglied30 an advisory
member; mitglied02 has no seat there.
"""

import datetime
import re

import pytest
from playwright.sync_api import Locator, Page, expect

# Past the Bauausschuss' notice period of seven days: the invitation needs no urgency.
DAYS_AHEAD = 14
PUBLIC_ONE = "Neubau der Fahrradgarage am Bahnhof"
NON_PUBLIC = "Grundstücksangelegenheit Gemarkung Musterstadt, Flur 7"
PUBLIC_TWO = "Sanierung der Brücke über den Mühlbach"
ITEMS = [(PUBLIC_ONE, True), (NON_PUBLIC, False), (PUBLIC_TWO, True)]
# Everyone with a seat: the chair, eight members and the advisory member.
BAUAUSSCHUSS_SEATS = 10


def create_meeting(page: Page, *, body: str = "Bauausschuss") -> int:
    day = datetime.date.today() + datetime.timedelta(days=DAYS_AHEAD)
    page.goto("/meetings/")
    page.get_by_role("link", name="Neue Sitzung").click()
    page.locator("#id_body").select_option(label=body)
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_start_time").fill("17:00")
    page.locator("#id_end_time").fill("19:30")
    page.locator("#id_room").fill("Sitzungsraum 2.14")
    page.locator("#id_street_address").fill("Marktplatz 1")
    page.locator("#id_postal_code").fill("12345")
    page.locator("#id_locality").fill("Musterstadt")
    page.get_by_role("button", name="Speichern").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/agenda/$"))
    expect(page.get_by_role("status")).to_contain_text("Die Sitzung wurde als Entwurf angelegt.")
    return int(re.search(r"/meetings/(\d+)/", page.url)[1])


def agenda_item(page: Page, title: str) -> Locator:
    return page.locator("li.agenda-editor__item").filter(has_text=title)


def number_of(item: Locator) -> Locator:
    return item.locator(".agenda-editor__text > .kern-body--bold")


def add_item(page: Page, title: str, *, public: bool) -> None:
    page.locator("#id_title").fill(title)
    part = "Öffentlicher Teil" if public else "Nichtöffentlicher Teil"
    page.locator("#id_is_public").select_option(label=part)
    page.get_by_role("button", name="Punkt hinzufügen").click()
    expect(agenda_item(page, title)).to_be_visible()


def plan_meeting(page: Page) -> int:
    meeting = create_meeting(page)
    for title, public in ITEMS:
        add_item(page, title, public=public)
    return meeting


def tab_to(page: Page, name: str, *, presses: int = 150) -> None:
    """Press Tab until the control named `name` has the focus, as a keyboard user does."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == name:
            return
    pytest.fail(f"Tab never reached “{name}”")


def invite(page: Page) -> None:
    page.get_by_role("link", name="Einladung versenden").click()
    page.get_by_role("button", name="Einladung versenden").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))


def log_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Abmelden")).click()
    expect(page.get_by_role("link", name="Anmelden", exact=True)).to_be_visible()


def switch_account(page: Page, sign_in, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def test_secretariat_moves_an_item_up_with_the_keyboard(page, sign_in, screenshot):
    sign_in(page, "sekretariat")
    plan_meeting(page)
    first, non_public, moved = (agenda_item(page, title) for title, _ in ITEMS)
    first_number, moved_number = number_of(first).inner_text(), number_of(moved).inner_text()
    non_public_number, moved_id = number_of(non_public).inner_text(), moved.get_attribute("id")
    screenshot(page, "planned")

    tab_to(page, f"{moved_number} nach oben verschieben")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/agenda/#{moved_id}$"))
    expect(number_of(moved)).to_have_text(first_number)
    expect(number_of(first)).to_have_text(moved_number)
    expect(number_of(non_public)).to_have_text(non_public_number)
    expect(page.get_by_role("status")).to_contain_text(f"„{PUBLIC_TWO}“ ist jetzt {first_number}.")
    expect(page.locator(f"#{moved_id}")).to_be_focused()
    expect(page.locator(f"#{moved_id}")).to_be_in_viewport()


def test_invitation_is_mailed_to_every_seat_of_the_body(page, sign_in, mail_sink):
    sign_in(page, "sekretariat")
    meeting = plan_meeting(page)

    invite(page)

    sent = f"Die Einladung wurde an {BAUAUSSCHUSS_SEATS} Mitglieder versandt."
    expect(page.get_by_role("status")).to_have_text(sent)
    expect(page.locator(".kern-subline .kern-badge")).to_have_text("Eingeladen")
    mails = [m for m in mail_sink.mails() if f"/meetings/{meeting}/" in m.text]
    recipients = {address for mail in mails for address in mail.recipients}
    assert len(mails) == len(recipients) == BAUAUSSCHUSS_SEATS
    assert {"mitglied03@musterstadt.example", "mitglied05@musterstadt.example"} <= recipients
    assert "mitglied30@musterstadt.example" in recipients
    assert "mitglied02@musterstadt.example" not in recipients


def test_only_members_of_the_body_see_the_non_public_item(page, log_in, sign_in, screenshot):
    log_in(page, "sekretariat")
    meeting = plan_meeting(page)
    invite(page)
    log_out(page)

    for member in ("mitglied05", "mitglied30"):
        switch_account(page, sign_in, member)
        page.goto("/meetings/")
        page.locator(f"#main table a[href='/meetings/{meeting}/']").click()
        agenda = page.locator("#main section").filter(has=page.locator("#agenda-heading"))
        for title, _ in ITEMS:
            expect(agenda.get_by_text(title, exact=True)).to_be_visible()
        screenshot(page, member)
    switch_account(page, sign_in, "mitglied02")
    page.goto(f"/meetings/{meeting}/")

    expect(page.get_by_text(PUBLIC_ONE, exact=True)).to_be_visible()
    expect(page.get_by_text(PUBLIC_TWO, exact=True)).to_be_visible()
    assert NON_PUBLIC not in page.content()
