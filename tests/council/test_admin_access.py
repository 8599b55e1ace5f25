import pytest

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_admin_sends_anonymous_visitors_to_its_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_is_closed_to_users_who_are_not_staff(client):
    client.force_login(make_user())

    response = client.get("/admin/council/membership/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_opens_for_staff_with_permission(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))

    response = client.get("/admin/council/membership/")

    assert response.status_code == 200
