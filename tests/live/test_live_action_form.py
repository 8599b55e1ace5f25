"""The plain form of the live page, POST /meetings/<id>/live/action/, carries out the same
requests as the socket, through the same handler; refusals come back as a message on the page."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.session.services.agenda import call_item

pytestmark = pytest.mark.django_db


def post(client, meeting, **fields):
    return client.post(reverse("meeting-live-action", args=[meeting.pk]), fields, follow=True)


def test_staff_start_the_meeting_with_a_form(client, clerk, meeting):
    client.force_login(clerk)

    response = post(client, meeting, type="meeting.start")

    assert response.redirect_chain == [(reverse("meeting-live", args=[meeting.pk]), 302)]
    assert Meeting.objects.get(pk=meeting.pk).state == "running"
    assert meeting.events.get().op == "started"


def test_member_gets_a_message_and_nothing_changes(client, member, meeting):
    client.force_login(member)

    response = post(client, meeting, type="meeting.start")

    assert response.status_code == 200
    assert "Das dürfen Sie in dieser Sitzung nicht." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).state == "invited"
    assert not meeting.events.exists()


def test_member_asks_to_speak_with_a_form(client, member, running, public_item, clerk):
    call_item(by=clerk, meeting=running, item_id=public_item.pk)
    client.force_login(member)

    post(client, running, type="speakers.request", kind="point_of_order")

    (request,) = public_item.speakers.all()
    assert (request.person, request.kind) == (member.person, "point_of_order")


def test_form_values_are_checked_like_socket_fields(client, clerk, running):
    client.force_login(clerk)

    response = post(client, running, type="agenda.call", item="drei")

    assert "Das Feld „item“ fehlt oder ist ungültig." in response.content.decode()
    assert running.events.count() == 1


def test_csrf_token_is_not_taken_for_a_field(client, clerk, running):
    client.force_login(clerk)

    post(client, running, type="meeting.interrupt", reason="Pause", csrfmiddlewaretoken="x" * 32)

    assert running.interruptions.get().reason == "Pause"


def test_anonymous_visitor_is_told_no(client, meeting):
    response = post(client, meeting, type="meeting.start")

    assert "Das dürfen Sie in dieser Sitzung nicht." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).state == "invited"


def test_unknown_meeting_is_404(client, clerk):
    client.force_login(clerk)

    response = client.post(reverse("meeting-live-action", args=[987654]), {"type": "meeting.start"})

    assert response.status_code == 404


def test_action_takes_only_posts(client, clerk, meeting):
    client.force_login(clerk)

    response = client.get(reverse("meeting-live-action", args=[meeting.pk]))

    assert response.status_code == 405
