"""Members the roll call records as excused or absent are in the minutes as such, without times:
one who excused themselves before the meeting and one marked absent when it began."""

import pytest

from council.models import Municipality
from meetings.session.services import attendance, session
from minutes import services
from minutes.pdf import render
from minutes.record import minutes_record, public_record
from tests.minutes.pdfs import text_of
from tests.minutes.session import START, STEP
from voting.demo import replayed_clock


def mark(meeting, user, state_name, *, by):
    attendance.mark_attendance(by=by, meeting=meeting, person=user.person, state_name=state_name)


@pytest.fixture
def minutes(meeting, clerk, chair, member, others):
    """A short session: Vogt excused in advance, Hahn, Schwarz and Weber in the hall, Aydin
    absent; opened and closed at once. The draft with recorder and chair."""
    weber, vogt, aydin = others
    Municipality.objects.create(name="Musterstadt")
    with replayed_clock(START, STEP):
        mark(meeting, vogt, "excused", by=clerk)
        session.start_meeting(by=clerk, meeting=meeting)
        for user in (chair, member, weber):
            mark(meeting, user, "hall", by=clerk)
        mark(meeting, aydin, "absent", by=clerk)
        session.close_meeting(by=chair, meeting=meeting)
    meeting.refresh_from_db()
    draft = services.open_minutes(meeting=meeting)
    return services.update_minutes(by=clerk, minutes=draft, recorder=clerk, chair=chair.person)


def attendance_by_name(record):
    return {row["name"]: row for row in record["attendance"]}


def test_record_has_the_excused_and_the_absent_member_without_times(minutes):
    rows = attendance_by_name(minutes_record(minutes))

    assert (rows["Lena Vogt"]["state"], rows["Lena Vogt"]["periods"]) == ("excused", [])
    assert (rows["Kemal Aydin"]["state"], rows["Kemal Aydin"]["periods"]) == ("absent", [])
    assert rows["Jonas Weber"]["state"] == "hall"
    assert len(rows["Jonas Weber"]["periods"]) == 1


def test_pdf_counts_who_was_there_excused_and_absent(minutes):
    text = text_of(render(minutes_record(minutes), version=1).pdf)

    assert "Anwesend im Saal: 3, per Videokonferenz: 0, entschuldigt: 1, abwesend: 1." in text


def test_pdf_lists_the_excused_and_the_absent_member_by_name(minutes):
    text = text_of(render(minutes_record(minutes), version=1).pdf)

    assert "Lena Vogt entschuldigt" in text
    assert "Kemal Aydin abwesend" in text


def test_public_pdf_lists_them_too(minutes):
    text = text_of(render(public_record(minutes_record(minutes)), version=1).pdf)

    assert "Lena Vogt entschuldigt" in text
    assert "Kemal Aydin abwesend" in text


def test_no_correction_was_needed_for_it(minutes):
    record = minutes_record(minutes)

    assert record["corrections"] == []
    assert "Berichtigungen" not in text_of(render(record, version=1).pdf)
