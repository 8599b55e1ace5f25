"""Coalesced progress of open ballots: at most a few messages per second per ballot and process,
however many votes arrive. Progress carries no seq: it is not an event, only a count."""

import json
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import close_old_connections, connection

from meetings.live.events import group_name
from voting.live import progress_message
from voting.models import Ballot

lock = threading.Lock()
pending: set[int] = set()


def schedule(ballot_id: int) -> None:
    """Send the ballot's progress soon; casts arriving meanwhile ride along with it."""
    interval = settings.VOTE_PROGRESS_INTERVAL
    if interval <= 0:
        send(ballot_id)
        return
    with lock:
        if ballot_id in pending:
            return
        pending.add(ballot_id)
    timer = threading.Timer(interval, send_from_timer, args=[ballot_id])
    timer.daemon = True
    timer.start()


def send_from_timer(ballot_id: int) -> None:
    with lock:
        pending.discard(ballot_id)
    close_old_connections()
    try:
        send(ballot_id)
    finally:
        connection.close()


def send(ballot_id: int) -> None:
    ballot = Ballot.objects.select_related("item").filter(pk=ballot_id).first()
    if ballot is None or ballot.state != Ballot.State.OPEN:
        return
    text = json.dumps(progress_message(ballot), separators=(",", ":"))
    audiences = ("staff", "members", "public") if ballot.item.is_public else ("staff", "members")
    layer = get_channel_layer()
    for audience in audiences:
        async_to_sync(layer.group_send)(
            group_name(ballot.meeting_id, audience), {"type": "session.event", "text": text}
        )
