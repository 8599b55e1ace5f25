"""The Body's lists as paginated external object lists: complete, without duplicates."""

import pytest

from tests.oparl.crawler import local
from tests.oparl.lists import LISTS, list_url, walk_pages

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", LISTS)
def test_walking_the_pages_finds_every_object_once(demo, client, name):
    everything = client.get(local(list_url(name)), {"limit": 500}).json()["data"]

    walked = walk_pages(client, f"{list_url(name)}?limit=2")

    ids = [obj["id"] for obj in walked]
    assert len(ids) == len(set(ids))
    assert set(ids) == {obj["id"] for obj in everything}
    assert ids


def test_a_page_links_to_first_previous_next_and_last(demo, client):
    page = client.get(local(list_url("person")), {"limit": 5, "page": 2}).json()

    assert page["pagination"] == {
        "totalElements": 31,
        "elementsPerPage": 5,
        "currentPage": 2,
        "totalPages": 7,
    }
    assert page["links"] == {
        "first": f"{list_url('person')}?limit=5&page=1",
        "prev": f"{list_url('person')}?limit=5&page=1",
        "next": f"{list_url('person')}?limit=5&page=3",
        "last": f"{list_url('person')}?limit=5&page=7",
    }


def test_the_links_keep_the_filters(demo, client):
    page = client.get(
        local(list_url("person")), {"limit": 5, "modified_since": "2000-01-01T00:00:00+01:00"}
    ).json()

    assert page["links"]["next"] == (
        f"{list_url('person')}?modified_since=2000-01-01T00%3A00%3A00%2B01%3A00&limit=5&page=2"
    )


def test_the_last_page_has_no_next_link(demo, client):
    page = client.get(local(list_url("person")), {"limit": 10, "page": 4}).json()

    assert len(page["data"]) == 1
    assert "next" not in page["links"]


def test_a_page_beyond_the_last_is_a_404_with_a_message(demo, client):
    answer = client.get(local(list_url("person")), {"limit": 10, "page": 5})

    assert answer.status_code == 404
    assert answer.json()["error"]["message"]


def test_a_limit_above_the_maximum_is_lowered_to_it(demo, client):
    page = client.get(local(list_url("person")), {"limit": 100000}).json()

    assert page["pagination"]["elementsPerPage"] == 500


def test_the_system_lists_the_one_body(demo, client):
    page = client.get("/oparl/v1/body").json()

    assert [body["name"] for body in page["data"]] == ["Musterstadt"]


def test_an_unknown_list_is_a_404(demo, client):
    answer = client.get(local(list_url("vote")))

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json; charset=utf-8"
