from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """The live edge: sockets, the live pages and their fan-out, on top of every other app."""

    name = "meetings.live"
    label = "live"
    verbose_name = _("Live session")

    def ready(self):
        from meetings.live import fanout, signals  # noqa: F401 - connects the receivers
