"""The security tests run on the live session's meeting (`tests.live.fixtures`)."""

import pytest

from tests.live.fixtures import *  # noqa: F403


@pytest.fixture
def clerk_client(client, clerk):
    """A browser logged in as the secretariat."""
    client.force_login(clerk)
    return client
