"""Login through `/accounts/login/`, with django-axes watching every attempt."""

import pytest
from django.contrib.auth import SESSION_KEY

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_renders_the_form(client):
    response = client.get(LOGIN)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html and 'name="password"' in html


def test_login_with_the_right_password_logs_in(client):
    user = make_user(username="mitglied01", password="richtig-geheim")

    response = client.post(LOGIN, {"username": "mitglied01", "password": "richtig-geheim"})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_login_with_a_wrong_password_shows_an_error(client):
    make_user(username="mitglied01", password="richtig-geheim")

    response = client.post(
        LOGIN, {"username": "mitglied01", "password": "falsch"}, headers={"accept-language": "en"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'role="alert"' in response.content.decode()


def test_login_with_a_wrong_password_changes_nothing(client):
    user = make_user(username="mitglied01", password="richtig-geheim")

    client.post(LOGIN, {"username": "mitglied01", "password": "falsch"})

    assert SESSION_KEY not in client.session
    user.refresh_from_db()
    assert user.last_login is None
    assert user.check_password("richtig-geheim")


def test_inactive_user_cannot_log_in(client):
    make_user(username="ehemalig", password="richtig-geheim", is_active=False)

    client.post(LOGIN, {"username": "ehemalig", "password": "richtig-geheim"})

    assert SESSION_KEY not in client.session
