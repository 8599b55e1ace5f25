import datetime

import pytest
from django.urls import reverse

from tests.council.html_rows import table_rows_by_heading
from tests.factories import make_body, make_faction, make_membership, make_person

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def get_person_page(client, person):
    return client.get(reverse("person-detail", args=[person.pk]), headers=ENGLISH)


def test_person_page_lists_current_and_past_memberships(client):
    person = make_person(given_name="Katrin", family_name="Albers")
    make_membership(
        person=person, body=make_body(name="Stadtrat"), faction=make_faction(name="Liste A")
    )
    make_membership(
        person=person,
        body=make_body(name="Bauausschuss"),
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )

    rows = table_rows_by_heading(get_person_page(client, person).content.decode())

    assert [row[:3] for row in rows["Memberships"]] == [
        ["Stadtrat", "Liste A", "Member"],
        ["Bauausschuss", "–", "Member"],
    ]


def test_person_page_shows_the_name_but_not_the_email(client):
    person = make_person(given_name="Katrin", family_name="Albers", email="k.albers@example.org")

    html = get_person_page(client, person).content.decode()

    assert "Katrin Albers" in html
    assert "k.albers@example.org" not in html


def test_person_without_memberships_says_so(client):
    html = get_person_page(client, make_person()).content.decode()

    assert "No memberships." in html


def test_unknown_person_is_not_found(client):
    assert client.get(reverse("person-detail", args=[999999])).status_code == 404
