from meetings.live.errors import LiveError


class VotingError(LiveError):
    """A refused ballot action or cast. Codes beyond the live session's: `ballot_closed`,
    `not_eligible`, `conflicted`, `already_voted`."""
