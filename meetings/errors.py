class MeetingError(Exception):
    """A state change the rules refuse; the message is for people and already translated."""
