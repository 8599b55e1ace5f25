"""Static files before Django: whitenoise's index of the collected files, served from the event
loop without a thread, a place in the admission line or Django's middleware.

A first visit to a page fetches about ten of them (styles, script, fonts, icon): through Django
each cost its worker a thread and the whole middleware chain, several times the page itself.
The headers are whitenoise's (hashed names cached for good, compressed variants, ETag, ranges)
plus those Django's SecurityMiddleware gives every answer, computed by that middleware itself,
which also redirects plain HTTP to https when HTTPS is on.
"""

import io

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware

from config.responses import send_response


def static_prefix() -> str:
    return "/" + settings.STATIC_URL.lstrip("/")


class StaticFiles:
    """ASGI middleware: a request for a collected file is answered here; anything else goes on."""

    def __init__(self, app):
        self.app = app
        self._whitenoise = None

    @property
    def whitenoise(self) -> WhiteNoiseMiddleware:
        if self._whitenoise is None:
            self._whitenoise = WhiteNoiseMiddleware(get_response=None)
        return self._whitenoise

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(static_prefix()):
            found = self.find(scope["path"])
            if found is not None and await self.serve(found, scope, send):
                return None
        return await self.app(scope, receive, send)

    def find(self, path: str):
        if self.whitenoise.autorefresh:
            return self.whitenoise.find_file(path)
        return self.whitenoise.files.get(path)

    async def serve(self, static_file, scope, send) -> bool:
        """Answer with the file; False for a request that Django must refuse (a Host not in
        ALLOWED_HOSTS: Django answers it with 400)."""
        request = ASGIRequest(scope, io.BytesIO())
        security = SecurityMiddleware(lambda request: None)
        try:
            redirect = security.process_request(request)
        except DisallowedHost:
            return False
        if redirect is not None:
            await send_response(send, redirect.status_code, redirect.items(), b"")
            return True
        found = static_file.get_response(scope["method"], request.META)
        secured = security.process_response(request, HttpResponse())
        headers = [*found.headers, *((n, v) for n, v in secured.items() if n != "Content-Type")]
        body = b""
        if found.file is not None:
            with found.file as file:
                body = file.read()
        await send_response(send, int(found.status), headers, body)
        return True
