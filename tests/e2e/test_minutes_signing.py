"""The way of the minutes from final to verified, in the browser: the recorder and the chair
sign in turn on the signing page, the secretariat publishes, and a visitor downloads the public
PDF from /minutes/ and has it verified. Plus axe on the two pages.

The demo's minutes may be final or already published: the secretariat first returns them to the
draft and finalizes a new version, so each test starts from the same state either way.
"""

import re

from playwright.sync_api import Page, expect

from .test_accessibility import axe_violations, describe
from .test_minutes_accessibility import open_minutes


def finalize_a_new_version(page: Page) -> int:
    """As the secretariat, on the minutes page: back to the draft, finalize; the meeting's id."""
    open_minutes(page)
    back = page.get_by_role("button", name="Zurück zum Entwurf")
    if back.count():
        back.click()
        expect(page.get_by_role("button", name="Niederschrift abschließen")).to_be_visible()
    changes = page.get_by_label("Was sich gegenüber der vorigen Fassung geändert hat")
    if changes.count():
        changes.fill("Unterschriften im Browsertest")
    page.get_by_role("button", name="Niederschrift abschließen").click()
    expect(page.get_by_role("link", name="Unterschriften")).to_be_visible()
    return int(re.search(r"/meetings/(\d+)/minutes/", page.url)[1])


def sign_with_the_stored_key(page: Page) -> None:
    expect(page.get_by_label("Mein Signaturschlüssel, den die Kommune verwahrt")).to_be_checked()
    page.get_by_role("button", name="Beide Dateien unterschreiben").click()
    expect(page.locator(".kern-alert--success, [role=status]").first).to_be_visible()
    expect(
        page.get_by_text("Sie haben die vollständige und die öffentliche Niederschrift")
    ).to_be_visible()


def test_recorder_and_chair_sign_the_secretariat_publishes_the_public_verifies(
    browser, live_server_url, request, sign_in, screenshot
):
    from .conftest import DESKTOP, open_page

    pages = [open_page(browser, live_server_url, request, viewport=DESKTOP) for _ in range(3)]
    secretariat, chair, visitor = (next(generator) for generator in pages)
    try:
        sign_in(secretariat, "sekretariat")
        meeting = finalize_a_new_version(secretariat)

        secretariat.get_by_role("link", name="Unterschriften").click()
        sign_with_the_stored_key(secretariat)

        sign_in(chair, "vorsitz")
        chair.goto(f"/meetings/{meeting}/")
        chair.get_by_role("link", name="Niederschrift unterschreiben").click()
        sign_with_the_stored_key(chair)
        expect(chair.get_by_text("Beide haben beide Dateien unterschrieben.")).to_be_visible()
        screenshot(chair, "signed")

        secretariat.goto(f"/meetings/{meeting}/minutes/")
        secretariat.get_by_role("button", name="Veröffentlichen").click()
        expect(secretariat.get_by_text("Die Niederschrift wurde veröffentlicht.")).to_be_visible()

        visitor.goto("/minutes/")
        link = visitor.locator("a[href$='oeffentlich.pdf']").first
        pdf = visitor.request.get(link.get_attribute("href")).body()
        visitor.get_by_role(
            "link", name="Eine Niederschrift und ihre Unterschriften prüfen"
        ).click()
        visitor.get_by_label("PDF-Datei").set_input_files(
            files=[{"name": "niederschrift.pdf", "mimeType": "application/pdf", "buffer": pdf}]
        )
        visitor.get_by_role("button", name="Prüfen").click()

        result = visitor.locator("[aria-labelledby=result-heading]")
        expect(result).to_contain_text("unveränderte Kopie der öffentlichen Niederschrift")
        expect(result).to_contain_text("Alle Signaturen sind gültig")
        expect(result.get_by_role("heading", level=3)).to_have_count(2)
        screenshot(visitor, "verified")
    finally:
        for generator in pages:
            next(generator, None)


def test_the_signing_page_has_no_serious_violations(page, request, sign_in):
    sign_in(page, "sekretariat")
    finalize_a_new_version(page)
    page.get_by_role("link", name="Unterschriften").click()
    expect(page.get_by_role("button", name="Beide Dateien unterschreiben")).to_be_visible()

    violations = axe_violations(page, request.node.name)

    assert not violations, describe(violations)


def test_the_verification_page_with_a_result_has_no_serious_violations(page, request):
    page.goto("/minutes/verify/")
    page.get_by_label("PDF-Datei").set_input_files(
        files=[{"name": "kein.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%%EOF"}]
    )
    page.get_by_role("button", name="Prüfen").click()
    expect(page.get_by_role("heading", name="Ergebnis")).to_be_visible()

    violations = axe_violations(page, request.node.name)

    assert not violations, describe(violations)
