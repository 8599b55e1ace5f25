"""A secret ballot played over sockets: no message on any socket says how anyone voted, neither
while the ballot is open nor after it closed; the result is counts only."""

import pytest

from tests.live.sockets import act, receive_until_seq
from tests.voting.messages import answer_to, choices_in

pytestmark = pytest.mark.django_db(transaction=True)

RESULT_COUNTS = {
    ".state.ballot.result.yes",
    ".state.ballot.result.no",
    ".state.ballot.result.abstain",
}


class Watched:
    """A socket and every message it got, its snapshot first."""

    def __init__(self, communicator, snapshot):
        self.communicator, self.messages = communicator, [snapshot]

    async def cast(self, ballot_id, choice, request_id):
        await self.communicator.send_json_to(
            {"type": "cast", "ballot": ballot_id, "choice": choice, "request_id": request_id}
        )
        answer, before = await answer_to(self.communicator, request_id)
        self.messages += [*before, answer]
        return answer

    async def until(self, seq):
        self.messages += await receive_until_seq(self.communicator, seq)


@pytest.fixture
async def played(sockets, present, public_item, clerk, chair, member, others, outsider):
    """Every socket's messages while a secret ballot was opened, cast by all five over their own
    sockets, and closed; plus what sockets opened afterwards get on connect and on `hello`."""
    m = present.pk
    watched = {
        "staff": Watched(*await sockets.open(m, clerk)),
        "public": Watched(*await sockets.open(m)),
        "outsider": Watched(*await sockets.open(m, outsider)),
    }
    voters = {
        "chair": (chair, "yes"),
        "member": (member, "no"),
        "weber": (others[0], "abstain"),
        "vogt": (others[1], "yes"),
        "aydin": (others[2], "no"),
    }
    for name, (user, _choice) in voters.items():
        watched[name] = Watched(*await sockets.open(m, user))
    await act(clerk, m, "agenda.call", item=public_item.pk)
    prepared = await act(clerk, m, "ballot.prepare", item=public_item.pk, kind="secret")
    ballot = prepared.data["ballot"]
    await act(clerk, m, "ballot.open", ballot=ballot)
    for number, (name, (_user, choice)) in enumerate(voters.items()):
        assert (await watched[name].cast(ballot, choice, f"c{number}"))["recorded"]
    closed = await act(clerk, m, "ballot.close", ballot=ballot)
    for socket in watched.values():
        await socket.until(closed.seq)
    later = {}
    for name, user in [("staff", clerk), ("member", member), ("public", None)]:
        communicator, snapshot = await sockets.open(m, user)
        await communicator.send_json_to({"type": "hello", "last_seq": 0})
        later[name] = [snapshot, *await receive_until_seq(communicator, closed.seq)]
    return {"sockets": watched, "later": later, "closed": closed.seq}


def split_at(messages, seq):
    index = next(i for i, m in enumerate(messages) if m.get("seq") == seq and m["type"] != "skip")
    return messages[:index], messages[index:]


async def test_no_message_names_a_choice_while_the_ballot_is_open(played):
    for name, socket in played["sockets"].items():
        before, _after = split_at(socket.messages, played["closed"])
        counts = [m["voted"] for m in before if m["type"] == "progress"]
        # A socket may skip a count, never go back or hear one twice.
        assert counts == sorted(set(counts)) and counts[-1] == 5, name
        assert [(m, choices_in(m)) for m in before if choices_in(m)] == [], name


async def test_after_the_close_every_socket_learns_counts_and_nothing_per_person(played):
    for name, socket in played["sockets"].items():
        _before, after = split_at(socket.messages, played["closed"])
        result = after[0]["state"]["ballot"]["result"]
        assert (result["yes"], result["no"], result["abstain"], result["outcome"]) == (
            2,
            2,
            1,
            "tie",
        ), name
        assert after[0]["state"]["ballot"]["votes"] is None, name
        assert all(set(choices_in(message)) <= RESULT_COUNTS for message in after), name
    for name, messages in played["later"].items():
        assert messages[0]["state"]["ballot"]["voted"] == 5, name
        assert all(set(choices_in(message)) <= RESULT_COUNTS for message in messages), name


async def test_voters_hear_their_vote_recorded_but_not_repeated_back(played):
    for name in ("chair", "member", "weber", "vogt", "aydin"):
        acks = [m for m in played["sockets"][name].messages if m["type"] == "ack"]
        assert [sorted(ack) for ack in acks] == [["ballot", "recorded", "request_id", "type"]], name
