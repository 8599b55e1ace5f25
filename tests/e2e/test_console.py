"""Pages load without browser console errors: no CSP violation, no missing file, no JS error."""

import pytest


def record_errors(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/council/"], ids=["start", "login", "roster"]
)
def test_public_page_loads_without_console_errors(page, path):
    errors = record_errors(page)

    page.goto(path)
    page.wait_for_load_state("networkidle")

    assert errors == []


def test_body_page_loads_without_console_errors(page, open_body):
    errors = record_errors(page)

    open_body(page, "Stadtrat")
    page.wait_for_load_state("networkidle")

    assert errors == []
