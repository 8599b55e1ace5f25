"""What an ASGI request says about its visitor before Django sees it: cookies, language, and
whether the answer may be the one every anonymous visitor gets."""

from types import SimpleNamespace

from django.conf import settings
from django.http.cookie import parse_cookie
from django.utils.translation import get_language_from_request

# Besides the session (a login): messages waiting to be shown to this visitor alone.
PERSONAL_COOKIES = ("messages",)


def header(scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return ""


def cookies_of(scope) -> dict[str, str]:
    return parse_cookie(header(scope, b"cookie"))


def language_of(scope, cookies: dict[str, str] | None = None) -> str:
    """The language Django's LocaleMiddleware would pick: the language cookie, else the
    browser's Accept-Language, else German."""
    request = SimpleNamespace(
        COOKIES=cookies_of(scope) if cookies is None else cookies,
        META={"HTTP_ACCEPT_LANGUAGE": header(scope, b"accept-language")},
    )
    return get_language_from_request(request)


def scheme_of(scope) -> str:
    """The scheme Django's `request.scheme` would name, behind a proxy too."""
    if settings.SECURE_PROXY_SSL_HEADER:
        name, secure = settings.SECURE_PROXY_SSL_HEADER
        forwarded = header(scope, name.removeprefix("HTTP_").replace("_", "-").lower().encode())
        if forwarded:
            return "https" if forwarded.split(",", 1)[0].strip() == secure else "http"
    return scope.get("scheme", "http")


def is_anonymous(cookies: dict[str, str]) -> bool:
    """No login and nothing waiting for this visitor alone: Django would answer as to anyone."""
    personal = {settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES}
    return not personal.intersection(cookies)
