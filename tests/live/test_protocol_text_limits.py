"""Texts a client sends must fit where they are stored, on every database."""

import pytest

from meetings.live import protocol
from meetings.session.errors import LiveError


def test_reason_that_fits_the_column_is_kept_whole(running, clerk):
    protocol.handle(clerk, running.pk, {"type": "meeting.interrupt", "reason": "x" * 300})

    assert running.interruptions.get().reason == "x" * 300


def test_reason_longer_than_the_column_is_refused_as_invalid(running, clerk, english):
    with pytest.raises(LiveError) as refused:
        protocol.handle(clerk, running.pk, {"type": "meeting.interrupt", "reason": "x" * 400})

    assert (refused.value.code, str(refused.value)) == (
        "invalid",
        "The field “reason” is missing or not valid.",
    )
    assert not running.interruptions.exists()
