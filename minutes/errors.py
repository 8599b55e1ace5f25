class MinutesError(Exception):
    """A change of the minutes the rules refuse; the message is for people, already translated."""
