"""The live session tests run on the meeting of `tests.live.fixtures`, shared with tests/voting."""

from tests.live.fixtures import *  # noqa: F403
