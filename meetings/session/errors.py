from django.utils.translation import gettext as _

from meetings.errors import MeetingError


class LiveError(MeetingError):
    """A refused request in the live session, with a code for clients and a message for people.

    Codes: `forbidden` (not your role), `invalid` (malformed or unknown), `conflict` (not now, in
    this state), `rate_limited`, `not_found`, `unavailable` (the database cannot be reached
    for a moment: nothing was saved, the same request may be sent again).
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def unavailable() -> LiveError:
    return LiveError(
        "unavailable",
        _(
            "Ratssaal is temporarily unavailable: its database cannot be reached. Nothing was "
            "saved; please try again in a moment."
        ),
    )
