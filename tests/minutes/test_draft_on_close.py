"""When the chair closes a meeting, its minutes begin as a draft with the body's chair."""

import pytest

from meetings.session.errors import LiveError
from meetings.session.services.session import close_meeting
from minutes.models import Minutes

pytestmark = pytest.mark.django_db


def test_closing_the_meeting_starts_the_draft_of_its_minutes(
    running, clerk, chair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close_meeting(by=clerk, meeting=running)

    minutes = Minutes.objects.get(meeting=running)
    assert (minutes.state, minutes.chair) == ("draft", chair.person)


def test_a_close_that_was_refused_starts_no_draft(
    meeting, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(LiveError):
        close_meeting(by=clerk, meeting=meeting)

    assert not Minutes.objects.exists()
