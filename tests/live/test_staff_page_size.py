"""The staff page of a body of 1,000 seats stays small enough to load in the hall: a compact roll
call (each member's state, one form to record any of them) instead of four buttons a row."""

import pytest
from django.urls import reverse

from council.models import Membership, Person
from meetings.session.services.session import start_meeting
from tests.factories import TERM_START, make_body
from tests.meetings.factories import make_item, make_meeting, set_state

pytestmark = pytest.mark.django_db
KB = 1024


def council_of(clerk, seats: int):
    body = make_body(name=f"Rat mit {seats} Sitzen", legal_member_count=seats)
    persons = Person.objects.bulk_create(
        Person(given_name="Mitglied", family_name=f"Nummer {n:04d}") for n in range(seats)
    )
    Membership.objects.bulk_create(
        Membership(person=person, body=body, start_date=TERM_START, voting_right=True)
        for person in persons
    )
    meeting = make_meeting(by=clerk, body=body)
    for number in range(20):
        make_item(by=clerk, meeting=meeting, title=f"Tagesordnungspunkt {number}")
    meeting = set_state(meeting, "invited")
    start_meeting(by=clerk, meeting=meeting)
    return meeting


def staff_page(client, clerk, meeting) -> str:
    client.force_login(clerk)
    return client.get(reverse("meeting-live", args=[meeting.pk])).content.decode()


def test_the_staff_page_of_1000_seats_is_under_500_kb(client, clerk):
    page = staff_page(client, clerk, council_of(clerk, 1000))

    assert len(page.encode()) < 500 * KB
    assert page.count('id="live-rollcall-') == 1000
    assert 'id="mark-person"' in page


def test_a_council_of_60_keeps_a_button_for_each_state_in_each_row(client, clerk):
    page = staff_page(client, clerk, council_of(clerk, 60))

    assert page.count('name="type" value="attendance.mark"') == 60 * 4
    assert 'id="mark-person"' not in page
