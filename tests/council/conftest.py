import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo command hashes 32 passwords; the real hasher would take seconds for each test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def demo_files(settings, tmp_path):
    """The demo's documents, minutes and signing keys go to the test's own directories."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_KEYSTORE_DIR = tmp_path / "signing"
    settings.SIGNING_PASSPHRASE = ""


@pytest.fixture
def seeded(db):
    """The demo town Musterstadt, as `make run` sets it up (without passwords: DEBUG is off)."""
    call_command("seed_demo", stdout=io.StringIO())
