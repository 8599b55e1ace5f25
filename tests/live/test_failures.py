"""Connection failures: reported by the member or for them, decided by the chair."""

import pytest

from meetings.models import ConnectionFailure
from meetings.session.errors import LiveError
from meetings.session.services.attendance import join_remotely, mark_attendance
from meetings.session.services.failures import decide_failure, report_failure


@pytest.fixture
def remote(running, member):
    """The member takes part by video: only then can the connection fail."""
    join_remotely(by=member, meeting=running, person=member.person)
    return running


def test_member_in_the_hall_cannot_report_a_failure(running, member, clerk, english):
    mark_attendance(by=clerk, meeting=running, person=member.person, state_name="hall")

    with pytest.raises(LiveError, match="taking part remotely"):
        report_failure(by=member, meeting=running, person=member.person)


def test_member_reports_a_failure(remote, member):
    event = report_failure(by=member, meeting=remote, person=member.person)

    failure = ConnectionFailure.objects.get()
    assert (failure.person, failure.reported_by, failure.fault) == (
        member.person,
        member,
        "undecided",
    )
    assert (
        event.views["members"]["announce"]["en"] == "Birgit Schwarz reports a connection failure."
    )


def test_staff_records_a_failure_for_a_member(clerk, remote, member):
    report_failure(by=clerk, meeting=remote, person=member.person)

    assert ConnectionFailure.objects.get().reported_by == clerk


def test_failures_never_reach_the_public(remote, member):
    event = report_failure(by=member, meeting=remote, person=member.person)

    assert "public" not in event.views
    assert event.views["staff"]["state"]["failures"][0]["name"] == "Birgit Schwarz"


def test_failures_are_reported_only_while_the_meeting_runs(meeting, member, english):
    with pytest.raises(LiveError, match="not running"):
        report_failure(by=member, meeting=meeting, person=member.person)

    assert not ConnectionFailure.objects.exists()


def test_chair_decides_whose_side_the_fault_is_on(chair, remote, member):
    failure = report_failure(by=member, meeting=remote, person=member.person).data["failure"]

    event = decide_failure(
        by=chair, meeting=remote, failure_id=failure, fault="municipality", decision="Wiederholung"
    )

    decided = ConnectionFailure.objects.get()
    assert (decided.fault, decided.decision) == ("municipality", "Wiederholung")
    assert decided.decided is not None
    assert "public" not in event.views


def test_undecided_is_no_decision(chair, remote, member, english):
    failure = report_failure(by=member, meeting=remote, person=member.person).data["failure"]

    with pytest.raises(LiveError, match="whose side") as refused:
        decide_failure(by=chair, meeting=remote, failure_id=failure, fault="undecided", decision="")

    assert refused.value.code == "invalid"


def test_unknown_failure_is_not_found(chair, running, english):
    with pytest.raises(LiveError, match="no such connection failure") as refused:
        decide_failure(by=chair, meeting=running, failure_id=999, fault="member", decision="")

    assert refused.value.code == "not_found"
