"""The secretariat's pages: anonymous visitors are sent to the login, members get a 403."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import make_member_user, make_user
from tests.meetings.factories import make_item


@pytest.fixture
def urls(clerk, meeting):
    """Every page of the secretariat, with the method it is used with."""
    item = make_item(by=clerk, meeting=meeting, title="Eröffnung")
    on_meeting, on_item = [meeting.pk], [meeting.pk, item.pk]
    return [
        ("get", reverse("meeting-create")),
        ("get", reverse("meeting-edit", args=on_meeting)),
        ("get", reverse("agenda-edit", args=on_meeting)),
        ("get", reverse("agenda-item-edit", args=on_item)),
        ("post", reverse("agenda-item-move", args=on_item)),
        ("post", reverse("agenda-item-delete", args=on_item)),
        ("get", reverse("meeting-invite", args=on_meeting)),
        ("post", reverse("meeting-send-update", args=on_meeting)),
        ("get", reverse("meeting-cancel", args=on_meeting)),
        ("get", reverse("standard-items-edit", args=[meeting.body.pk])),
    ]


def test_anonymous_visitor_is_sent_to_the_login_and_back(client, urls):
    for method, url in urls:
        response = getattr(client, method)(url)

        assert response.status_code == 302, url
        assert response.url == f"{reverse('login')}?next={url}"


def test_member_of_the_body_is_forbidden(client, body, urls):
    client.force_login(make_member_user(body))

    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url


def test_user_without_any_role_is_forbidden(client, urls):
    client.force_login(make_user())

    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url


def test_forbidden_post_changes_nothing(client, body, clerk, meeting):
    first = make_item(by=clerk, meeting=meeting, title="A")
    second = make_item(by=clerk, meeting=meeting, title="B")
    client.force_login(make_member_user(body))

    client.post(reverse("agenda-item-move", args=[meeting.pk, second.pk]), {"direction": "up"})
    client.post(reverse("agenda-item-delete", args=[meeting.pk, first.pk]))
    client.post(reverse("meeting-cancel", args=[meeting.pk]), {"reason": "Weil ich es kann"})

    assert list(meeting.agenda_items.values_list("number", "title")) == [("Ö 1", "A"), ("Ö 2", "B")]
    assert Meeting.objects.get(pk=meeting.pk).state == "draft"


def test_secretariat_opens_every_page(clerk_client, urls):
    for method, url in urls:
        if method == "get":
            assert clerk_client.get(url).status_code == 200, url


def test_actions_only_take_posts(clerk_client, urls):
    for method, url in urls:
        if method == "post":
            assert clerk_client.get(url).status_code == 405, url
