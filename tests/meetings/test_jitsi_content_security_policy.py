"""The Content-Security-Policy stays strict but lets the Jitsi iframe API load and embed."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_member_user
from tests.meetings.factories import set_state


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_policy_allows_the_jitsi_origin_for_scripts_and_frames(client):
    policy = directives(client.get(reverse("home")))

    assert settings.JITSI_ORIGIN in policy["script-src"]
    assert settings.JITSI_ORIGIN in policy["frame-src"]


@pytest.mark.django_db
def test_policy_allows_nothing_else_from_outside(client):
    policy = directives(client.get(reverse("home")))

    assert policy["script-src"] == ["'self'", settings.JITSI_ORIGIN]
    assert policy["frame-src"] == [settings.JITSI_ORIGIN]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_live_page_with_the_room_has_the_same_policy(client, body, meeting):
    set_state(meeting, "invited")
    client.force_login(make_member_user(body))

    response = client.get(reverse("meeting-live", args=[meeting.pk]) + "?teilnahme=remote")

    policy = directives(response)
    assert f'data-script-url="{settings.JITSI_ORIGIN}/external_api.js"' in response.text
    assert settings.JITSI_ORIGIN in policy["script-src"]
    assert settings.JITSI_ORIGIN in policy["frame-src"]
