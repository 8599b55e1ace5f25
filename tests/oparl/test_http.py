"""HTTP of the API: JSON in UTF-8, CORS for every origin, conditional requests, read-only."""

import pytest

from council.models import Municipality, Person
from meetings.models import Paper
from tests.oparl.crawler import local
from tests.oparl.lists import list_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_url(demo):
    return f"/oparl/v1/person/{Person.objects.first().pk}"


def test_answers_are_json_in_utf8_open_to_every_origin(demo, client):
    answer = client.get("/oparl/v1/system")

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    assert answer["Access-Control-Allow-Origin"] == "*"


def test_errors_are_json_open_to_every_origin(demo, client):
    answer = client.get("/oparl/v1/paper/999999")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert answer.json()["error"]["status"] == 404


def test_a_non_public_paper_is_a_404_like_a_missing_one(demo, client):
    secret = Paper.objects.filter(is_public=False).first()

    assert client.get(f"/oparl/v1/paper/{secret.pk}").status_code == 404


def test_if_none_match_with_the_etag_gets_304(client, person_url):
    etag = client.get(person_url)["ETag"]

    answer = client.get(person_url, headers={"if-none-match": etag})

    assert answer.status_code == 304
    assert answer.content == b""
    assert answer["Access-Control-Allow-Origin"] == "*"


def test_a_list_page_answers_304_to_its_etag(demo, client):
    url = local(list_url("meeting"))
    etag = client.get(url)["ETag"]

    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_if_modified_since_last_modified_gets_304(client, person_url):
    last_modified = client.get(person_url)["Last-Modified"]

    answer = client.get(person_url, headers={"if-modified-since": last_modified})

    assert answer.status_code == 304


def test_a_changed_object_gets_a_new_etag_and_a_full_answer(client, person_url):
    etag = client.get(person_url)["ETag"]
    person = Person.objects.first()
    person.family_name = "Umbenannt"
    person.save()

    answer = client.get(person_url, headers={"if-none-match": etag})

    assert answer.status_code == 200
    assert answer["ETag"] != etag
    assert answer.json()["familyName"] == "Umbenannt"


def test_the_api_is_read_only(demo, client):
    assert client.post("/oparl/v1/system").status_code == 405


def test_head_answers_like_get_without_a_body(demo, client):
    answer = client.head("/oparl/v1/system")

    assert answer.status_code == 200
    assert answer.content == b""


def test_an_unknown_address_under_the_api_is_a_json_404(demo, client):
    answer = client.get("/oparl/v1/vote/1")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    assert answer["Access-Control-Allow-Origin"] == "*"


def test_before_the_municipality_is_set_up_the_system_is_a_404(demo, client):
    Municipality.objects.all().delete()

    answer = client.get("/oparl/v1/system")

    assert answer.status_code == 404
    assert answer.json()["error"]["message"]
