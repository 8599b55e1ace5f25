"""Announcements for screen readers, in every language of the site at once.

One event goes to many sockets whose users read different languages, so it carries the text in
all of them and each client shows its own.
"""

from django.conf import settings
from django.utils import translation


def announce(message, **params) -> dict[str, str]:
    """`message` is a lazy translation (gettext_lazy) with %(name)s placeholders."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(message) % params if params else str(message)
    return texts
