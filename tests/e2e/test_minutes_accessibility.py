"""axe-core finds no serious or critical violations on the minutes pages, and the secretariat
finds its way from the past meeting to its minutes. The demo's Stadtrat minutes are signed and
published (`minutes.demo`); these tests only read them. The Hauptausschuss minutes, final and
awaiting signatures, are left to the tests that sign.

Every scan writes its findings to test-artifacts/axe/<test>.json (see test_accessibility.py).
"""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from .test_accessibility import axe_violations, describe


def past_meeting_month() -> str:
    """The month of the demo's past Stadtrat meeting (`voting.demo`: three weeks ago, on the
    first Tuesday or Thursday from then)."""
    day = datetime.date.today() - datetime.timedelta(days=21)
    while day.weekday() not in (1, 3):
        day += datetime.timedelta(days=1)
    return f"{day:%Y-%m}"


def open_minutes(page: Page) -> None:
    """From the meeting list to the minutes, as the secretariat would go."""
    page.goto(f"/meetings/?month={past_meeting_month()}")
    links = page.locator("#main table").get_by_role("link", name=re.compile("Stadtrat"))
    for index in range(links.count()):
        page.goto(f"/meetings/?month={past_meeting_month()}")
        links.nth(index).click()
        write = page.get_by_role("link", name="Niederschrift schreiben")
        if write.count():
            write.click()
            expect(page).to_have_url(re.compile(r"/meetings/\d+/minutes/$"))
            return
    pytest.fail("No meeting page links to the demo's minutes.", pytrace=False)


def minutes_page(page: Page) -> None:
    open_minutes(page)


def correction_page(page: Page) -> None:
    open_minutes(page)
    page.goto(page.url + "correct/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben zur Sitzung berichtigen")


def archive(page: Page) -> None:
    page.goto("/minutes/")


@pytest.mark.parametrize(
    "go_to", [minutes_page, correction_page, archive], ids=lambda go_to: go_to.__name__
)
def test_minutes_page_has_no_serious_violations(page, request, sign_in, go_to):
    sign_in(page, "sekretariat")
    go_to(page)

    violations = axe_violations(page, request.node.name)

    assert not violations, describe(violations)


def test_the_minutes_offer_both_pdfs_to_the_secretariat(page, sign_in):
    sign_in(page, "sekretariat")
    open_minutes(page)

    # The newest version first; a browser test may have signed the demo's and made a new one.
    full = page.get_by_role("link", name="Vollständige Niederschrift (PDF)").first
    response = page.request.get(full.get_attribute("href"))

    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_the_minutes_page_fits_a_phone_screen(phone_page, sign_in):
    sign_in(phone_page, "sekretariat")
    open_minutes(phone_page)

    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert phone_page.evaluate(overflow) == 0
