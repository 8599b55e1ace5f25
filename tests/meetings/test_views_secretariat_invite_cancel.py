"""Inviting to and cancelling a meeting through the secretariat's pages."""

from django.urls import reverse

from meetings.models import Meeting
from tests.meetings.factories import in_days, make_item, make_meeting

ENGLISH = {"accept-language": "en"}
# What a browser sends when the urgent box is not ticked: the empty text area, no checkbox.
NOT_URGENT = {"urgent_reason": ""}


def test_secretariat_sends_the_invitation(
    clerk, clerk_client, meeting, members, django_capture_on_commit_callbacks, mailoutbox
):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("meeting-invite", args=[meeting.pk]), NOT_URGENT)

    assert response.url == reverse("meeting-detail", args=[meeting.pk])
    assert Meeting.objects.get(pk=meeting.pk).state == "invited"
    assert len(mailoutbox) == len(members)


def test_late_invitation_shows_the_notice_period_and_sends_nothing(
    clerk, clerk_client, body, members, mailoutbox
):
    meeting = make_meeting(by=clerk, body=body, start=in_days(2))
    make_item(by=clerk, meeting=meeting, title="Eilentscheidung")

    response = clerk_client.post(
        reverse("meeting-invite", args=[meeting.pk]), NOT_URGENT, headers=ENGLISH
    )

    assert response.status_code == 200
    assert "The notice period of 7 days ended on" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).state == "draft"
    assert mailoutbox == []


def test_urgent_invitation_goes_out_with_its_reason(clerk, clerk_client, body, members):
    meeting = make_meeting(by=clerk, body=body, start=in_days(2))
    make_item(by=clerk, meeting=meeting, title="Eilentscheidung")

    clerk_client.post(
        reverse("meeting-invite", args=[meeting.pk]),
        {"urgent": "on", "urgent_reason": "Förderfrist endet"},
    )

    assert meeting.dispatches.get().urgent_reason == "Förderfrist endet"


def test_reason_without_the_urgent_box_does_not_count(clerk, clerk_client, body, members):
    meeting = make_meeting(by=clerk, body=body, start=in_days(2))
    make_item(by=clerk, meeting=meeting, title="Eilentscheidung")

    clerk_client.post(
        reverse("meeting-invite", args=[meeting.pk]), {"urgent_reason": "Förderfrist endet"}
    )

    assert Meeting.objects.get(pk=meeting.pk).state == "draft"


def test_secretariat_cancels_a_meeting_with_a_reason(clerk_client, meeting):
    response = clerk_client.post(
        reverse("meeting-cancel", args=[meeting.pk]), {"reason": "Keine Beratungsgegenstände"}
    )

    meeting.refresh_from_db()
    assert response.url == reverse("meeting-detail", args=[meeting.pk])
    assert (meeting.state, meeting.cancel_reason) == ("cancelled", "Keine Beratungsgegenstände")


def test_cancelling_without_reason_is_a_form_error(clerk_client, meeting):
    response = clerk_client.post(reverse("meeting-cancel", args=[meeting.pk]), {"reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Meeting.objects.get(pk=meeting.pk).state == "draft"


def test_cancelled_meeting_cannot_be_cancelled_again(clerk_client, meeting):
    clerk_client.post(reverse("meeting-cancel", args=[meeting.pk]), {"reason": "Erster Grund"})

    response = clerk_client.post(
        reverse("meeting-cancel", args=[meeting.pk]), {"reason": "Zweiter Grund"}, headers=ENGLISH
    )

    assert "A meeting that is Cancelled cannot be cancelled." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).cancel_reason == "Erster Grund"
