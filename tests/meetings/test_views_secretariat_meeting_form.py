"""Planning a meeting with the form: a draft at the given local time and place."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from meetings.models import Meeting
from tests.meetings.factories import set_state

BERLIN = ZoneInfo("Europe/Berlin")
ENGLISH = {"accept-language": "en"}


def form_data(body, **changes):
    return {
        "body": body.pk,
        "date": "2027-03-04",
        "start_time": "18:00",
        "end_time": "21:30",
        "room": "Ratssaal",
        "street_address": "Markt 1",
        "postal_code": "12345",
        "locality": "Musterstadt",
        "is_hybrid": "on",
        "public_notes": "Einlass ab 17:30 Uhr.",
        **changes,
    }


def test_secretariat_creates_a_draft_meeting(clerk_client, body):
    response = clerk_client.post(reverse("meeting-create"), form_data(body))

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("agenda-edit", args=[meeting.pk])
    assert (meeting.body, meeting.number, meeting.state) == (body, 1, "draft")
    assert meeting.start == datetime.datetime(2027, 3, 4, 18, 0, tzinfo=BERLIN)
    assert meeting.planned_end == datetime.datetime(2027, 3, 4, 21, 30, tzinfo=BERLIN)
    assert str(meeting.location) == "Ratssaal, Markt 1, 12345 Musterstadt"
    assert (meeting.is_hybrid, meeting.public_notes) == (True, "Einlass ab 17:30 Uhr.")


def test_meeting_without_the_hybrid_box_is_held_in_the_hall_only(clerk_client, body):
    data = form_data(body)
    del data["is_hybrid"]

    clerk_client.post(reverse("meeting-create"), data)

    assert Meeting.objects.get().is_hybrid is False


def test_invalid_date_gives_a_form_error_and_creates_nothing(clerk_client, body):
    response = clerk_client.post(
        reverse("meeting-create"), form_data(body, date="2027-02-30"), headers=ENGLISH
    )

    assert response.status_code == 200
    assert response.context["form"].errors["date"] == ["Enter a valid date."]
    assert not Meeting.objects.exists()


def test_end_before_start_gives_a_form_error_and_creates_nothing(clerk_client, body):
    response = clerk_client.post(
        reverse("meeting-create"), form_data(body, end_time="17:00"), headers=ENGLISH
    )

    assert response.context["form"].errors["end_time"] == [
        "The planned end must be after the start."
    ]
    assert not Meeting.objects.exists()


def test_moving_an_invited_meeting_records_the_change(clerk_client, body, meeting):
    set_state(meeting, "invited")

    response = clerk_client.post(
        reverse("meeting-edit", args=[meeting.pk]), form_data(body, room="Bürgerhaus")
    )

    assert response.status_code == 302
    assert sorted(meeting.changes.values_list("kind", flat=True)) == ["location", "schedule"]
    meeting.refresh_from_db()
    assert meeting.location.room == "Bürgerhaus"


def test_closed_meeting_cannot_be_edited(clerk_client, body, meeting):
    set_state(meeting, "closed")

    response = clerk_client.post(
        reverse("meeting-edit", args=[meeting.pk]), form_data(body), headers=ENGLISH
    )

    assert response.status_code == 200
    assert "its agenda can no longer be changed" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).start == meeting.start
