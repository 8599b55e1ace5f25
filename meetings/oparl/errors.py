"""The one error type of the API: an HTTP status and a message for people."""

from django.utils.functional import Promise


class OParlError(Exception):
    """Raised by the API's views and list parsing; the message is translated when it is sent,
    in the language of the request (lazy, so that rendering the data in German does not change
    the language of the message)."""

    def __init__(self, status: int, message: Promise, **params):
        super().__init__(message)
        self.status = status
        self.message = message
        self.params = params

    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)
