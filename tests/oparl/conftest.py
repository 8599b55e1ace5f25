"""The demo town, seeded once for each test module in a transaction rolled back afterwards."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

SITE_URL = "http://testserver"
API = f"{SITE_URL}/oparl/v1/"
SYSTEM = f"{API}system"


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("oparl-media")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    """`manage.py seed_demo`: Musterstadt with papers, meetings, non-public items and PDFs."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=demo_media, SITE_URL=SITE_URL),
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
