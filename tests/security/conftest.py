"""The security tests run on the live session's meeting (`tests.live.fixtures`)."""

from tests.live.fixtures import *  # noqa: F403
