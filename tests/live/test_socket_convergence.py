"""A client that applies every event it receives to its snapshot holds the same state as a
client that connects afresh: events carry every slice they change, for every audience."""

import pytest

from meetings.session.state import SLICES
from tests.live.sockets import act, receive_until_seq

pytestmark = pytest.mark.django_db(transaction=True)


def applied(snapshot, messages) -> dict:
    """What a client shows: the snapshot, with each event's slices laid over it in order; an
    event's roll-call rows replace those of the same members."""
    state = {name: snapshot["state"][name] for name in SLICES}
    for message in messages:
        changed = dict(message.get("state", {}))
        rows = {row["person"]: row for row in changed.pop("attendance", [])}
        state["attendance"] = [rows.get(row["person"], row) for row in state["attendance"]]
        state.update(changed)
    return state


def fresh(snapshot) -> dict:
    return {name: snapshot["state"][name] for name in SLICES}


@pytest.mark.parametrize("who", ["public", "member", "clerk"])
async def test_events_bring_every_audience_to_a_fresh_snapshot(
    sockets, meeting, play, who, request
):
    user = None if who == "public" else request.getfixturevalue(who)
    socket, first = await sockets.open(meeting.pk, user)
    last = await play()

    messages = await receive_until_seq(socket, last)

    _again, second = await sockets.open(meeting.pk, user)
    assert applied(first, messages) == fresh(second)


async def test_deferring_the_current_non_public_item_reaches_the_public(
    sockets, running, chair, secret_item
):
    socket, first = await sockets.open(running.pk)
    await act(chair, running.pk, "agenda.call", item=secret_item.pk)
    await act(chair, running.pk, "agenda.status", item=secret_item.pk, status="deferred")

    messages = await receive_until_seq(socket, 3)

    _again, second = await sockets.open(running.pk)
    assert second["state"]["current"] == {"item": None, "non_public": False}
    assert applied(first, messages)["current"] == second["state"]["current"]
