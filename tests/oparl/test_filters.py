"""The list filters created_since, created_until, modified_since, modified_until; bad values are
refused with a message in the client's language."""

import datetime

import pytest
from django.utils import timezone

from council.models import Body, Faction, LegislativeTerm, Membership, Person
from meetings.models import AgendaItem, Consultation, Document, Location, Meeting, Notice, Paper
from meetings.services.agenda import update_item
from meetings.services.papers import update_paper
from minutes.models import Version
from tests.factories import make_person
from tests.oparl.addresses import API
from tests.oparl.crawler import local
from tests.oparl.lists import LISTS, list_url, walk_pages

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2026, 1, 5, 12, 0, tzinfo=datetime.UTC)
SINCE = "2026-02-01T00:00:00+01:00"


@pytest.fixture
def all_old(demo):
    """Every object was created and last changed long ago."""
    for model in (
        Body,
        Faction,
        LegislativeTerm,
        Membership,
        Person,
        Paper,
        Consultation,
        Meeting,
        AgendaItem,
        Document,
        Location,
    ):
        model.objects.update(created=LONG_AGO, modified=LONG_AGO)
    Notice.objects.update(created=LONG_AGO)
    Version.objects.filter(published__isnull=False).update(published=LONG_AGO)


def ids(client, name, **filters) -> set[str]:
    query = "&".join(f"{key}={value.replace('+', '%2B')}" for key, value in filters.items())
    return {obj["id"] for obj in walk_pages(client, f"{list_url(name)}?limit=7&{query}")}


def test_modified_since_returns_exactly_the_changed_objects(all_old, client):
    person = Person.objects.first()
    person.save()
    paper = Paper.objects.filter(is_public=True).first()
    update_paper(by=None, paper=paper, title="Geänderter Titel")
    item = AgendaItem.objects.filter(is_public=True, meeting__state=Meeting.State.INVITED).first()
    update_item(by=None, item=item, title="Geänderter Punkt", text="")

    changed = {name: ids(client, name, modified_since=SINCE) for name in LISTS}

    assert changed == {
        **{name: set() for name in LISTS},
        "person": {f"{API}person/{person.pk}"},
        "paper": {f"{API}paper/{paper.pk}"},
        "agenda-item": {f"{API}agenda-item/{item.pk}"},
    }


def test_a_new_result_marks_the_agenda_item_as_changed(all_old, client):
    step = Consultation.objects.filter(
        agenda_item__is_public=True, agenda_item__meeting__state=Meeting.State.INVITED
    ).first()
    step.result = Consultation.Result.ACCEPTED
    step.save()

    assert ids(client, "agenda-item", modified_since=SINCE) == {
        f"{API}agenda-item/{step.agenda_item_id}"
    }
    assert ids(client, "consultation", modified_since=SINCE) == {f"{API}consultation/{step.pk}"}


def test_modified_until_returns_the_unchanged_objects(all_old, client):
    person = Person.objects.first()
    person.save()

    unchanged = ids(client, "person", modified_until=SINCE)

    assert f"{API}person/{person.pk}" not in unchanged
    assert len(unchanged) == Person.objects.count() - 1


def test_created_since_and_until_select_by_creation(all_old, client):
    newcomer = make_person(family_name="Neumitglied")

    assert ids(client, "person", created_since=SINCE) == {f"{API}person/{newcomer.pk}"}
    assert len(ids(client, "person", created_until=SINCE)) == Person.objects.count() - 1


def test_filters_combine(all_old, client):
    person = Person.objects.first()
    person.save()
    later = (timezone.now() + datetime.timedelta(hours=1)).isoformat()

    assert ids(client, "person", modified_since=SINCE, modified_until=later) == {
        f"{API}person/{person.pk}"
    }


def test_an_unencoded_plus_in_the_time_zone_is_understood(all_old, client):
    answer = client.get(local(list_url("person")) + "?modified_since=2026-02-01T00:00:00+01:00")

    assert answer.status_code == 200
    assert answer.json()["data"] == []


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("modified_since", "gestern"),
        ("created_until", "2026-13-45T00:00:00+01:00"),
        ("limit", "zehn"),
        ("limit", "0"),
        ("page", "-1"),
    ],
)
def test_a_bad_value_is_refused_with_400_and_a_german_message(demo, client, parameter, value):
    answer = client.get(local(list_url("person")), {parameter: value})

    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    assert parameter in answer.json()["error"]["message"]
    assert answer.json()["error"]["status"] == 400


def test_a_time_without_time_zone_is_refused_in_the_clients_language(demo, client):
    answer = client.get(
        local(list_url("person")),
        {"modified_since": "2026-02-01T00:00:00"},
        headers={"accept-language": "en"},
    )

    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == (
        "The filter modified_since needs a time zone, e.g. 2026-01-31T18:00:00+01:00."
    )


def test_the_german_message_is_the_default(demo, client):
    answer = client.get(local(list_url("person")), {"modified_since": "2026-02-01T00:00:00"})

    assert answer.json()["error"]["message"].startswith("Der Filter modified_since")
