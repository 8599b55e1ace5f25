"""When the database cannot be reached: "temporarily unavailable" (503), not a server error.

PostgreSQL restarting or a network drop is not a bug of the request: the page says so in the
user's language and asks them to try again in a moment. Nothing was half-written, because every
change is one transaction, which the database rolls back when the connection breaks.
"""

import logging

from django import db
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# The database could not be reached or the connection broke (psycopg's pool timing out
# included): an outage, as opposed to a mistake of the code or the request.
OUTAGES = (db.OperationalError, db.InterfaceError)


def unavailable_page(request):
    """The 503 page, rendered without the request's context: its context processors read the
    database (the user, the municipality), which is what is missing."""
    translation.activate(translation.get_language_from_request(request))
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage raised by a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGES):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        return unavailable_page(request)
