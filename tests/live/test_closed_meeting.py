"""A closed meeting is the record of what happened: nothing more changes it."""

import pytest

from meetings.models import SpeakerRequest
from meetings.session.errors import LiveError
from meetings.session.services.agenda import call_item
from meetings.session.services.conflicts import declare_conflict, withdraw_conflict
from meetings.session.services.session import close_meeting
from meetings.session.services.speakers import move_request, request_to_speak, withdraw_request


@pytest.fixture
def waiting(clerk, running, public_item, member, others):
    """Two requests still waiting when the meeting is closed (closing ends only the speech)."""
    call_item(by=clerk, meeting=running, item_id=public_item.pk)
    return [
        request_to_speak(by=user, meeting=running, person=user.person, kind="speech").data[
            "request"
        ]
        for user in (member, others[0])
    ]


def test_no_item_is_called_after_the_close(clerk, chair, running, secret_item, english):
    close_meeting(by=chair, meeting=running)

    with pytest.raises(LiveError, match="not running"):
        call_item(by=clerk, meeting=running, item_id=secret_item.pk)

    assert running.events.order_by("seq").last().op == "closed"


def test_requests_are_not_withdrawn_after_the_close(clerk, chair, running, waiting):
    close_meeting(by=chair, meeting=running)

    with pytest.raises(LiveError):
        withdraw_request(by=clerk, meeting=running, request_id=waiting[0])


def test_waiting_requests_lapse_with_the_close(chair, running, waiting):
    close_meeting(by=chair, meeting=running)

    assert not SpeakerRequest.objects.filter(pk__in=waiting, state="waiting").exists()


def test_requests_are_not_moved_after_the_close(clerk, chair, running, waiting):
    close_meeting(by=chair, meeting=running)

    with pytest.raises(LiveError):
        move_request(by=clerk, meeting=running, request_id=waiting[1], up=True)


def test_conflicts_are_not_withdrawn_after_the_close(clerk, chair, running, public_item, member):
    declare_conflict(by=member, meeting=running, item_id=public_item.pk, person=member.person)
    close_meeting(by=chair, meeting=running)

    with pytest.raises(LiveError):
        withdraw_conflict(by=clerk, meeting=running, item_id=public_item.pk, person=member.person)


def test_conflicts_are_not_declared_after_the_close(chair, running, public_item, member, english):
    close_meeting(by=chair, meeting=running)

    with pytest.raises(LiveError, match="not running"):
        declare_conflict(by=member, meeting=running, item_id=public_item.pk, person=member.person)
