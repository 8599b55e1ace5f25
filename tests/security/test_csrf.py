"""Django's CSRF check guards every form action: a POST without the token is refused (403)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ACTIONS = [
    ("login", []),
    ("meeting-create", []),
    ("meeting-live-action", [1]),
    ("agenda-item-delete", [1, 1]),
    ("calendar-settings", []),
    ("minutes-verify", []),
    ("minutes-sign", [1]),
]


@pytest.mark.parametrize(("name", "args"), ACTIONS)
def test_post_without_csrf_token_is_refused(clerk, name, args):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)

    response = browser.post(reverse(name, args=args), {"type": "meeting.start"})

    assert response.status_code == 403


def test_post_with_the_token_passes_the_check(clerk):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk)
    token = browser.get(reverse("meeting-create")).cookies["csrftoken"].value

    response = browser.post(reverse("meeting-create"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 200  # the form, with its errors: past the CSRF check
