"""Absolute addresses of OParl objects and lists, and of the HTML pages they mirror.

Every address starts with `settings.SITE_URL`, so that an object's `id` stays the same whatever
host name a request came by (crawlers compare ids).
"""

from django.conf import settings
from django.urls import reverse

TYPE_PREFIX = "https://schema.oparl.org/1.1/"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def api(name: str, *args) -> str:
    """The address of an OParl object or list (a route of `meetings/oparl/urls.py`)."""
    return absolute(reverse(f"oparl:{name}", args=args))


def web(name: str, *args) -> str:
    """The address of a public HTML page."""
    return absolute(reverse(name, args=args))
