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


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT is missing; tests serve static files without collectstatic.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
