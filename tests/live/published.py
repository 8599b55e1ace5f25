"""What an event sends to the sockets, caught before the channel layer."""

from meetings.live import fanout


def published(capture_on_commit, action) -> dict[tuple[str, str], str]:
    """The text each audience and language gets of the event(s) `action` records."""
    held: list = []
    token = fanout.held.set(held)
    try:
        with capture_on_commit(execute=True):
            action()
    finally:
        fanout.held.reset(token)
    texts = {}
    for group, message in held:
        _meeting, audience, language = group.rsplit("-", 2)
        texts[(audience, language)] = message["text"]
    return texts
