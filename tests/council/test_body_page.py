"""The public page of a body: its current members by faction, their role, no contact data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import Body, Membership
from tests.council.html_rows import table_rows_by_heading
from tests.factories import make_body, make_faction, make_membership, make_person

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def get_body_page(client, body):
    return client.get(reverse("body-detail", args=[body.pk]), headers=ENGLISH)


def test_members_are_listed_under_their_faction(client):
    body = make_body()
    greens, reds = make_faction(name="Grüne Liste"), make_faction(name="Rote Liste")
    make_membership(body=body, faction=greens, person=make_person(family_name="Grünwald"))
    make_membership(body=body, faction=reds, person=make_person(family_name="Rotmann"))

    rows = table_rows_by_heading(get_body_page(client, body).content.decode())

    assert [row[0] for row in rows["Grüne Liste"]] == ["Erika Grünwald"]
    assert [row[0] for row in rows["Rote Liste"]] == ["Erika Rotmann"]


def test_chair_without_faction_is_listed_first(client):
    body = make_body()
    make_membership(body=body, faction=make_faction(name="Rote Liste"))
    make_membership(body=body, role=Membership.Role.CHAIR, person=make_person(family_name="Albers"))

    rows = table_rows_by_heading(get_body_page(client, body).content.decode())

    assert list(rows) == ["Chair", "Rote Liste"]
    assert rows["Chair"] == [["Erika Albers", "Chair", "yes"]]


def test_factions_are_ordered_by_seats_and_names_alphabetically_in_german(client):
    body = make_body()
    small, large = make_faction(name="Aaa Liste"), make_faction(name="Zzz Liste")
    for family_name in ("Krüger", "Köhler"):
        make_membership(body=body, faction=large, person=make_person(family_name=family_name))
    make_membership(body=body, faction=small)

    rows = table_rows_by_heading(get_body_page(client, body).content.decode())

    assert list(rows) == ["Zzz Liste", "Aaa Liste"]
    assert [row[0] for row in rows["Zzz Liste"]] == ["Erika Köhler", "Erika Krüger"]


def test_advisory_member_is_shown_without_vote(client):
    body = make_body()
    make_membership(
        body=body, role=Membership.Role.ADVISORY, person=make_person(family_name="Ludwig")
    )

    rows = table_rows_by_heading(get_body_page(client, body).content.decode())

    assert rows["Without faction"] == [["Erika Ludwig", "Advisory member", "no"]]


def test_former_member_is_not_listed(client):
    body = make_body()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    make_membership(body=body, end_date=yesterday, person=make_person(family_name="Ehemalig"))

    response = get_body_page(client, body)

    assert "Ehemalig" not in response.content.decode()
    assert response.context["groups"] == []


def test_email_addresses_are_never_shown(client):
    body = make_body()
    make_membership(body=body, person=make_person(email="erika.muster@example.org"))

    html = get_body_page(client, body).content.decode()

    assert "erika.muster@example.org" not in html
    assert "@example.org" not in html


def test_seeded_council_shows_thirty_one_members_and_no_email(client, seeded, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 3, 1))
    stadtrat = Body.objects.get(name="Stadtrat")

    html = get_body_page(client, stadtrat).content.decode()

    rows = table_rows_by_heading(html)
    assert sum(len(rows[heading]) for heading in rows if heading) == 31
    assert "@musterstadt.example" not in html


def test_unknown_body_is_not_found(client):
    assert client.get(reverse("body-detail", args=[999999])).status_code == 404
