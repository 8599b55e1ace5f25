"""Ladungsfrist: the invitation must go out the body's notice period before the meeting."""

import datetime
import zoneinfo

from meetings.rules import invitation_deadline, is_invitation_late

START = datetime.datetime(2026, 12, 10, 17, 0, tzinfo=datetime.UTC)


def test_deadline_is_the_notice_period_before_the_start():
    assert invitation_deadline(START, 7) == datetime.datetime(
        2026, 12, 3, 17, 0, tzinfo=datetime.UTC
    )


def test_invitation_exactly_at_the_deadline_is_not_late():
    deadline = invitation_deadline(START, 7)

    assert not is_invitation_late(now=deadline, start=START, notice_period_days=7)


def test_invitation_one_second_after_the_deadline_is_late():
    deadline = invitation_deadline(START, 7)

    assert is_invitation_late(
        now=deadline + datetime.timedelta(seconds=1), start=START, notice_period_days=7
    )


def test_invitation_well_before_the_deadline_is_not_late():
    now = START - datetime.timedelta(days=30)

    assert not is_invitation_late(now=now, start=START, notice_period_days=7)


def test_without_notice_period_only_an_invitation_after_the_start_is_late():
    assert not is_invitation_late(now=START, start=START, notice_period_days=0)
    assert is_invitation_late(
        now=START + datetime.timedelta(seconds=1), start=START, notice_period_days=0
    )


def test_a_longer_notice_period_makes_the_same_moment_late():
    now = START - datetime.timedelta(days=5)

    assert not is_invitation_late(now=now, start=START, notice_period_days=3)
    assert is_invitation_late(now=now, start=START, notice_period_days=14)


def test_deadline_keeps_the_clock_time_across_the_change_to_winter_time():
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    start = datetime.datetime(2026, 10, 27, 18, 0, tzinfo=berlin)  # winter time (CET)

    deadline = invitation_deadline(start, 7)

    assert (deadline.date(), deadline.hour) == (datetime.date(2026, 10, 20), 18)
    assert deadline.utcoffset() == datetime.timedelta(hours=2)  # still summer time (CEST)
