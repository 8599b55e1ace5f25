"""A database outage is "temporarily unavailable" (503) in the user's language, not a crash."""

import pytest
from django import db
from django.test import RequestFactory

from config import views
from config.unavailable import DatabaseUnavailableMiddleware


def outage(*args, **kwargs):
    raise db.OperationalError("connection refused")


@pytest.fixture
def database_away(monkeypatch):
    """The start page's first query fails as when PostgreSQL cannot be reached."""
    monkeypatch.setattr(views, "meetings_for", outage)


def test_page_answers_503_when_the_database_is_away(client, database_away):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 503
    assert "vorübergehend nicht verfügbar" in response.content.decode()


def test_unavailable_page_speaks_english_to_english_readers(client, database_away):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert "temporarily unavailable" in response.content.decode()


def test_unavailable_page_asks_to_retry_soon(client, database_away):
    response = client.get("/")

    assert int(response["Retry-After"]) > 0


def test_a_broken_connection_is_an_outage_too():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)

    response = middleware.process_exception(RequestFactory().get("/"), db.InterfaceError("closed"))

    assert response.status_code == 503


def test_other_errors_are_not_called_an_outage():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)

    assert middleware.process_exception(RequestFactory().get("/"), ValueError("bug")) is None
