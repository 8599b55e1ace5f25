"""axe-core finds no serious or critical violations on the meeting, paper and live pages.

The scans run as the people who use each page: the secretariat plans, a member joins remotely.
Every scan writes its findings to test-artifacts/axe/<test>.json (see test_accessibility.py).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from .test_accessibility import axe_violations, describe


def meeting_list(page: Page, open_meeting) -> None:
    page.goto("/meetings/")


def meeting_page(page: Page, open_meeting) -> None:
    open_meeting(page, "Stadtrat")


def paper_list(page: Page, open_meeting) -> None:
    page.goto("/papers/")


def paper_page(page: Page, open_meeting) -> None:
    page.goto("/papers/")
    page.locator("#main table").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/papers/\d+/$"))


def agenda_editor(page: Page, open_meeting) -> None:
    meeting = open_meeting(page, "Stadtrat")
    page.goto(f"/meetings/{meeting}/agenda/")


def new_meeting_form(page: Page, open_meeting) -> None:
    page.goto("/meetings/new/")


def new_meeting_form_with_errors(page: Page, open_meeting) -> None:
    page.goto("/meetings/new/")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".kern-error").first).to_be_visible()


def audit_log(page: Page, open_meeting) -> None:
    page.goto("/audit/")
    expect(page.locator("#main table tbody tr").first).to_be_visible()


SECRETARIAT_PAGES = [
    meeting_list,
    meeting_page,
    paper_list,
    paper_page,
    agenda_editor,
    new_meeting_form,
    new_meeting_form_with_errors,
    audit_log,
]


@pytest.mark.parametrize("go_to", SECRETARIAT_PAGES, ids=lambda go_to: go_to.__name__)
def test_secretariat_page_has_no_serious_violations(page, request, sign_in, open_meeting, go_to):
    sign_in(page, "sekretariat")
    go_to(page, open_meeting)

    violations = axe_violations(page, request.node.name)

    assert not violations, describe(violations)


def test_remote_live_page_has_no_serious_violations(page, request, sign_in, open_meeting):
    sign_in(page, "mitglied12")
    meeting = open_meeting(page, "Stadtrat")
    page.goto(f"/meetings/{meeting}/live/?teilnahme=remote")
    expect(page.locator("#jitsi-room .fake-jitsi")).to_be_visible()

    violations = axe_violations(page, request.node.name)

    assert not violations, describe(violations)


# axe only lists the broken reference as "incomplete" (aria-valid-attr-value), so ask directly.
def test_form_error_is_the_description_of_its_field(page, sign_in):
    sign_in(page, "sekretariat")
    page.goto("/meetings/new/")

    page.get_by_role("button", name="Speichern").click()

    date = page.get_by_label("Datum", exact=True)
    expect(date).to_have_attribute("aria-invalid", "true")
    # The page has loaded (aria-invalid is there): a short wait will do.
    required = "Dieses Feld ist zwingend erforderlich."
    expect(date).to_have_accessible_description(required, timeout=1_000)
