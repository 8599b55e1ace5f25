"""Stored public pages: one per address and language, kept with the tokens of the tables it read.

A page is kept in the worker's own memory (it is served from there without a network round trip)
for at most `LONGEST_SECONDS`, or until the time its view named (a list of coming meetings
changes when one of them begins). It is served only while every table it read still has the
token it had when the page was built (`tables`): then nothing it shows has changed.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from config.pages import tables

# A page that depends on the clock in a way no view named is wrong for at most this long.
LONGEST_SECONDS = 300
# Headers that a revalidated (304) answer repeats, as RFC 9110 asks.
REPEATED_ON_304 = ("cache-control", "content-location", "etag", "expires", "last-modified", "vary")
CACHE_CONTROL = "public, max-age=0, must-revalidate"
# Each process builds its own pages: a page stored by an older version of the code (before a
# restart) or by another worker is never served by this one.
PROCESS = secrets.token_hex(4)


@dataclass
class Page:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    tokens: dict[str, str]
    etag: str
    last_modified: float
    expires: float

    def fresh(self) -> bool:
        """Unexpired, and nothing it read written since (unknown while the tokens are away)."""
        if time.time() >= self.expires:
            return False
        try:
            return tables.tokens(self.tokens) == self.tokens
        except tables.TokensUnavailable:
            return False

    def not_modified_for(self, if_none_match: str, if_modified_since: str) -> bool:
        """Whether the visitor's copy is this page (RFC 9110's conditional GET)."""
        if if_none_match:
            etags = parse_etags(if_none_match)
            return "*" in etags or any(strip_weak(tag) == self.etag for tag in etags)
        since = parse_http_date_safe(if_modified_since) if if_modified_since else None
        return since is not None and int(self.last_modified) <= since

    def headers_for(self, *, not_modified: bool) -> list[tuple[str, str]]:
        if not_modified:
            return [(name, value) for name, value in self.headers if name in REPEATED_ON_304]
        return self.headers


def strip_weak(etag: str) -> str:
    return etag[2:] if etag.startswith("W/") else etag


def pages():
    """This worker's stored pages (one client per process, see `tables.token_store`)."""
    global _pages
    if _pages is None:
        _pages = caches.create_connection("pages")
    return _pages


_pages = None


def key(origin: str, path: str, query: str, language: str) -> str:
    """Per scheme and host too: a page stored for https is no answer to plain http (Django
    redirects that), nor one for an allowed host to a Host that Django refuses."""
    return f"page:{PROCESS}:{language}:{origin}{path}?{query}"


def find(page_key: str) -> Page | None:
    page = pages().get(page_key)
    return page if page is not None and page.fresh() else None


def keep(
    page_key: str,
    *,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    tokens: dict[str, str],
    until: float | None,
) -> Page:
    """Store a page built from the tables with these tokens; its validators are set here."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    earlier = pages().get(page_key)
    # The same page built again (another table it read was written) was not modified.
    last_modified = earlier.last_modified if earlier and earlier.etag == etag else time.time()
    expires = min(time.time() + LONGEST_SECONDS, until or float("inf"))
    validators = {
        "etag": etag,
        "last-modified": http_date(last_modified),
        "cache-control": CACHE_CONTROL,
    }
    page = Page(
        status=status,
        headers=[(n, v) for n, v in headers if n not in validators] + list(validators.items()),
        body=body,
        tokens=tokens,
        etag=etag,
        last_modified=last_modified,
        expires=expires,
    )
    pages().set(page_key, page, timeout=max(expires - time.time(), 1))
    return page
