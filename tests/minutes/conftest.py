"""The minutes tests run on the live session's Stadtrat of five (`tests.live.fixtures`), whose
meeting `session.play` runs through the services from start to close."""

import io

import pytest
from django.core.management import call_command

from council.models import Municipality
from minutes import services
from tests.live.fixtures import *  # noqa: F403
from tests.meetings.factories import make_item, set_state
from tests.minutes.session import DEFERRED_TITLE, REJECTED_TITLE, play


@pytest.fixture
def meeting(clerk, draft, public_item, secret_item):
    """The live fixtures' meeting with two more public items, invited."""
    make_item(by=clerk, meeting=draft, title=REJECTED_TITLE)
    make_item(by=clerk, meeting=draft, title=DEFERRED_TITLE)
    return set_state(draft, "invited")


@pytest.fixture
def closed(meeting, clerk, chair, member, others, public_item, secret_item):
    """The meeting played from start to close (see `session.play`)."""
    Municipality.objects.create(name="Musterstadt")
    play(meeting, clerk=clerk, chair=chair, member=member, others=others)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def minutes(closed, clerk, chair):
    """The draft minutes of the closed meeting, with recorder and chair chosen."""
    draft = services.open_minutes(meeting=closed)
    return services.update_minutes(by=clerk, minutes=draft, recorder=clerk, chair=chair.person)


@pytest.fixture
def final(minutes, clerk):
    return services.finalize(by=clerk, minutes=minutes)


@pytest.fixture
def keystore(settings, tmp_path):
    """A keystore of the test's own, never the project's var/signing."""
    settings.SIGNING_KEYSTORE_DIR = tmp_path / "signing"
    settings.SIGNING_PASSPHRASE = "test-passphrase"
    return settings.SIGNING_KEYSTORE_DIR


@pytest.fixture
def keys(keystore, closed, clerk, chair):
    """The town's authority, with signing keys for the recorder and the chair."""
    call_command(
        "init_signing_ca", "--user", clerk.username, "--user", chair.username, stdout=io.StringIO()
    )
    return keystore
