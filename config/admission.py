"""Admission: a burst of page loads waits in line instead of failing.

Every HTTP request that reaches Django takes a thread of its own and, for most pages, one of the
worker's pooled database connections. Without a limit, 345 requests at once start 345 threads
that all wait for one of the pool's connections, and those that wait longer than the pool's
timeout fail as if the database were down. The gate lets at most `REQUESTS_AT_ONCE` requests
into Django per worker (sized with the pool, `config/env.py`); the others wait in an asyncio
line, which costs a few hundred bytes each and no thread. Requests leave the line in the order
they came.

A request whose wait would exceed the budget, estimated from the length of the line and the
recent time per request, is answered at once with 503 and `Retry-After` ("very many visitors
right now"): after that long a person has given up, and the worker is better spent on those
who are still waiting. Health checks never wait in line: a load balancer must not take a busy
worker for a dead one.
"""

import asyncio
import math
import time
from collections import deque

from asgiref.sync import sync_to_async
from django.conf import settings
from django.template import loader
from django.utils import translation

from config.perloop import per_loop
from config.responses import send_response
from config.visitor import language_of

# Until a worker has measured its own requests: the time of a page that is not cached.
FIRST_GUESS_SECONDS = 0.05
# The weight of the newest request in the running mean of the time per request.
SMOOTHING = 0.1
EXEMPT_PATHS = ("/healthz",)


class Line:
    """One worker's line in front of Django: at most `capacity` requests inside at a time."""

    def __init__(self, capacity: int, budget: float):
        self.capacity = capacity
        self.budget = budget
        self.inside = 0
        self.waiting: deque = deque()
        self.seconds_per_request = FIRST_GUESS_SECONDS

    def expected_wait(self) -> float:
        """Seconds until a request joining the line now would get in."""
        return (len(self.waiting) + 1) * self.seconds_per_request / self.capacity

    async def enter(self) -> bool:
        """Wait for a place inside; False at once if the wait would exceed the budget."""
        if self.inside < self.capacity and not self.waiting:
            self.inside += 1
            return True
        if self.expected_wait() > self.budget:
            return False
        turn = asyncio.get_running_loop().create_future()
        self.waiting.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.leave(None)  # the place was handed over just as the client went away
            else:
                self.waiting.remove(turn)
            raise
        return True

    def leave(self, seconds: float | None) -> None:
        """Give the place to the first in line that still waits, else free it."""
        if seconds is not None:
            self.seconds_per_request += SMOOTHING * (seconds - self.seconds_per_request)
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.inside -= 1


current_line = per_loop(
    lambda: Line(settings.REQUESTS_AT_ONCE, settings.REQUEST_QUEUE_BUDGET_SECONDS)
)


class Admission:
    """ASGI middleware: HTTP requests enter the application through the worker's line."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            return await self.app(scope, receive, send)
        line = current_line()
        if not await line.enter():
            return await send_busy(scope, send, retry_after=math.ceil(line.expected_wait()))
        started = time.monotonic()
        try:
            await self.app(scope, receive, send)
        finally:
            line.leave(time.monotonic() - started)


def busy_page(language: str) -> bytes:
    with translation.override(language):
        return loader.render_to_string("busy.html").encode()


async def send_busy(scope, send, *, retry_after: int) -> None:
    """503 "very many visitors right now", in the visitor's language, without Django's stack."""
    language = language_of(scope)
    body = await sync_to_async(busy_page, thread_sensitive=False)(language)
    headers = [
        ("content-type", "text/html; charset=utf-8"),
        ("content-language", language),
        ("retry-after", str(max(retry_after, 1))),
        ("cache-control", "no-store"),
        ("content-length", str(len(body))),
    ]
    await send_response(send, 503, headers, b"" if scope["method"] == "HEAD" else body)
