"""What a socket gets on connect or resync: the full state, or the events it missed.

Like the consumer, this sits on top of the apps and adds the `ballot` slice of `voting`."""

from django.db import transaction

from meetings.models import Meeting
from meetings.session import state
from meetings.session.events import message_for
from voting.state import ballot_slice

MAX_REPLAY = 200


@transaction.atomic
def snapshot(meeting_id: int, audience: str, you: dict) -> dict:
    meeting = Meeting.objects.select_related("body", "current_item").get(pk=meeting_id)
    # The number first: the state read after it is at least as new, and the client skips events
    # it already has, so a change committed in between is never lost.
    last = meeting.events.order_by("-seq").values_list("seq", flat=True).first() or 0
    slices = {**state.slices(meeting, audience), "ballot": ballot_slice(meeting, audience)}
    return {"type": "snapshot", "seq": last, "you": you, "state": slices}


def missed(meeting_id: int, audience: str, last_seq: int, you: dict) -> list[dict]:
    """The events after `last_seq` for this audience, or a fresh snapshot if there are too many."""
    events = list(
        Meeting.objects.get(pk=meeting_id)
        .events.filter(seq__gt=last_seq)
        .order_by("seq")[: MAX_REPLAY + 1]
    )
    if len(events) > MAX_REPLAY:
        return [snapshot(meeting_id, audience, you)]
    return [message_for(event, audience) for event in events]
