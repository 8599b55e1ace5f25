"""On a phone, pages fit the screen: nobody has to scroll sideways to read them."""

import pytest

SIDEWAYS_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/council/"], ids=["start", "login", "roster"]
)
def test_public_page_fits_a_phone_screen(phone_page, path):
    phone_page.goto(path)

    assert phone_page.evaluate(SIDEWAYS_OVERFLOW) == 0


def test_body_page_fits_a_phone_screen(phone_page, open_body):
    open_body(phone_page, "Stadtrat")

    assert phone_page.evaluate(SIDEWAYS_OVERFLOW) == 0


def test_header_of_a_logged_in_member_fits_a_phone_screen(phone_page, log_in):
    log_in(phone_page, "mitglied01")

    phone_page.goto("/council/")

    assert phone_page.evaluate(SIDEWAYS_OVERFLOW) == 0
