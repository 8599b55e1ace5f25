"""Invitations and feeds as iCalendar: parsed back, and read as bytes for what must never be in."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from meetings.calendar import CANCEL, REQUEST, feed_calendar, invitation_calendar
from meetings.models import Meeting, Paper
from meetings.services.agenda import add_item, create_meeting, location_for
from meetings.services.papers import create_paper
from tests.factories import make_body, make_secretariat_user

WINTER_START = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)  # 18:00 in Berlin
SUMMER_START = datetime.datetime(2026, 6, 16, 16, 0, tzinfo=datetime.UTC)  # 18:00 in Berlin
SECRET_TITLE = "Grundstücksankauf Geheimweg"
URL = "https://rat.musterstadt.de/meetings/1/"


@pytest.fixture
def clerk(db):
    return make_secretariat_user()


@pytest.fixture
def body(db):
    return make_body(name="Stadtrat")


def plan(body, clerk, *, start=WINTER_START, **fields) -> Meeting:
    location = location_for(
        room="Ratssaal", street_address="Markt 1", postal_code="12345", locality="Musterstadt"
    )
    return create_meeting(
        by=clerk,
        body=body,
        start=start,
        planned_end=start + datetime.timedelta(hours=3),
        location=location,
        **fields,
    )


@pytest.fixture
def meeting(body, clerk):
    """A meeting with a public item, a public paper, and a non-public item with a secret paper."""
    meeting = plan(body, clerk, public_notes="Einlass ab 17:30 Uhr.")
    add_item(by=clerk, meeting=meeting, title="Eröffnung", is_public=True)
    paper = create_paper(by=clerk, kind=Paper.Kind.REPORT, title="Haushalt", path=[body])
    add_item(by=clerk, meeting=meeting, title="Haushalt 2027", is_public=True, paper=paper)
    secret = create_paper(
        by=clerk, kind=Paper.Kind.REPORT, title="Ankauf", path=[body], is_public=False
    )
    add_item(by=clerk, meeting=meeting, title=SECRET_TITLE, is_public=False, paper=secret)
    return meeting


def invitation(meeting, *, method=REQUEST, sequence=0, include_non_public=False) -> bytes:
    return invitation_calendar(
        meeting, method=method, sequence=sequence, include_non_public=include_non_public, url=URL
    )


def feed(meetings, *, may_see_non_public=lambda meeting: False) -> bytes:
    return feed_calendar(
        meetings,
        name="Sitzungen Musterstadt",
        may_see_non_public=may_see_non_public,
        url_for=lambda meeting: f"https://rat.musterstadt.de/meetings/{meeting.pk}/",
    )


def only_event(ics: bytes):
    (event,) = Calendar.from_ical(ics).events
    return event


def unfolded(ics: bytes) -> str:
    """The file as text with folded lines joined, so that a long title cannot hide across a fold."""
    return ics.replace(b"\r\n ", b"").decode()


def uid(meeting):
    return f"ratssaal-meeting-{meeting.pk}@{settings.CALENDAR_UID_DOMAIN}"


def test_invitation_is_a_confirmed_request(meeting):
    calendar = Calendar.from_ical(invitation(meeting))

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["PRODID"] == "-//Ratssaal//DE"
    assert only_event(invitation(meeting)).status == "CONFIRMED"
    assert str(only_event(invitation(meeting))["ORGANIZER"]) == "mailto:ratssaal@localhost"


def test_cancellation_is_a_cancel_with_cancelled_status(meeting):
    ics = invitation(meeting, method=CANCEL, sequence=2)

    assert Calendar.from_ical(ics)["METHOD"] == "CANCEL"
    assert only_event(ics).status == "CANCELLED"
    assert only_event(ics).sequence == 2


def test_uid_stays_the_same_across_calls_and_methods(meeting):
    first = only_event(invitation(meeting)).uid
    again = only_event(invitation(meeting, sequence=1, include_non_public=True)).uid
    cancelled = only_event(invitation(meeting, method=CANCEL, sequence=2)).uid

    assert first == again == cancelled
    assert first == uid(meeting)


def test_each_meeting_has_its_own_uid(meeting, body, clerk):
    other = plan(body, clerk, start=SUMMER_START)

    assert only_event(invitation(meeting)).uid != only_event(invitation(other)).uid


def test_uid_domain_can_be_configured(meeting, settings):
    settings.CALENDAR_UID_DOMAIN = "rat.musterstadt.de"
    uid = only_event(invitation(meeting)).uid

    assert uid == f"ratssaal-meeting-{meeting.pk}@rat.musterstadt.de"


def test_sequence_is_the_one_given(meeting):
    assert only_event(invitation(meeting, sequence=0)).sequence == 0
    assert only_event(invitation(meeting, sequence=7)).sequence == 7
    assert "SEQUENCE:7" in unfolded(invitation(meeting, sequence=7))


def test_times_are_berlin_local_time_with_a_vtimezone(meeting):
    calendar = Calendar.from_ical(invitation(meeting))
    event = only_event(invitation(meeting))

    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].params["TZID"] == "Europe/Berlin"
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Europe/Berlin"]
    assert "DTSTART;TZID=Europe/Berlin:20260310T180000" in unfolded(invitation(meeting))
    assert event.start == WINTER_START
    assert event.end == WINTER_START + datetime.timedelta(hours=3)


def test_summer_meeting_starts_at_the_same_local_hour_in_summer_time(body, clerk):
    summer = plan(body, clerk, start=SUMMER_START)

    event = only_event(invitation(summer))

    assert event.start.replace(tzinfo=None) == datetime.datetime(2026, 6, 16, 18, 0)
    assert event.start.utcoffset() == datetime.timedelta(hours=2)


def test_location_url_and_summary_are_given(meeting):
    event = only_event(invitation(meeting))

    assert event["LOCATION"] == "Ratssaal, Markt 1, 12345 Musterstadt"
    assert event["URL"] == URL
    assert event["SUMMARY"] == f"{meeting.number}. Sitzung: Stadtrat"


def test_description_lists_public_items_with_paper_reference_and_notes(meeting):
    paper = Paper.objects.get(title="Haushalt")

    description = only_event(invitation(meeting))["DESCRIPTION"]

    assert description == (
        f"Ö 1 Eröffnung\nÖ 2 Haushalt 2027 ({paper.reference})\n\nEinlass ab 17:30 Uhr."
    )


def test_public_invitation_never_contains_a_non_public_item(meeting):
    secret_paper = Paper.objects.get(title="Ankauf")

    text = unfolded(invitation(meeting, include_non_public=False))

    assert SECRET_TITLE not in text
    assert "Geheimweg" not in text
    assert secret_paper.reference not in text
    assert "N 1" not in text


def test_member_invitation_lists_non_public_items_after_public_ones(meeting):
    secret_paper = Paper.objects.get(title="Ankauf")

    description = only_event(invitation(meeting, include_non_public=True))["DESCRIPTION"]

    lines = description.splitlines()
    assert lines[:3] == [
        "Ö 1 Eröffnung",
        f"Ö 2 Haushalt 2027 ({Paper.objects.get(title='Haushalt').reference})",
        f"N 1 {SECRET_TITLE} ({secret_paper.reference})",
    ]


def test_agenda_is_in_numeric_order_not_text_order(body, clerk):
    meeting = plan(body, clerk)
    for index in range(1, 12):
        add_item(by=clerk, meeting=meeting, title=f"Punkt {index}", is_public=True)

    description = only_event(invitation(meeting))["DESCRIPTION"]

    numbers = [line.rsplit(" ", 2)[0] for line in description.splitlines()]
    assert numbers == [f"Ö {index}" for index in range(1, 12)]


def test_markup_and_separators_in_texts_round_trip_exactly(body, clerk):
    hostile = "<script>alert(1)</script>; Foo, Bar\nZweite Zeile \\ Ende"
    meeting = plan(body, clerk, public_notes=hostile)
    add_item(by=clerk, meeting=meeting, title=hostile.replace("\n", " "), is_public=True)

    ics = invitation(meeting)

    description = only_event(ics)["DESCRIPTION"]
    assert description == f"Ö 1 {hostile.replace(chr(10), ' ')}\n\n{hostile}"
    assert "\\; Foo\\, Bar" in unfolded(ics)


def test_unknown_method_is_refused(meeting):
    with pytest.raises(ValueError, match="PUBLISH"):
        invitation(meeting, method="PUBLISH")


def test_feed_has_one_event_per_meeting_and_no_method(meeting, body, clerk):
    other = plan(body, clerk, start=SUMMER_START)

    calendar = Calendar.from_ical(feed(Meeting.objects.all()))

    assert "METHOD" not in calendar
    assert calendar["X-WR-CALNAME"] == "Sitzungen Musterstadt"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Berlin"
    assert sorted(str(event.uid) for event in calendar.events) == sorted(
        [
            uid(meeting),
            uid(other),
        ]
    )
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Europe/Berlin"]


def test_feed_event_matches_the_invitation_so_clients_merge_them(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(calendar_sequence=3)
    meeting.refresh_from_db()

    from_feed = only_event(feed(Meeting.objects.all()))
    from_mail = only_event(invitation(meeting, sequence=3))

    assert from_feed.uid == from_mail.uid
    assert from_feed.sequence == 3
    assert from_feed.start == from_mail.start
    assert from_feed["URL"] == f"https://rat.musterstadt.de/meetings/{meeting.pk}/"


def test_feed_marks_cancelled_meetings(meeting, body, clerk):
    cancelled = plan(body, clerk, start=SUMMER_START)
    Meeting.objects.filter(pk=cancelled.pk).update(
        state=Meeting.State.CANCELLED, cancel_reason="Keine Beratungsgegenstände"
    )
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.INVITED)

    events = Calendar.from_ical(feed(Meeting.objects.all())).events

    status = {str(event.uid): event.status for event in events}
    assert status[uid(cancelled)] == "CANCELLED"
    assert status[uid(meeting)] == "CONFIRMED"


def test_public_feed_never_contains_non_public_items(meeting):
    secret_paper = Paper.objects.get(title="Ankauf")

    text = unfolded(feed(Meeting.objects.all()))

    assert "Ö 1 Eröffnung" in text
    assert "Geheimweg" not in text
    assert secret_paper.reference not in text


def test_feed_shows_non_public_items_only_for_meetings_the_reader_may_see(meeting, body, clerk):
    other = plan(body, clerk, start=SUMMER_START)
    add_item(by=clerk, meeting=other, title="Personalangelegenheit", is_public=False)

    events = Calendar.from_ical(
        feed(Meeting.objects.all(), may_see_non_public=lambda m: m.pk == meeting.pk)
    ).events

    description = {str(event.uid): str(event["DESCRIPTION"]) for event in events}
    assert SECRET_TITLE in description[uid(meeting)]
    assert "Personalangelegenheit" not in description[uid(other)]


def test_feed_queries_do_not_grow_with_the_number_of_meetings(meeting, body, clerk):
    with CaptureQueriesContext(connection) as one:
        feed(Meeting.objects.filter(pk=meeting.pk))
    for days in (7, 14, 21):
        later = plan(body, clerk, start=WINTER_START + datetime.timedelta(days=days))
        add_item(by=clerk, meeting=later, title="Eröffnung", is_public=True)
    with CaptureQueriesContext(connection) as four:
        ics = feed(Meeting.objects.all())

    assert len(Calendar.from_ical(ics).events) == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_empty_feed_is_still_a_calendar(db):
    calendar = Calendar.from_ical(feed(Meeting.objects.none()))

    assert calendar.events == []
    assert calendar["X-WR-CALNAME"] == "Sitzungen Musterstadt"
