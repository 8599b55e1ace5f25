"""Static files are answered before Django, with whitenoise's headers and Django's security
headers, and nothing else is."""

import gzip

import pytest

from config.staticfiles import StaticFiles
from tests.config.test_shared_pages import get

CSS = b"body { color: #111; }\n" * 50


class Django:
    def __init__(self):
        self.requests = 0

    async def __call__(self, scope, receive, send):
        self.requests += 1
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"not found"})


@pytest.fixture
def collected(settings, tmp_path):
    """A collected file, with the compressed variant collectstatic makes, outside DEBUG."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.0123456789ab.css").write_bytes(CSS)
    (tmp_path / "css" / "site.0123456789ab.css.gz").write_bytes(gzip.compress(CSS))
    settings.STATIC_ROOT = tmp_path
    settings.DEBUG = False
    return "/static/css/site.0123456789ab.css"


async def test_a_collected_file_is_answered_without_django(collected):
    django = Django()

    status, headers, body = await get(StaticFiles(django), collected)

    assert (status, body) == (200, CSS)
    assert headers[b"content-type"].startswith(b"text/css")
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"referrer-policy"] == b"same-origin"
    assert b"max-age" in headers[b"cache-control"]
    assert django.requests == 0


async def test_a_browser_that_takes_gzip_gets_the_compressed_file(collected):
    _status, headers, body = await get(
        StaticFiles(Django()), collected, headers=[(b"accept-encoding", b"gzip, br")]
    )

    assert headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body) == CSS


async def test_a_browser_with_the_file_gets_304(collected):
    app = StaticFiles(Django())
    _status, headers, _body = await get(app, collected)

    status, _headers, body = await get(
        app, collected, headers=[(b"if-none-match", headers[b"etag"])]
    )

    assert (status, body) == (304, b"")


async def test_a_missing_file_goes_on_to_django(collected):
    django = Django()

    status, _headers, _body = await get(StaticFiles(django), "/static/css/missing.css")

    assert status == 404
    assert django.requests == 1


async def test_plain_http_is_sent_to_https_when_https_is_on(collected, settings):
    settings.SECURE_SSL_REDIRECT = True

    status, headers, _body = await get(
        StaticFiles(Django()), collected, headers=[(b"host", b"testserver")]
    )

    assert status == 301
    assert headers[b"location"].startswith(b"https://")


async def test_a_host_django_would_refuse_is_left_to_django(collected, settings):
    settings.SECURE_SSL_REDIRECT = True
    django = Django()

    await get(StaticFiles(django), collected, headers=[(b"host", b"evil.example")])

    assert django.requests == 1
