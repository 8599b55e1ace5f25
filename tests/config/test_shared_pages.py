"""Before Django: a stored page is answered in the event loop, and a crowd builds a page once."""

import asyncio

import pytest

from config.pages import store, tables
from config.pages.asgi import SharedPages

BODY = b"<html lang=de>Tagesordnung</html>"
ORIGIN = "http://testserver"


class Django:
    """Stands in for Django behind the shared pages: counts the requests that reach it and, as
    the middleware does for a public page, stores what it answers."""

    def __init__(self, *, stores: bool = True, takes: float = 0.0):
        self.requests = 0
        self.stores = stores
        self.takes = takes

    async def __call__(self, scope, receive, send):
        self.requests += 1
        await asyncio.sleep(self.takes)
        if self.stores:
            store.keep(
                store.key(ORIGIN, scope["path"], scope["query_string"].decode(), "de"),
                status=200,
                headers=[("content-type", "text/html; charset=utf-8")],
                body=BODY,
                tokens=tables.every_token(),
                until=None,
            )
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": BODY})


async def get(app, path="/meetings/1/live/", *, method="GET", headers=()):
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "scheme": "http",
        "headers": list(
            {b"host": b"testserver", b"accept-language": b"de", **dict(headers)}.items()
        ),
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    start = sent[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


@pytest.fixture
def django():
    return Django()


async def test_a_stored_page_is_answered_without_django(django):
    app = SharedPages(django)
    await get(app)

    status, headers, body = await get(app)

    assert (status, body) == (200, BODY)
    assert headers[b"content-length"] == str(len(BODY)).encode()
    assert django.requests == 1


async def test_a_crowd_asking_at_once_builds_the_page_once():
    django = Django(takes=0.05)
    app = SharedPages(django)

    answers = await asyncio.gather(*(get(app) for _ in range(50)))

    assert {(status, body) for status, _headers, body in answers} == {(200, BODY)}
    assert django.requests == 1


async def test_a_crowd_asking_for_a_page_that_is_not_for_everyone_reaches_django_each():
    django = Django(stores=False, takes=0.01)
    app = SharedPages(django)

    await asyncio.gather(*(get(app) for _ in range(5)))

    assert django.requests == 5


async def test_a_logged_in_member_always_reaches_django(django):
    app = SharedPages(django)
    await get(app)

    await get(app, headers=[(b"cookie", b"sessionid=abc")])

    assert django.requests == 2


async def test_a_visitor_with_messages_waiting_reaches_django(django):
    app = SharedPages(django)
    await get(app)

    await get(app, headers=[(b"cookie", b"messages=abc")])

    assert django.requests == 2


async def test_a_written_table_sends_the_next_visitor_to_django(django):
    app = SharedPages(django)
    await get(app)

    tables.bump(["meetings_sessionevent"])
    await get(app)

    assert django.requests == 2


async def test_the_visitors_copy_is_confirmed_with_304(django):
    app = SharedPages(django)
    await get(app)
    _status, headers, _body = await get(app)

    status, again, body = await get(app, headers=[(b"if-none-match", headers.get(b"etag", b""))])

    assert status == 304
    assert body == b""
    assert b"content-length" not in again


async def test_head_gets_the_headers_without_the_page(django):
    app = SharedPages(django)
    await get(app)

    status, headers, body = await get(app, method="HEAD")

    assert status == 200
    assert body == b""
    assert headers[b"content-length"] == str(len(BODY)).encode()


async def test_static_files_and_posts_pass_through(django):
    app = SharedPages(django)
    await get(app, "/static/css/ratssaal.css")
    await get(app, "/static/css/ratssaal.css")
    await get(app, method="POST")

    assert django.requests == 3


async def test_a_page_stored_for_https_is_no_answer_to_plain_http(django, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    app = SharedPages(django)
    await get(app)

    await get(app, headers=[(b"x-forwarded-proto", b"https")])

    assert django.requests == 2


async def test_a_page_stored_for_one_host_is_no_answer_to_another(django):
    app = SharedPages(django)
    await get(app)

    await get(app, headers=[(b"host", b"evil.example")])

    assert django.requests == 2
