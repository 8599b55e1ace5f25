"""Changing a meeting's time, place or notes; after the invitation, time and place are recorded."""

import datetime

from meetings.services.agenda import update_meeting
from tests.meetings.factories import make_location, set_state


def change(meeting, clerk, *, hours_later=0, location=None, **fields):
    later = datetime.timedelta(hours=hours_later)
    return update_meeting(
        by=clerk,
        meeting=meeting,
        start=meeting.start + later,
        planned_end=meeting.planned_end + later,
        location=location or meeting.location,
        **fields,
    )


def recorded(meeting):
    return list(meeting.changes.values_list("kind", "detail"))


def test_draft_is_changed_without_recording_anything(clerk, meeting):
    start = meeting.start

    change(meeting, clerk, hours_later=1, location=make_location(room="Sitzungssaal 2"))

    meeting.refresh_from_db()
    assert meeting.start == start + datetime.timedelta(hours=1)
    assert meeting.location.room == "Sitzungssaal 2"
    assert recorded(meeting) == []


def test_new_time_of_an_invited_meeting_is_recorded(clerk, meeting):
    set_state(meeting, "invited")

    change(meeting, clerk, hours_later=2)

    assert recorded(meeting) == [("schedule", "")]


def test_new_end_alone_is_a_schedule_change(clerk, meeting):
    set_state(meeting, "invited")

    update_meeting(
        by=clerk,
        meeting=meeting,
        start=meeting.start,
        planned_end=meeting.planned_end + datetime.timedelta(hours=1),
        location=meeting.location,
    )

    assert recorded(meeting) == [("schedule", "")]


def test_new_place_of_an_invited_meeting_is_recorded_with_the_address(clerk, meeting):
    set_state(meeting, "invited")

    change(meeting, clerk, location=make_location(room="Bürgerhaus", street_address="Weg 3"))

    assert recorded(meeting) == [("location", "Bürgerhaus, Weg 3, 12345 Musterstadt")]


def test_same_time_and_place_records_nothing(clerk, meeting):
    set_state(meeting, "invited")

    change(meeting, clerk, location=make_location(), public_notes="Einlass ab 17:30 Uhr.")

    meeting.refresh_from_db()
    assert meeting.public_notes == "Einlass ab 17:30 Uhr."
    assert recorded(meeting) == []


def test_time_and_place_changed_together_are_two_changes(clerk, meeting):
    set_state(meeting, "invited")

    change(meeting, clerk, hours_later=1, location=make_location(room="Bürgerhaus"))

    assert [kind for kind, _detail in recorded(meeting)] == ["schedule", "location"]
