"""django-axes locks an account after five wrong passwords from one address.

Each test uses its own account: a lock lasts 15 minutes and would spill into other tests.
"""

import re

from playwright.sync_api import expect

WRONG = "falsch"
LOCKED_HEADING = re.compile("Anmeldung gesperrt|Login locked")
# django-axes answers a locked-out login with 429 Too Many Requests unless told otherwise.
LOCKED_STATUS = 429


def fail_to_log_in(page, submit_login, username, *, times):
    for _ in range(times):
        response = submit_login(page, username, WRONG)
    return response


def test_four_wrong_passwords_do_not_lock_the_account(page, submit_login, log_in, screenshot):
    response = fail_to_log_in(page, submit_login, "mitglied09", times=4)
    screenshot(page, "wrong-password")

    assert response.status == 200
    log_in(page, "mitglied09")


def test_fifth_wrong_password_shows_the_lockout_page(page, submit_login):
    response = fail_to_log_in(page, submit_login, "mitglied07", times=5)

    assert response.status == LOCKED_STATUS
    expect(page.locator("h1")).to_have_text(LOCKED_HEADING)


def test_right_password_is_refused_while_locked(page, submit_login):
    fail_to_log_in(page, submit_login, "mitglied08", times=5)

    response = submit_login(page, "mitglied08", "demo")

    assert response.status == LOCKED_STATUS
    expect(page.locator("h1")).to_have_text(LOCKED_HEADING)
