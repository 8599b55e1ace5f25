"""Connection failures: reported by the member or for them, decided by the chair."""

import pytest

from meetings.live.errors import LiveError
from meetings.live.services.failures import decide_failure, report_failure
from meetings.models import ConnectionFailure


def test_member_reports_a_failure(running, member):
    event = report_failure(by=member, meeting=running, person=member.person)

    failure = ConnectionFailure.objects.get()
    assert (failure.person, failure.reported_by, failure.fault) == (
        member.person,
        member,
        "undecided",
    )
    assert (
        event.views["members"]["announce"]["en"] == "Birgit Schwarz reports a connection failure."
    )


def test_staff_records_a_failure_for_a_member(clerk, running, member):
    report_failure(by=clerk, meeting=running, person=member.person)

    assert ConnectionFailure.objects.get().reported_by == clerk


def test_failures_never_reach_the_public(running, member):
    event = report_failure(by=member, meeting=running, person=member.person)

    assert "public" not in event.views
    assert event.views["staff"]["state"]["failures"][0]["name"] == "Birgit Schwarz"


def test_failures_are_reported_only_while_the_meeting_runs(meeting, member, english):
    with pytest.raises(LiveError, match="not running"):
        report_failure(by=member, meeting=meeting, person=member.person)

    assert not ConnectionFailure.objects.exists()


def test_chair_decides_whose_side_the_fault_is_on(chair, running, member):
    failure = report_failure(by=member, meeting=running, person=member.person).data["failure"]

    event = decide_failure(
        by=chair, meeting=running, failure_id=failure, fault="municipality", decision="Wiederholung"
    )

    decided = ConnectionFailure.objects.get()
    assert (decided.fault, decided.decision) == ("municipality", "Wiederholung")
    assert decided.decided is not None
    assert "public" not in event.views


def test_undecided_is_no_decision(chair, running, member, english):
    failure = report_failure(by=member, meeting=running, person=member.person).data["failure"]

    with pytest.raises(LiveError, match="whose side") as refused:
        decide_failure(
            by=chair, meeting=running, failure_id=failure, fault="undecided", decision=""
        )

    assert refused.value.code == "invalid"


def test_unknown_failure_is_not_found(chair, running, english):
    with pytest.raises(LiveError, match="no such connection failure") as refused:
        decide_failure(by=chair, meeting=running, failure_id=999, fault="member", decision="")

    assert refused.value.code == "not_found"
