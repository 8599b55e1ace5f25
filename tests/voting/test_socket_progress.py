"""While a ballot is open every socket that may see the item hears how many have voted, and
nothing else; the public hears nothing of a non-public item's ballot. Progress is sent by the
consumer that received the cast, so the casts here go over sockets."""

import time

import pytest
from channels.layers import get_channel_layer
from django.test import Client
from django.urls import reverse

from meetings.live import progress as progress_module
from meetings.live.fanout import group_name
from tests.live.sockets import TIMEOUT, act, receive_until_seq, run
from tests.voting.ballots import open_ballot
from tests.voting.messages import send_cast

pytestmark = pytest.mark.django_db(transaction=True)


def progress(ballot, voted, eligible=5):
    return {"type": "progress", "ballot": ballot.pk, "voted": voted, "eligible": eligible}


async def test_staff_members_and_public_hear_the_progress_of_a_public_item(
    sockets, present, named, clerk, member, others
):
    voter, _snapshot = await sockets.open(present.pk, others[0])
    watching = [
        (await sockets.open(present.pk, clerk))[0],
        (await sockets.open(present.pk, member))[0],
        (await sockets.open(present.pk))[0],
    ]

    await send_cast(voter, named.pk, "no", "c1")

    assert await voter.receive_json_from(timeout=TIMEOUT) == progress(named, 1)
    for socket in watching:
        assert await socket.receive_json_from(timeout=TIMEOUT) == progress(named, 1)


async def test_progress_counts_up_with_every_vote(sockets, present, named, clerk, voters):
    staff, _snapshot = await sockets.open(present.pk, clerk)

    for number, user in enumerate(voters[:3], start=1):
        voter, _snapshot = await sockets.open(present.pk, user)
        await send_cast(voter, named.pk, "yes", f"c{number}")

        assert await staff.receive_json_from(timeout=TIMEOUT) == progress(named, number)


async def test_secret_ballot_progress_counts_participants_only(
    sockets, present, secret, clerk, member
):
    staff, _snapshot = await sockets.open(present.pk, clerk)
    voter, _snapshot = await sockets.open(present.pk, member)

    await send_cast(voter, secret.pk, "abstain", "c1")

    assert await staff.receive_json_from(timeout=TIMEOUT) == progress(secret, 1)


async def test_repeated_request_sends_no_progress(sockets, present, named, clerk, member):
    staff, _snapshot = await sockets.open(present.pk, clerk)
    voter, _snapshot = await sockets.open(present.pk, member)
    await send_cast(voter, named.pk, "yes", "c1")
    assert await staff.receive_json_from(timeout=TIMEOUT) == progress(named, 1)

    await send_cast(voter, named.pk, "yes", "c1")

    assert await staff.receive_nothing(timeout=0.3)


async def test_public_hears_no_progress_of_a_non_public_item(
    sockets, present, secret_item, clerk, member, others
):
    ballot = await run(open_ballot, present, secret_item, by=clerk)
    public, _snapshot = await sockets.open(present.pk)
    members, _snapshot = await sockets.open(present.pk, others[0])
    voter, _snapshot = await sockets.open(present.pk, member)

    await send_cast(voter, ballot.pk, "yes", "c1")
    assert await members.receive_json_from(timeout=TIMEOUT) == progress(ballot, 1)
    closed = await act(clerk, present.pk, "ballot.close", ballot=ballot.pk)

    assert await receive_until_seq(public, closed.seq) == [{"type": "skip", "seq": closed.seq}]


async def test_progress_is_coalesced_while_votes_come_in(
    sockets, present, named, clerk, voters, settings
):
    settings.VOTE_PROGRESS_INTERVAL = 1.0
    staff, _snapshot = await sockets.open(present.pk, clerk)
    casting = [(await sockets.open(present.pk, user))[0] for user in voters]

    for number, voter in enumerate(casting):
        await send_cast(voter, named.pk, "yes", f"c{number}")

    assert await staff.receive_json_from(timeout=TIMEOUT) == progress(named, 5)
    assert await staff.receive_nothing(timeout=0.5)


async def test_vote_by_plain_form_is_reported_too(sockets, present, named, clerk, member):
    staff, _snapshot = await sockets.open(present.pk, clerk)

    def vote_by_form():
        client = Client()
        client.force_login(member)
        form = {"type": "cast", "ballot": named.pk, "choice": "no", "request_id": "form-1"}
        return client.post(reverse("meeting-live-action", args=[present.pk]), form).status_code

    assert await run(vote_by_form) == 302
    assert await staff.receive_json_from(timeout=TIMEOUT) == progress(named, 1)


async def test_a_socket_behind_writes_only_the_newest_count_once(sockets, present, named, clerk):
    staff, _snapshot = await sockets.open(present.pk, clerk)
    layer = get_channel_layer()

    def queued(voted):
        text = f'{{"type":"progress","ballot":{named.pk},"voted":{voted},"eligible":5}}'
        message = {
            "type": "session.progress",
            "ballot": named.pk,
            "voted": voted,
            "text": text,
            "sent": time.time(),
        }
        return layer.group_send(group_name(present.pk, "staff", "de"), message)

    for voted in (2, 1, 2, 3):
        await queued(voted)

    heard = [await staff.receive_json_from(timeout=TIMEOUT) for _ in range(2)]
    assert [message["voted"] for message in heard] == [2, 3]
    assert await staff.receive_nothing(timeout=0.3)


async def test_the_same_count_sent_again_is_written_once(sockets, present, named, clerk):
    staff, _snapshot = await sockets.open(present.pk, clerk)

    await run(lambda: [progress_module.send_now(named.pk) for _ in range(3)])

    assert await staff.receive_json_from(timeout=TIMEOUT) == progress(named, 0)
    assert await staff.receive_nothing(timeout=0.3)
