"""django-axes: five failed attempts lock the account from this address, the right password too."""

import pytest
from django.contrib.auth import SESSION_KEY

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def fail_to_log_in(client, username, times):
    return [
        client.post(LOGIN, {"username": username, "password": "falsch"}).status_code
        for _ in range(times)
    ]


def test_four_failed_attempts_do_not_lock(client):
    make_user(username="mitglied01", password="richtig-geheim")
    fail_to_log_in(client, "mitglied01", 4)

    client.post(LOGIN, {"username": "mitglied01", "password": "richtig-geheim"})

    assert SESSION_KEY in client.session


def test_after_five_failed_attempts_the_right_password_is_locked_out(client):
    make_user(username="mitglied01", password="richtig-geheim")
    fail_to_log_in(client, "mitglied01", 5)

    response = client.post(LOGIN, {"username": "mitglied01", "password": "richtig-geheim"})

    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    assert SESSION_KEY not in client.session


def test_the_fifth_failed_attempt_already_shows_the_lockout(client):
    make_user(username="mitglied01", password="richtig-geheim")

    codes = fail_to_log_in(client, "mitglied01", 5)

    assert codes == [200, 200, 200, 200, 429]


def test_lockout_of_one_account_leaves_others_alone(client):
    make_user(username="mitglied01", password="richtig-geheim")
    make_user(username="mitglied02", password="auch-geheim")
    fail_to_log_in(client, "mitglied01", 5)

    client.post(LOGIN, {"username": "mitglied02", "password": "auch-geheim"})

    assert SESSION_KEY in client.session
