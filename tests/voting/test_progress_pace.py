"""Progress keeps pace with the sockets: while they need longer than the interval to get a count,
the next one waits twice as long as they needed."""

import time

from meetings.live.progress import Backlog


def test_without_a_backlog_the_configured_interval_holds():
    assert Backlog().interval(0.25) == 0.25


def test_a_slow_delivery_stretches_the_interval_to_twice_its_time():
    backlog = Backlog()

    backlog.heard(time.time() - 0.5)

    assert 1.0 <= backlog.interval(0.25) < 1.1


def test_the_slowest_socket_of_the_window_counts():
    backlog = Backlog()
    backlog.heard(time.time() - 0.5)

    backlog.heard(time.time())

    assert backlog.interval(0.25) >= 1.0


def test_a_backlog_older_than_the_window_is_forgotten():
    backlog = Backlog(window=0.0)
    backlog.heard(time.time() - 0.5)

    backlog.heard(time.time())

    assert backlog.interval(0.25) == 0.25
