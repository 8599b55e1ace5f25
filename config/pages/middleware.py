"""Inside Django: build a public page once, store it, and answer repeats from the store.

A view says that its page is the same for every anonymous visitor with `@public_page`; the
middleware (first in MIDDLEWARE, so that it sees every header the others add) stores such a page
when an anonymous visitor asked for it, it was a 200, it set no cookie and wrote nothing. Every
other answer is marked `private`: no proxy may hand a member's page to someone else.
"""

import functools
from datetime import datetime, time, timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_request

from config.pages import store, tables
from config.visitor import is_anonymous

SHAREABLE_METHODS = ("GET", "HEAD")
# A page for anyone varies with the language cookie and the browser's language; a login cookie
# makes it someone's own page.
VARY = ("Cookie", "Accept-Language")


def public_page(view):
    """The view's page is the same for every anonymous visitor in one language."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapped


def valid_until(request, when: datetime | None) -> None:
    """The page changes by itself at `when` (a listed meeting begins): keep it until then."""
    if when is not None:
        earlier = getattr(request, "page_valid_until", None)
        request.page_valid_until = min(earlier, when) if earlier else when


def next_midnight() -> datetime:
    """The start of tomorrow where the town is."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time()))


def shareable(request) -> bool:
    return request.method in SHAREABLE_METHODS and is_anonymous(request.COOKIES)


def page_key(request) -> str:
    return store.key(
        f"{request.scheme}://{request.get_host()}",
        request.path,
        request.META.get("QUERY_STRING", ""),
        get_language_from_request(request),
    )


def storable(response, read: dict, tokens: dict) -> bool:
    return (
        getattr(response, "public_page", False)
        and read["tables"] <= tokens.keys()
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not read["wrote"]
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def answer(request, page: store.Page) -> HttpResponse:
    """The stored page, or 304 if the visitor has it already."""
    not_modified = page.not_modified_for(
        request.headers.get("If-None-Match", ""), request.headers.get("If-Modified-Since", "")
    )
    response = HttpResponse(b"" if not_modified else page.body, status=304 if not_modified else 200)
    for name, value in page.headers_for(not_modified=not_modified):
        response[name] = value
    return response


class PublicPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not shareable(request):
            return self.private(self.get_response(request))
        key = page_key(request)
        page = store.find(key)
        if page is not None:
            return answer(request, page)
        try:
            tokens = tables.every_token()
        except tables.TokensUnavailable:
            return self.private(self.get_response(request))
        with tables.reading() as read:
            response = self.get_response(request)
        if not storable(response, read, tokens):
            return self.private(response)
        patch_vary_headers(response, VARY)
        until = getattr(request, "page_valid_until", None)
        page = store.keep(
            key,
            status=response.status_code,
            headers=[(name.lower(), value) for name, value in response.items()],
            body=response.content,
            tokens={table: tokens[table] for table in read["tables"]},
            until=until.timestamp() if until else None,
        )
        return answer(request, page)

    @staticmethod
    def private(response):
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
        return response
