"""What a socket gets on connect or resync: the whole state, or the events it missed.

A snapshot's shared part (the regions of a page, or the state slices for other clients) is the
same for every socket of an audience and language at one `seq`: a worker builds it once and
serves it to every socket that connects meanwhile, and adds each socket's own `you`. Changes
that record no event (a count of votes, the secretariat's planning) reach a cached snapshot at
most `FRESH_FOR` seconds late; the counts come again with the next progress message anyway.
"""

import time
from collections import OrderedDict

from django.db import transaction

from config.perloop import per_loop
from meetings.live import personal
from meetings.live.fanout import encode
from meetings.live.regions import LiveState, render_all
from meetings.models import Meeting
from meetings.session import state
from meetings.session.events import message_for
from voting.state import ballot_slice, current_ballot

MAX_REPLAY = 200
FRESH_FOR = 2.0
KEPT = 64


class Snapshots:
    """One worker's snapshots by meeting, audience, language, view and seq, the newest few."""

    def __init__(self):
        self.built: OrderedDict[tuple, tuple[float, str]] = OrderedDict()

    def shared(self, key: tuple, build) -> str:
        found = self.built.get(key)
        if found is not None and time.monotonic() - found[0] < FRESH_FOR:
            return found[1]
        text = build()
        self.built[key] = (time.monotonic(), text)
        self.built.move_to_end(key)
        while len(self.built) > KEPT:
            self.built.popitem(last=False)
        return text


# The running worker's snapshots (its event loop's).
snapshots = per_loop(Snapshots)


def snapshot(meeting_id: int, audience: str, language: str, you: dict, *, page: bool, cache):
    """The snapshot as JSON text: regions for a live page (`page`), state slices otherwise."""
    meeting = Meeting.objects.select_related("body", "current_item").get(pk=meeting_id)
    # The number first: the state read after it is at least as new, and the client skips events
    # it already has, so a change committed in between is never lost.
    seq = meeting.log_length
    view = "regions" if page else "state"
    shared = cache.shared(
        (meeting_id, audience, language, view, seq),
        lambda: f'"{view}":{encode(build(meeting, audience, language, page=page))}',
    )
    if page and you["person"] is not None:
        live = LiveState(meeting, audience)
        mine = personal.state_of(meeting, you, live, current_ballot(meeting))
        you = {**you, **{key: value for key, value in mine.items() if key != "show"}}
    return f'{{"type":"snapshot","seq":{seq},"you":{encode(you)},{shared}}}'


@transaction.atomic
def build(meeting: Meeting, audience: str, language: str, *, page: bool) -> dict:
    if page:
        return render_all(meeting, audience, language)
    return {**state.slices(meeting, audience), "ballot": ballot_slice(meeting, audience)}


def missed(meeting_id: int, audience: str, last_seq: int) -> list[dict] | None:
    """The events after `last_seq` for this audience, or None if there are too many to replay."""
    events = list(
        Meeting.objects.get(pk=meeting_id)
        .events.filter(seq__gt=last_seq)
        .order_by("seq")[: MAX_REPLAY + 1]
    )
    if len(events) > MAX_REPLAY:
        return None
    return [message_for(event, audience) for event in events]
