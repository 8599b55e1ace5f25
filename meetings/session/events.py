"""The session event log: append one hash-chained row per change, announce it after commit.

The database is the single source of truth: a message reaches the sockets only once the row that
records it has committed, and each audience gets only its own view of it. Who carries it to the
sockets (the live edge, `meetings.live.fanout`) listens to `event_recorded`; this kernel knows
nothing of sockets.
"""

import datetime
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.dispatch import Signal
from django.utils import timezone

from meetings.models import Meeting, SessionEvent

AUDIENCES = ("staff", "members", "public")
GENESIS = "0" * 64


# Sent with `event` and `meeting` inside the transaction that appends the event, while the
# meeting's row is locked: a receiver reads the state exactly as of this event, and schedules what
# it does after the commit with `transaction.on_commit` (robust: the change stands whatever the
# channel layer says; a client that missed it resyncs from the log).
event_recorded = Signal()


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder).encode()


def hashed_content(event: SessionEvent) -> dict:
    """Everything the event says and the hash of the row before it: what its hash covers, and
    what the downloadable log shows, so that anyone can recompute the chain."""
    return {
        "meeting": event.meeting_id,
        "seq": event.seq,
        "type": event.type,
        "op": event.op,
        "data": event.data,
        "views": event.views,
        "actor": event.actor_id,
        # In UTC, as the database gives it back, whatever zone the time was made in.
        "created": event.created.astimezone(datetime.UTC).isoformat(),
        "previous_hash": event.previous_hash,
    }


def event_hash(event: SessionEvent) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces) of `hashed_content`."""
    return hashlib.sha256(canonical(hashed_content(event))).hexdigest()


def append_event(meeting: Meeting, *, type: str, op: str, data: dict, views: dict, actor=None):
    """Record one event of `meeting`; the caller holds the meeting's row lock (`select_for_update`).

    `views` maps an audience to the message it may see; an audience left out gets a bare `skip`
    with the sequence number, so that its clients can tell a gap from a redaction.
    """
    last = meeting.events.order_by("-seq").first()
    event = SessionEvent(
        meeting=meeting,
        seq=(last.seq + 1) if last else 1,
        type=type,
        op=op,
        data=json.loads(canonical(data)),
        views=json.loads(canonical(views)),
        actor=actor,
        created=timezone.now(),
        previous_hash=last.hash if last else GENESIS,
    )
    event.hash = event_hash(event)
    event.save()
    # The head of the chain, kept outside it: removing the last events shows as a mismatch.
    Meeting.objects.filter(pk=meeting.pk).update(log_length=event.seq, log_head=event.hash)
    event_recorded.send(sender=SessionEvent, event=event, meeting=meeting)
    return event


def message_for(event: SessionEvent, audience: str) -> dict:
    view = event.views.get(audience)
    if view is None:
        return {"type": "skip", "seq": event.seq}
    return {**view, "type": event.type, "op": event.op, "seq": event.seq}


def verify_chain(meeting: Meeting) -> list[str]:
    """Problems in the meeting's event log: broken hashes, links or numbering. Empty if intact."""
    problems, previous_hash, expected_seq = [], GENESIS, 1
    for event in meeting.events.order_by("seq").iterator():
        if event.seq != expected_seq:
            problems.append(f"#{event.seq}: expected sequence number {expected_seq}")
        if event.previous_hash != previous_hash:
            problems.append(f"#{event.seq}: does not link to the event before it")
        if event.hash != event_hash(event):
            problems.append(f"#{event.seq}: content does not match its hash")
        previous_hash, expected_seq = event.hash, event.seq + 1
    meeting.refresh_from_db(fields=["log_length", "log_head"])
    if (expected_seq - 1, previous_hash if expected_seq > 1 else "") != (
        meeting.log_length,
        meeting.log_head,
    ):
        problems.append(
            f"the log ends at #{expected_seq - 1}, but the meeting recorded "
            f"{meeting.log_length} events: events are missing at the end"
        )
    return problems
