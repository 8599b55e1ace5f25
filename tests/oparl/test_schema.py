"""Every object type the demo data produces validates against the OParl 1.1 schemas."""

import pytest
from jsonschema import Draft7Validator

from tests.oparl.schemas import BASE, REGISTRY, TYPES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", TYPES)
def test_every_object_of_the_type_validates(crawl, name):
    validator = Draft7Validator(
        {"$ref": f"{BASE}{name}.json"},
        registry=REGISTRY,
        format_checker=Draft7Validator.FORMAT_CHECKER,
    )
    objects = [copy for copies in crawl.objects.values() for copy in copies]
    of_type = [obj for obj in objects if obj["type"] == BASE + name]

    errors = [
        f"{obj['id']}: {error.message}" for obj in of_type for error in validator.iter_errors(obj)
    ]

    assert of_type, f"the demo data has no {name}"
    assert errors == []


def test_a_misspelt_property_fails_validation():
    validator = Draft7Validator({"$ref": f"{BASE}Paper.json"}, registry=REGISTRY)
    paper = {
        "id": "http://testserver/oparl/v1/paper/1",
        "type": f"{BASE}Paper",
        "created": "2026-01-01T00:00:00+01:00",
        "modified": "2026-01-01T00:00:00+01:00",
        "refrence": "V/2026/001",
    }

    assert not validator.is_valid(paper)


def test_list_pages_have_data_pagination_and_links(crawl):
    pages = [answer for url, answer in crawl.answers.items() if "data" in answer]

    assert pages
    for page in pages:
        assert isinstance(page["data"], list)
        assert {"totalElements", "elementsPerPage", "currentPage", "totalPages"} <= set(
            page["pagination"]
        )
        assert {"first", "last"} <= set(page["links"])
