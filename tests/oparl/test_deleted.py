"""A public object that is removed, or leaves the public, stays at its address as `deleted`,
so that portals delete their copies; what was never public leaves no trace."""

import datetime

import pytest
from jsonschema import Draft7Validator

from meetings.models import AgendaItem, Consultation, Meeting, Paper
from meetings.services.agenda import remove_item
from meetings.services.papers import update_paper
from tests.oparl.addresses import API
from tests.oparl.crawler import local
from tests.oparl.lists import list_url, walk_pages
from tests.oparl.schemas import BASE, REGISTRY

pytestmark = pytest.mark.django_db

DELETED_KEYS = {"id", "type", "created", "modified", "deleted"}


def listed(client, name: str, since: datetime.datetime) -> dict[str, dict]:
    url = f"{list_url(name)}?modified_since={since.isoformat().replace('+', '%2B')}"
    return {obj["id"]: obj for obj in walk_pages(client, url)}


@pytest.fixture
def public_item(demo):
    """The public item with a document on the agenda of the invited Stadtrat meeting."""
    return AgendaItem.objects.filter(
        is_public=True, meeting__state=Meeting.State.INVITED, documents__isnull=False
    ).first()


def test_a_removed_public_item_answers_as_deleted(public_item, client):
    pk, created = public_item.pk, public_item.created
    remove_item(by=None, item=public_item)

    answer = client.get(f"/oparl/v1/agenda-item/{pk}").json()

    assert set(answer) == DELETED_KEYS
    assert answer["deleted"] is True
    assert answer["type"] == "https://schema.oparl.org/1.1/AgendaItem"
    assert answer["created"] == created.astimezone().isoformat(timespec="seconds")


def test_a_removed_item_and_its_file_are_listed_as_deleted_since_then(public_item, client):
    document = public_item.documents.get()
    step = Consultation.objects.get(agenda_item=public_item)
    pk = public_item.pk
    before = datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1)
    remove_item(by=None, item=public_item)

    items = listed(client, "agenda-item", before)
    files = listed(client, "file", before)
    consultations = listed(client, "consultation", before)

    assert items[f"{API}agenda-item/{pk}"]["deleted"] is True
    assert files[f"{API}file/{document.pk}"]["deleted"] is True
    assert "agendaItem" not in consultations[f"{API}consultation/{step.pk}"]


def test_a_removed_non_public_item_leaves_no_trace(demo, client):
    secret = AgendaItem.objects.filter(
        is_public=False, meeting__state=Meeting.State.INVITED
    ).first()
    pk = secret.pk
    remove_item(by=None, item=secret)

    assert client.get(f"/oparl/v1/agenda-item/{pk}").status_code == 404
    assert f"{API}agenda-item/{pk}" not in {
        obj["id"] for obj in walk_pages(client, list_url("agenda-item"))
    }


def test_a_paper_leaving_the_public_is_deleted_with_its_files_and_consultations(demo, client):
    paper = Paper.objects.filter(is_public=True, documents__isnull=False).first()
    paper.consultations.update(agenda_item=None)  # no public item discusses it any more
    document = paper.documents.first()
    update_paper(by=None, paper=paper, is_public=False)

    answers = [
        client.get(local(f"{API}paper/{paper.pk}")).json(),
        client.get(local(f"{API}file/{document.pk}")).json(),
        *(
            client.get(local(f"{API}consultation/{step.pk}")).json()
            for step in paper.consultations.all()
        ),
    ]

    assert all(set(answer) == DELETED_KEYS for answer in answers)
    assert paper.title not in str(answers)


def test_a_paper_back_in_public_is_no_longer_deleted(demo, client):
    paper = Paper.objects.filter(is_public=True, documents__isnull=False).first()
    paper.consultations.update(agenda_item=None)
    update_paper(by=None, paper=paper, is_public=False)
    update_paper(by=None, paper=paper, is_public=True)

    answer = client.get(f"/oparl/v1/paper/{paper.pk}").json()
    document = client.get(f"/oparl/v1/file/{paper.documents.first().pk}").json()

    assert "deleted" not in answer
    assert answer["name"] == paper.title
    assert "accessUrl" in document


def test_deleted_objects_validate_against_the_schemas(public_item, client):
    document = public_item.documents.get()
    pk = public_item.pk
    remove_item(by=None, item=public_item)

    for name, url in (("AgendaItem", f"agenda-item/{pk}"), ("File", f"file/{document.pk}")):
        validator = Draft7Validator({"$ref": f"{BASE}{name}.json"}, registry=REGISTRY)
        assert list(validator.iter_errors(client.get(f"/oparl/v1/{url}").json())) == []
