"""A snapshot is built once per meeting, audience, language and seq, and every socket that
connects at that seq gets the same one, with its own `you`."""

import pytest

from meetings.live import snapshot
from tests.live.sockets import act, receive_until_seq

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def builds(monkeypatch):
    counted = []
    build = snapshot.build

    def counting(meeting, audience, language, *, page):
        counted.append((audience, language, page))
        return build(meeting, audience, language, page=page)

    monkeypatch.setattr(snapshot, "build", counting)
    return counted


async def test_sockets_connecting_at_one_seq_share_one_snapshot(sockets, running, builds):
    opened = [await sockets.open(running.pk, page=True) for _ in range(5)]

    assert builds == [("public", "de", True)]
    assert len({frozenset(first["regions"].items()) for _socket, first in opened}) == 1


async def test_each_member_gets_the_shared_snapshot_with_their_own_you(
    sockets, running, member, others, builds
):
    _a, mine = await sockets.open(running.pk, member, page=True)
    _b, theirs = await sockets.open(running.pk, others[0], page=True)

    assert builds == [("members", "de", True)]
    assert mine["regions"] == theirs["regions"]
    assert (mine["you"]["person"], theirs["you"]["person"]) == (
        member.person.pk,
        others[0].person.pk,
    )


async def test_a_new_event_means_a_new_snapshot(sockets, running, chair, public_item, builds):
    socket, _first = await sockets.open(running.pk, page=True)
    called = await act(chair, running.pk, "agenda.call", item=public_item.pk)
    await receive_until_seq(socket, called.seq)

    _again, second = await sockets.open(running.pk, page=True)

    assert len(builds) == 2
    assert second["seq"] == called.seq
    assert "live-current" in second["regions"]
