from meetings.errors import MeetingError


class LiveError(MeetingError):
    """A refused request in the live session, with a code for clients and a message for people.

    Codes: `forbidden` (not your role), `invalid` (malformed or unknown), `conflict` (not now, in
    this state), `rate_limited`, `not_found`.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
