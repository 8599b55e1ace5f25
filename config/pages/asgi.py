"""Before Django: answer an anonymous visitor from the stored pages, in the event loop.

A stored page costs its worker no thread, no database connection and no place in the admission
line. When a crowd asks for a page that is not stored (the first visitors, or the first after an
event), one request builds it and the others with the same address and language wait for it,
instead of each building the same page.
"""

import asyncio

from config.pages import store
from config.pages.middleware import SHAREABLE_METHODS
from config.perloop import per_loop
from config.responses import send_response
from config.staticfiles import static_prefix
from config.visitor import cookies_of, header, is_anonymous, language_of, scheme_of

# The pages being built in this worker, by key: the others wait for them.
building = per_loop(dict)


class SharedPages:
    """ASGI middleware in front of Django (and of the admission line)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if not self.shareable(scope):
            return await self.app(scope, receive, send)
        cookies = cookies_of(scope)
        if not is_anonymous(cookies):
            return await self.app(scope, receive, send)
        query = scope["query_string"].decode("latin-1")
        origin = f"{scheme_of(scope)}://{header(scope, b'host')}"
        key = store.key(origin, scope["path"], query, language_of(scope, cookies))
        page = store.find(key)
        if page is None:
            page = await self.after_the_build(key)
        if page is None:
            return await self.build(key, scope, receive, send)
        await send_page(page, scope, send)

    @staticmethod
    def shareable(scope) -> bool:
        return (
            scope["type"] == "http"
            and scope["method"] in SHAREABLE_METHODS
            and not scope["path"].startswith(static_prefix())
        )

    @staticmethod
    async def after_the_build(key: str) -> store.Page | None:
        """The page another request is building now, once it is stored (None if none is
        being built, or it was not a page for everyone)."""
        built = building().get(key)
        if built is None:
            return None
        await built.wait()
        return store.find(key)

    async def build(self, key: str, scope, receive, send) -> None:
        pending = building()
        if key in pending:
            return await self.app(scope, receive, send)
        pending[key] = built = asyncio.Event()
        try:
            await self.app(scope, receive, send)
        finally:
            del pending[key]
            built.set()


async def send_page(page: store.Page, scope, send) -> None:
    not_modified = page.not_modified_for(
        header(scope, b"if-none-match"), header(scope, b"if-modified-since")
    )
    body = b"" if not_modified or scope["method"] == "HEAD" else page.body
    headers = [
        (name, value)
        for name, value in page.headers_for(not_modified=not_modified)
        if name != "content-length"
    ]
    if not not_modified:
        headers.append(("content-length", str(len(page.body))))
    await send_response(send, 304 if not_modified else 200, headers, body)
