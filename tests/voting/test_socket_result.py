"""When a ballot closes, its result reaches every socket that may see the item: the public's too
for a public item, only members' and staff's for a non-public one (the public gets a `skip`)."""

import pytest

from tests.live.sockets import act, receive_until_seq, run
from tests.voting.ballots import cast, open_ballot

pytestmark = pytest.mark.django_db(transaction=True)


async def watch(sockets, meeting, clerk, member):
    return {
        "staff": (await sockets.open(meeting.pk, clerk))[0],
        "members": (await sockets.open(meeting.pk, member))[0],
        "public": (await sockets.open(meeting.pk))[0],
    }


async def closing(watching, seq) -> dict:
    return {name: (await receive_until_seq(socket, seq))[-1] for name, socket in watching.items()}


async def test_result_of_a_public_item_reaches_everyone(
    sockets, present, named, clerk, member, voters
):
    for user, choice in zip(voters, ["yes", "yes", "yes", "no", "abstain"], strict=True):
        await run(cast, present, named, user, choice)
    watching = await watch(sockets, present, clerk, member)

    closed = await act(clerk, present.pk, "ballot.close", ballot=named.pk)

    for message in (await closing(watching, closed.seq)).values():
        assert (message["type"], message["op"]) == ("ballot", "closed")
        assert message["state"]["ballot"]["result"] == {
            "yes": 3,
            "no": 1,
            "abstain": 1,
            "outcome": "accepted",
            "text": "mehrheitlich beschlossen: 3 Ja, 1 Nein, 1 Enthaltung",
        }
        assert message["announce"]["de"] == (
            "Ergebnis zu Ö 1: mehrheitlich beschlossen: 3 Ja, 1 Nein, 1 Enthaltung"
        )


async def test_named_result_lists_each_members_choice(sockets, present, named, clerk, member):
    await run(cast, present, named, member, "no")
    watching = await watch(sockets, present, clerk, member)

    closed = await act(clerk, present.pk, "ballot.close", ballot=named.pk)

    message = (await closing(watching, closed.seq))["public"]
    assert message["state"]["ballot"]["votes"] == {
        "yes": [],
        "no": [member.person.pk],
        "abstain": [],
    }
    assert message["state"]["ballot"]["entered_by_staff"] == []


async def test_result_of_a_non_public_item_reaches_members_and_staff_only(
    sockets, present, secret_item, clerk, member
):
    ballot = await run(open_ballot, present, secret_item, by=clerk, kind="show_of_hands")
    watching = await watch(sockets, present, clerk, member)

    closed = await act(clerk, present.pk, "ballot.close", ballot=ballot.pk, yes=4, no=1, abstain=0)

    messages = await closing(watching, closed.seq)
    assert messages["public"] == {"type": "skip", "seq": closed.seq}
    for audience in ("staff", "members"):
        assert messages[audience]["state"]["ballot"]["result"]["text"] == (
            "mehrheitlich beschlossen: 4 Ja, 1 Nein, 0 Enthaltungen"
        )


async def test_public_snapshot_shows_no_ballot_of_a_non_public_item(
    sockets, present, secret_item, clerk
):
    await act(clerk, present.pk, "agenda.call", item=secret_item.pk)
    ballot = await run(open_ballot, present, secret_item, by=clerk, kind="show_of_hands")
    await act(clerk, present.pk, "ballot.close", ballot=ballot.pk, yes=4, no=1, abstain=0)

    _public, snapshot = await sockets.open(present.pk)
    _staff, staff_snapshot = await sockets.open(present.pk, clerk)

    assert snapshot["state"]["ballot"] is None
    assert staff_snapshot["state"]["ballot"]["id"] == ballot.pk
