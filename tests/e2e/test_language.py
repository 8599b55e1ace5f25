"""The language switch in the header: German by default, English on request, and back."""

import re

from playwright.sync_api import expect


def test_english_button_switches_the_page_to_english(page):
    page.goto("/council/")
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.get_by_role("button", name="English", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/council/$"))


def test_deutsch_button_switches_the_page_back_to_german(page, screenshot):
    page.goto("/council/")
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, "english")

    page.get_by_role("button", name="Deutsch", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "de")


def test_chosen_language_stays_on_the_next_page(page):
    page.goto("/council/")
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("link", name="Start", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
