"""The demo town, seeded once for each test module in a transaction rolled back afterwards."""

import io

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from tests.oparl.addresses import SITE_URL
from tests.oparl.crawler import walk


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("oparl-media")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """`manage.py seed_demo`: Musterstadt with papers, meetings, non-public items and PDFs, and
    the signed, published minutes of the past Stadtrat meeting."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=demo_media,
            SITE_URL=SITE_URL,
            SIGNING_KEYSTORE_DIR=demo_media / "signing",
            SIGNING_PASSPHRASE="test-passphrase",
        ),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def site(settings, demo_media):
    """Object ids are absolute addresses on the test server; files stay where the demo put them."""
    settings.SITE_URL = SITE_URL
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="module")
def crawl(demo, django_db_blocker, demo_media):
    """One walk of the whole API of the demo town, shared by a module's read-only tests."""
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages, MEDIA_ROOT=demo_media, SITE_URL=SITE_URL),
    ):
        return walk(Client())
