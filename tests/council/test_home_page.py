import pytest

from tests.factories import make_body, make_municipality

pytestmark = pytest.mark.django_db


def test_home_page_renders_without_any_data(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Ratssaal" in response.content.decode()


def test_home_page_names_the_municipality_and_its_bodies(client):
    make_municipality(name="Musterstadt")
    make_body(name="Stadtrat")

    html = client.get("/").content.decode()

    assert "Musterstadt" in html
    assert "Stadtrat" in html


def test_pages_are_german_by_default(client):
    response = client.get("/")

    assert response.content.decode().startswith('<!DOCTYPE html>\n<html lang="de">')
