"""A count goes to the sockets once: a worker does not send again what they have, whoever sent
it, since a count to thousands of sockets costs a worker most of a second."""

import time

from meetings.live.progress import Tracker


def count(voted: int) -> dict:
    return {"ballot": 7, "voted": voted, "text": f"{voted}", "sent": time.time()}


def test_a_higher_count_is_news():
    progress = Tracker()

    assert progress.is_news(count(3))
    assert progress.is_news(count(4))


def test_a_count_the_sockets_have_is_not_sent_again():
    progress = Tracker()
    progress.is_news(count(4))

    assert not progress.is_news(count(4))
    assert not progress.is_news(count(3))


def test_nothing_is_news_once_the_ballot_has_closed():
    progress = Tracker()
    progress.stop(7)

    assert not progress.is_news(count(5))
