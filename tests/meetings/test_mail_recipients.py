"""Who gets the mails: everyone with a seat in the body on the day of the meeting, once."""

import datetime

from meetings.mail import recipients
from tests.factories import make_body, make_membership, make_person, make_user
from tests.meetings.factories import make_emailed_member


def test_every_member_on_the_meeting_day_is_a_recipient_in_sorted_order(body, meeting):
    make_emailed_member(body, "zoe@example.org")
    make_emailed_member(body, "anna@example.org")

    assert recipients(meeting) == ["anna@example.org", "zoe@example.org"]


def test_members_of_other_bodies_are_not_recipients(body, meeting):
    make_emailed_member(body, "anna@example.org")
    make_emailed_member(make_body(), "fremd@example.org")

    assert recipients(meeting) == ["anna@example.org"]


def test_seat_is_taken_on_the_meeting_day_not_today(body, meeting):
    day = meeting.start.date()
    make_emailed_member(body, "bis-gestern@example.org", end_date=day - datetime.timedelta(1))
    make_emailed_member(body, "bis-dahin@example.org", end_date=day)
    make_emailed_member(body, "ab-dann@example.org", start_date=day)
    make_emailed_member(body, "danach@example.org", start_date=day + datetime.timedelta(1))

    assert recipients(meeting) == ["ab-dann@example.org", "bis-dahin@example.org"]


def test_persons_address_comes_before_the_accounts(body, meeting):
    user = make_user(email="konto@example.org")
    make_membership(body=body, person=make_person(email="person@example.org", user=user))

    assert recipients(meeting) == ["person@example.org"]


def test_accounts_address_is_used_when_the_person_has_none(body, meeting):
    user = make_user(email="konto@example.org")
    make_membership(body=body, person=make_person(email="", user=user))

    assert recipients(meeting) == ["konto@example.org"]


def test_member_without_any_address_is_left_out(body, meeting):
    make_membership(body=body, person=make_person(email=""))
    make_membership(body=body, person=make_person(email="", user=make_user(email="")))

    assert recipients(meeting) == []


def test_shared_address_gets_one_mail(body, meeting):
    make_emailed_member(body, "fraktion@example.org")
    make_emailed_member(body, "fraktion@example.org")

    assert recipients(meeting) == ["fraktion@example.org"]
