"""ASGI entry point, served by Daphne: HTTP through Django, websockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Django must be set up before anything imports models (the websocket routes do).
django_http = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.admission import Admission  # noqa: E402
from config.pages.asgi import SharedPages  # noqa: E402
from config.routing import websocket_urlpatterns  # noqa: E402
from config.staticfiles import StaticFiles  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Static files and stored public pages are answered from the event loop; everything
        # else waits its turn in the admission line for Django.
        "http": StaticFiles(SharedPages(Admission(django_http))),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
