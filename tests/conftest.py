"""Fixtures for every suite, the browser tests included: nothing here may need the database."""

import pytest


@pytest.fixture(autouse=True)
def static_files_without_manifest(settings):
    """Outside DEBUG the settings pick whitenoise's manifest storage, which needs collectstatic
    before any template with `{% static %}` renders; tests serve the files as they are."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True, scope="session")
def tokens_of_this_run():
    """The test database is this process's alone, and so are its tables' tokens: beside the
    project's database file they would be shared with `make run` and other test runs."""
    from django.conf import settings

    from config.pages import tables

    settings.CACHES["tokens"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tokens",
    }
    tables._store = None


@pytest.fixture(autouse=True)
def no_stored_pages():
    """A test's rolled-back transaction leaves the tokens of its writes behind, not the data:
    a page it stored must not answer the next test."""
    from config.pages import store, tables

    store.pages().clear()
    tables.lost.clear()
    tables._next_try = 0.0


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT is missing; tests serve static files without collectstatic.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
