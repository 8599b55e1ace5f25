"""On connect every socket gets a snapshot: the last seq, who it is, and the state its
audience may see."""

import json

import pytest
from channels.testing import WebsocketCommunicator

from tests.live.conftest import PUBLIC_TITLE, SECRET_TITLE
from tests.live.sockets import TIMEOUT, act

pytestmark = pytest.mark.django_db(transaction=True)


def titles(snapshot):
    return [item["title"] for item in snapshot["state"]["agenda"]]


async def test_staff_get_everything_as_staff(sockets, running, clerk):
    _socket, snapshot = await sockets.open(running.pk, clerk)

    assert snapshot["seq"] == 1
    assert snapshot["you"] == {"audience": "staff", "person": None, "name": None}
    assert titles(snapshot) == [PUBLIC_TITLE, SECRET_TITLE]


async def test_chair_is_staff_and_speaks_as_a_member(sockets, running, chair):
    _socket, snapshot = await sockets.open(running.pk, chair)

    assert snapshot["you"] == {"audience": "staff", "person": chair.person.pk, "name": "Petra Hahn"}


async def test_member_gets_the_members_view_with_their_name(sockets, running, member):
    _socket, snapshot = await sockets.open(running.pk, member)

    assert snapshot["seq"] == 1
    assert snapshot["you"] == {
        "audience": "members",
        "person": member.person.pk,
        "name": "Birgit Schwarz",
    }
    assert titles(snapshot) == [PUBLIC_TITLE, SECRET_TITLE]


async def test_anonymous_socket_is_public_and_sees_the_public_part(sockets, running):
    _socket, snapshot = await sockets.open(running.pk)

    assert snapshot["seq"] == 1
    assert snapshot["you"] == {"audience": "public", "person": None, "name": None}
    assert titles(snapshot) == [PUBLIC_TITLE]


async def test_member_of_another_body_is_public(sockets, running, outsider):
    _socket, snapshot = await sockets.open(running.pk, outsider)

    assert snapshot["you"]["audience"] == "public"
    assert titles(snapshot) == [PUBLIC_TITLE]


async def test_snapshot_of_a_meeting_not_started_has_seq_zero(sockets, meeting):
    _socket, snapshot = await sockets.open(meeting.pk)

    assert snapshot["seq"] == 0
    assert snapshot["state"]["meeting"]["state"] == "invited"


async def test_snapshot_shows_the_roll_call_to_the_public(sockets, running):
    _socket, snapshot = await sockets.open(running.pk)

    names = {row["name"] for row in snapshot["state"]["attendance"]}
    assert names == {"Petra Hahn", "Birgit Schwarz", "Jonas Weber", "Lena Vogt", "Kemal Aydin"}
    assert snapshot["state"]["quorum"]["required"] == 3


async def non_public_part_under_way(running, clerk, member, secret_item):
    await act(clerk, running.pk, "agenda.call", item=secret_item.pk)
    await act(member, running.pk, "speakers.request", kind="speech")
    await act(member, running.pk, "conflict.declare", item=secret_item.pk)
    await act(member, running.pk, "remote.joined")
    await act(member, running.pk, "failure.report")


async def test_public_snapshot_during_the_non_public_part_shows_none_of_it(
    sockets, running, clerk, member, secret_item
):
    await non_public_part_under_way(running, clerk, member, secret_item)

    _socket, snapshot = await sockets.open(running.pk)

    state = snapshot["state"]
    assert (titles(snapshot), state["failures"]) == ([PUBLIC_TITLE], [])
    assert state["current"] == {"item": None, "non_public": True}
    assert state["speakers"] == {"item": None, "list": []}
    assert SECRET_TITLE not in json.dumps(snapshot, ensure_ascii=False)


async def test_members_snapshot_during_the_non_public_part_shows_all_of_it(
    sockets, running, clerk, member, others, secret_item
):
    await non_public_part_under_way(running, clerk, member, secret_item)

    _socket, snapshot = await sockets.open(running.pk, others[0])

    state = snapshot["state"]
    assert state["current"] == {"item": secret_item.pk, "non_public": True}
    assert [f["name"] for f in state["failures"]] == ["Birgit Schwarz"]
    assert state["agenda"][1]["conflicts"][0]["name"] == "Birgit Schwarz"


async def test_draft_meeting_refuses_a_public_socket(sockets, draft):
    assert await sockets.refusal(draft.pk) == 4403


async def test_draft_meeting_refuses_a_member(sockets, draft, member):
    assert await sockets.refusal(draft.pk, member) == 4403


async def test_draft_meeting_lets_the_secretariat_in(sockets, draft, clerk):
    _socket, snapshot = await sockets.open(draft.pk, clerk)

    assert snapshot["you"]["audience"] == "staff"


async def test_unknown_meeting_refuses_the_socket(sockets, db):
    assert await sockets.refusal(987654) == 4403


async def test_foreign_origin_is_refused(sockets, running):
    communicator = WebsocketCommunicator(
        sockets.application,
        f"/ws/meetings/{running.pk}/",
        headers=[(b"origin", b"http://evil.example")],
    )

    connected, _code = await communicator.connect(timeout=TIMEOUT)

    assert not connected


async def test_the_hall_display_of_the_secretariat_gets_the_public_view(sockets, running, clerk):
    _socket, snapshot = await sockets.open(running.pk, clerk, query="audience=public")

    assert snapshot["you"]["audience"] == "public"
    assert SECRET_TITLE not in json.dumps(snapshot, ensure_ascii=False)
