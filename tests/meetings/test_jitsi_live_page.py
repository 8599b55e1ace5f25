"""The live page embeds the Jitsi room only for those who may join it, and never the app secret."""

import json
import re

import jwt
import pytest
from django.urls import reverse

from council.models import Membership
from tests.factories import make_body, make_member_user, make_user
from tests.meetings.factories import set_state

SECRET = "jitsi-app-secret-for-tests-0123456789"
SCRIPT_URL = "https://meet.musterstadt.de/external_api.js"


@pytest.fixture(autouse=True)
def jitsi(settings):
    settings.JITSI_DOMAIN = "meet.musterstadt.de"
    settings.JITSI_ORIGIN = "https://meet.musterstadt.de"
    settings.JITSI_APP_ID = "ratssaal"
    settings.JITSI_APP_SECRET = SECRET


@pytest.fixture
def invited(meeting):
    return set_state(meeting, "invited")


def live_page(client, meeting, query="?teilnahme=remote") -> str:
    response = client.get(reverse("meeting-live", args=[meeting.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def jitsi_config(page: str) -> dict:
    (config,) = re.findall(
        r'<script id="jitsi-config" type="application/json">(.*?)</script>', page
    )
    return json.loads(config)


def test_remote_member_gets_the_room_and_the_script(client, body, invited):
    client.force_login(make_member_user(body))

    page = live_page(client, invited)

    config = jitsi_config(page)
    assert config["roomName"] == invited.jitsi_room
    assert config["domain"] == "meet.musterstadt.de"
    assert f'data-script-url="{SCRIPT_URL}"' in page


def test_member_joins_under_their_name_without_moderator_rights(client, body, invited):
    user = make_member_user(body)
    client.force_login(user)

    claims = jwt.decode(
        jitsi_config(live_page(client, invited))["jwt"],
        SECRET,
        algorithms=["HS256"],
        audience="jitsi",
    )

    assert claims["room"] == invited.jitsi_room
    assert claims["context"]["user"]["name"] == user.person.full_name
    assert claims["context"]["user"]["moderator"] is False


def test_chair_joins_as_moderator(client, body, invited):
    client.force_login(make_member_user(body, role=Membership.Role.CHAIR))

    token = jitsi_config(live_page(client, invited))["jwt"]

    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="jitsi")
    assert claims["context"]["user"]["moderator"] is True


def test_page_never_contains_the_app_secret(client, body, invited):
    client.force_login(make_member_user(body))

    page = live_page(client, invited)

    assert "jitsi-config" in page
    assert SECRET not in page


def test_member_in_the_hall_gets_no_room_until_choosing_remote(client, body, invited):
    client.force_login(make_member_user(body))

    page = live_page(client, invited, query="")

    assert 'href="?teilnahme=remote"' in page
    assert "jitsi-config" not in page
    assert "external_api.js" not in page


def test_anonymous_visitor_gets_no_room(client, invited):
    page = live_page(client, invited)

    assert "jitsi-config" not in page
    assert "external_api.js" not in page
    assert invited.jitsi_room not in page


def test_member_of_another_body_gets_no_room(client, invited):
    client.force_login(make_member_user(make_body(name="Bauausschuss")))

    page = live_page(client, invited)

    assert "jitsi-config" not in page
    assert "external_api.js" not in page
    assert invited.jitsi_room not in page


def test_user_without_any_seat_gets_no_room(client, invited):
    client.force_login(make_user())

    page = live_page(client, invited)

    assert "jitsi-config" not in page
    assert invited.jitsi_room not in page


def test_meeting_in_the_hall_only_has_no_room(client, body, invited):
    type(invited).objects.filter(pk=invited.pk).update(is_hybrid=False)
    client.force_login(make_member_user(body))

    page = live_page(client, invited)

    assert "jitsi-config" not in page
    assert invited.jitsi_room not in page


def test_draft_is_not_found_for_members(client, body, meeting):
    client.force_login(make_member_user(body))

    response = client.get(reverse("meeting-live", args=[meeting.pk]) + "?teilnahme=remote")

    assert response.status_code == 404
