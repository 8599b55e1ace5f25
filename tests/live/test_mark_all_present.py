"""Alle anwesend im Saal: one click records everyone not yet recorded in the hall, as one event;
the exceptions keep what was recorded for them."""

import pytest

from meetings.live import protocol
from meetings.models import PresencePeriod
from meetings.session.errors import LiveError
from meetings.session.services.attendance import mark_all_present, mark_attendance

pytestmark = pytest.mark.django_db


def states(meeting) -> dict[int, str]:
    return dict(meeting.attendances.values_list("person_id", "state"))


def test_everyone_not_yet_recorded_is_in_the_hall_after_one_event(running, clerk, member, others):
    mark_attendance(by=clerk, meeting=running, person=member.person, state_name="excused")
    before = running.events.count()

    event = mark_all_present(by=clerk, meeting=running)

    assert running.events.count() == before + 1
    assert states(running)[member.person.pk] == "excused"
    assert all(states(running)[user.person.pk] == "hall" for user in others)
    rows = event.views["public"]["state"]["attendance"]
    assert member.person.pk not in {row["person"] for row in rows}
    assert {row["state"] for row in rows} == {"hall"}
    assert event.views["public"]["state"]["quorum"]["has_quorum"] is True


def test_their_arrival_in_the_hall_starts_now(running, clerk, others):
    mark_all_present(by=clerk, meeting=running)

    arrived = PresencePeriod.objects.filter(meeting=running, remote=False, left__isnull=True)
    assert {period.person_id for period in arrived} >= {user.person.pk for user in others}


def test_once_everyone_is_recorded_it_is_refused(running, clerk):
    mark_all_present(by=clerk, meeting=running)

    with pytest.raises(LiveError) as refused:
        mark_all_present(by=clerk, meeting=running)

    assert refused.value.code == "conflict"


def test_a_member_may_not_record_everyone(running, member):
    with pytest.raises(LiveError) as refused:
        protocol.handle(member, running.pk, {"type": "attendance.all_present"})

    assert refused.value.code == "forbidden"
