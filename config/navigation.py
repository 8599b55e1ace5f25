"""The main navigation, with the section of the current page marked for screen readers."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("home", _("Start"), ()),
    ("meeting-list", _("Meetings"), ("/meetings/",)),
    ("paper-list", _("Papers"), ("/papers/",)),
    ("minutes-archive", _("Minutes"), ("/minutes/",)),
    ("body-list", _("Council and committees"), ("/council/",)),
]


def navigation(request):
    """Each entry of the main navigation and whether the current page belongs to its section."""
    entries = []
    for name, label, prefixes in SECTIONS:
        url = reverse(name)
        current = request.path == url or request.path.startswith(prefixes)
        entries.append({"url": url, "label": label, "current": current})
    return {"navigation": entries}
