import pytest

from tests.factories import make_body

pytestmark = pytest.mark.django_db


def test_council_page_lists_every_body_in_order(client):
    make_body(name="Bauausschuss", position=2)
    make_body(name="Stadtrat", position=0)
    make_body(name="Hauptausschuss", position=1)

    response = client.get("/council/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Stadtrat") < html.index("Hauptausschuss") < html.index("Bauausschuss")


def test_council_page_links_each_body(client):
    body = make_body(name="Stadtrat")

    html = client.get("/council/").content.decode()

    assert f'href="/council/{body.pk}/"' in html


def test_council_page_without_bodies_says_so(client):
    html = client.get("/council/", headers={"accept-language": "en"}).content.decode()

    assert "No bodies have been set up yet." in html
