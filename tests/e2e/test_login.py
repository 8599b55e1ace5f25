"""Logging in, and the public roster of the demo town."""

import re

from playwright.sync_api import expect


def faction_section(page, faction):
    heading = page.get_by_role("heading", name=faction, exact=True)
    return page.locator("tbody").filter(has=heading)


def test_start_page_names_the_town(page):
    page.goto("/")

    expect(page.locator("h1")).to_contain_text("Musterstadt")


def test_secretariat_can_log_in(page, log_in):
    log_in(page, "sekretariat")

    expect(page.get_by_role("button", name=re.compile(r"\(sekretariat\)"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Log in|Anmelden"))).to_have_count(0)


def test_roster_shows_the_stadtrat_card(page, log_in):
    log_in(page, "sekretariat")

    page.goto("/council/")

    stadtrat = page.locator(".kern-card").get_by_role("link", name="Stadtrat", exact=True)
    expect(stadtrat).to_be_visible()


def test_stadtrat_page_groups_members_by_faction(page, log_in, open_body):
    log_in(page, "sekretariat")

    open_body(page, "Stadtrat")

    cdu = faction_section(page, "CDU-Fraktion")
    expect(cdu.get_by_role("link", name="Thomas Becker", exact=True)).to_be_visible()
    expect(faction_section(page, "SPD-Fraktion")).not_to_contain_text("Thomas Becker")
