"""Remote members: their video client joins, their connection drops (disconnected, not absent),
and they come back."""

import pytest

from meetings.session.errors import LiveError
from meetings.session.services.attendance import join_remotely, lose_connection, mark_attendance


def state_of(meeting, user):
    return meeting.attendances.get(person=user.person).state


def test_joining_makes_a_member_present_remotely(running, member):
    event = join_remotely(by=member, meeting=running, person=member.person)

    assert state_of(running, member) == "remote"
    assert (event.type, event.op, event.actor) == ("attendance", "joined", member)


def test_lost_connection_is_disconnected_not_absent(running, member):
    join_remotely(by=member, meeting=running, person=member.person)

    event = lose_connection(by=member, meeting=running, person=member.person)

    assert state_of(running, member) == "disconnected"
    assert event.op == "disconnected"


def test_lost_connection_ends_the_remote_presence(running, member):
    join_remotely(by=member, meeting=running, person=member.person)

    lose_connection(by=member, meeting=running, person=member.person)

    (period,) = running.presences.filter(person=member.person)
    assert period.remote and period.left is not None


def test_disconnected_member_is_remote_again_when_they_rejoin(running, member):
    join_remotely(by=member, meeting=running, person=member.person)
    lose_connection(by=member, meeting=running, person=member.person)

    join_remotely(by=member, meeting=running, person=member.person)

    assert state_of(running, member) == "remote"
    first, second = running.presences.filter(person=member.person).order_by("arrived")
    assert first.left is not None and second.left is None


def test_member_in_the_hall_cannot_join_remotely(clerk, running, member, english):
    mark_attendance(by=clerk, meeting=running, person=member.person, state_name="hall")

    with pytest.raises(LiveError, match="present in the hall") as refused:
        join_remotely(by=member, meeting=running, person=member.person)

    assert refused.value.code == "conflict"
    assert state_of(running, member) == "hall"


def test_chair_cannot_join_remotely(running, chair, english):
    with pytest.raises(LiveError, match="chair must be in the hall"):
        join_remotely(by=chair, meeting=running, person=chair.person)


def test_joining_before_the_start_is_refused(meeting, member, english):
    with pytest.raises(LiveError, match="not running"):
        join_remotely(by=member, meeting=meeting, person=member.person)


def test_losing_the_connection_of_someone_in_the_hall_changes_nothing(clerk, running, member):
    mark_attendance(by=clerk, meeting=running, person=member.person, state_name="hall")
    events = running.events.count()

    result = lose_connection(by=member, meeting=running, person=member.person)

    assert result is None
    assert state_of(running, member) == "hall"
    assert running.events.count() == events


def test_a_disconnected_member_does_not_count_for_quorum(running, member):
    join_remotely(by=member, meeting=running, person=member.person)

    event = lose_connection(by=member, meeting=running, person=member.person)

    assert event.views["members"]["state"]["quorum"]["present"] == 0
    assert event.views["members"]["state"]["quorum"]["remote"] == 0
