"""A broadcast goes straight to the socket: no trip to the thread that holds the database.

Channels tidies the database connections before every message a consumer handles, in the one
thread all consumers share; for a vote's result to 3,000 sockets that was 3,000 hops in a row."""

import pytest
from channels import consumer

from tests.live.sockets import act, receive_until_seq

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tidy_calls(monkeypatch):
    calls = []
    original = consumer.aclose_old_connections

    async def counting():
        calls.append(1)
        await original()

    monkeypatch.setattr(consumer, "aclose_old_connections", counting)
    return calls


async def test_an_event_reaches_the_socket_without_tidying_database_connections(
    sockets, running, clerk, member, tidy_calls
):
    watching, _snapshot = await sockets.open(running.pk, member)
    tidy_calls.clear()

    await act(clerk, running.pk, "attendance.mark", person=member.person.pk, state="absent")

    (event,) = await receive_until_seq(watching, 2)
    assert (event["type"], event["op"]) == ("attendance", "marked")
    assert tidy_calls == []
