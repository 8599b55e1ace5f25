"""A burst of requests waits in line for Django; only a wait past the budget is turned away."""

import asyncio

import pytest

from config import admission, env
from config.admission import Admission, Line
from tests.config.test_shared_pages import get


class SlowDjango:
    """Stands in for Django: each request takes `takes` seconds; records how many were inside."""

    def __init__(self, takes: float = 0.02):
        self.takes = takes
        self.inside = 0
        self.most_inside = 0
        self.order: list[int] = []

    async def __call__(self, scope, receive, send):
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        self.order.append(scope["path"].strip("/"))
        await asyncio.sleep(self.takes)
        self.inside -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def line(monkeypatch):
    """A line of 2 places and a budget of 5 s in this test's worker."""
    made = Line(capacity=2, budget=5.0)
    monkeypatch.setattr(admission, "current_line", lambda: made)
    return made


async def test_a_burst_waits_in_line_and_every_request_is_answered(line):
    django = SlowDjango()
    app = Admission(django)

    answers = await asyncio.gather(*(get(app, f"/{number}/") for number in range(30)))

    assert [status for status, _headers, _body in answers] == [200] * 30
    assert django.most_inside == 2
    assert django.order == [str(number) for number in range(30)]


async def test_a_request_that_would_wait_past_the_budget_is_told_to_come_back(line):
    line.seconds_per_request = 1.0  # as measured: each request takes a second
    django = SlowDjango(takes=0.2)
    app = Admission(django)

    answers = await asyncio.gather(*(get(app, f"/{number}/") for number in range(20)))

    statuses = [status for status, _headers, _body in answers]
    busy = [answer for answer in answers if answer[0] == 503]
    # 2 inside and 10 waiting make 5 s: the rest is turned away at once.
    assert statuses.count(200) == 12
    assert busy
    assert all(int(headers[b"retry-after"]) >= 1 for _status, headers, _body in busy)
    assert "Sehr viele Zugriffe" in busy[0][2].decode()


async def test_the_busy_page_speaks_english_to_english_readers(line):
    line.inside = line.capacity
    line.seconds_per_request = 100.0
    app = Admission(SlowDjango())

    status, _headers, body = await get(app, headers=[(b"accept-language", b"en")])

    assert status == 503
    assert "Very many visitors" in body.decode()
    line.inside = 0


async def test_health_checks_do_not_wait_in_line(line):
    line.inside = line.capacity
    django = SlowDjango()

    status, _headers, _body = await get(Admission(django), "/healthz")

    assert status == 200
    line.inside = 0


async def test_a_visitor_who_leaves_the_line_gives_up_the_place(line):
    django = SlowDjango(takes=0.1)
    app = Admission(django)
    first = [asyncio.ensure_future(get(app, f"/{number}/")) for number in range(2)]
    await asyncio.sleep(0.01)
    leaving = asyncio.ensure_future(get(app, "/7/"))
    await asyncio.sleep(0.01)
    leaving.cancel()

    await asyncio.gather(*first, return_exceptions=True)
    await get(app, "/9/")

    assert "7" not in django.order
    assert line.inside == 0
    assert not line.waiting


def test_the_pool_has_a_connection_for_every_request_inside_and_for_the_sockets():
    config = env.database("postgres://postgres@127.0.0.1:5432/ratssaal", base_dir=env.Path("."))

    assert config["OPTIONS"]["pool"]["max_size"] > env.REQUESTS_AT_ONCE + env.SOCKET_THREADS
