"""The live page: control panel for staff, the member view for members, the ticker for
everyone else; the public never sees the non-public part."""

import hashlib
import json

import pytest
from django.urls import reverse

from meetings.session.events import canonical
from meetings.session.services.agenda import call_item
from tests.live.conftest import PUBLIC_TITLE, SECRET_DOCUMENT, SECRET_TITLE

pytestmark = pytest.mark.django_db


def live_page(client, meeting):
    response = client.get(reverse("meeting-live", args=[meeting.pk]))
    assert response.status_code == 200
    return response


def template_names(response):
    return {template.name for template in response.templates}


def test_staff_get_the_control_panel_with_open_the_meeting(client, clerk, meeting):
    client.force_login(clerk)

    response = live_page(client, meeting)

    assert "meetings/live/control_panel.html" in template_names(response)
    assert "Sitzung eröffnen" in response.content.decode()


def test_chair_gets_the_control_panel_in_english_when_asked(client, chair, meeting):
    client.force_login(chair)
    client.cookies["django_language"] = "en"

    response = live_page(client, meeting)

    assert "meetings/live/control_panel.html" in template_names(response)
    assert "Open the meeting" in response.content.decode()


def test_member_gets_the_member_view_with_the_non_public_item(client, member, meeting):
    client.force_login(member)

    response = live_page(client, meeting)

    assert "meetings/live/member_view.html" in template_names(response)
    assert "meetings/live/control_panel.html" not in template_names(response)
    assert SECRET_TITLE in response.content.decode()


def test_anonymous_visitor_gets_the_ticker_without_the_non_public_item(
    client, clerk, running, secret_item
):
    call_item(by=clerk, meeting=running, item_id=secret_item.pk)

    response = live_page(client, running)

    page = response.content.decode()
    assert "meetings/live/ticker.html" in template_names(response)
    assert PUBLIC_TITLE in page
    assert SECRET_TITLE not in page and SECRET_DOCUMENT not in page
    assert "Sitzung eröffnen" not in page


def test_draft_meeting_has_no_live_page_for_the_public(client, draft):
    response = client.get(reverse("meeting-live", args=[draft.pk]))

    assert response.status_code == 404


def test_event_log_is_404_for_members(client, member, running):
    client.force_login(member)

    response = client.get(reverse("meeting-event-log", args=[running.pk]))

    assert response.status_code == 404


def test_event_log_is_404_for_the_public(client, running):
    response = client.get(reverse("meeting-event-log", args=[running.pk]))

    assert response.status_code == 404


def test_event_log_gives_staff_the_hashes(client, clerk, running):
    client.force_login(clerk)

    response = client.get(reverse("meeting-event-log", args=[running.pk]))

    log = json.loads(response.content)
    event = running.events.get()
    assert log["meeting"] == running.pk
    assert [(e["seq"], e["hash"], e["previous_hash"]) for e in log["events"]] == [
        (1, event.hash, "0" * 64)
    ]
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_downloaded_event_log_can_be_rehashed_by_anyone(client, clerk, running):
    client.force_login(clerk)
    log = json.loads(client.get(reverse("meeting-event-log", args=[running.pk])).content)

    for event in log["events"]:
        content = {key: value for key, value in event.items() if key != "hash"}
        assert hashlib.sha256(canonical(content)).hexdigest() == event["hash"]
