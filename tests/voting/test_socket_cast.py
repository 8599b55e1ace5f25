"""Casting over the meeting's socket: an ack that says the vote is recorded, the same ack for the
same request again, and an error with a code for every refusal."""

import pytest

from meetings.live import protocol
from tests.live.sockets import act, run
from tests.voting.ballots import cast, open_ballot, seated_meeting
from tests.voting.messages import answer_to, send_cast
from voting.models import Vote

pytestmark = pytest.mark.django_db(transaction=True)


def votes(ballot):
    return list(Vote.objects.filter(ballot=ballot).values_list("person_id", "choice"))


@pytest.fixture
async def socket(sockets, present, member):
    """The member's socket, past its snapshot."""
    communicator, _snapshot = await sockets.open(present.pk, member)
    return communicator


async def test_cast_is_acknowledged_as_recorded(socket, named, member):
    answer = await send_cast(socket, named.pk, "yes", "v1")

    assert answer == {"type": "ack", "request_id": "v1", "ballot": named.pk, "recorded": True}
    assert await run(votes, named) == [(member.person.pk, "yes")]


async def test_same_request_again_is_acknowledged_as_repeated(socket, named, member):
    await send_cast(socket, named.pk, "yes", "v1")

    answer = await send_cast(socket, named.pk, "yes", "v1")

    assert answer == {
        "type": "ack",
        "request_id": "v1",
        "ballot": named.pk,
        "recorded": True,
        "repeated": True,
    }
    assert await run(votes, named) == [(member.person.pk, "yes")]


async def test_second_request_is_refused_as_already_voted(socket, named, member):
    await send_cast(socket, named.pk, "yes", "v1")

    answer = await send_cast(socket, named.pk, "no", "v2")

    assert answer == {
        "type": "error",
        "request_id": "v2",
        "code": "already_voted",
        "message": "Birgit Schwarz hat bereits abgestimmt.",
    }
    assert await run(votes, named) == [(member.person.pk, "yes")]


async def test_member_who_may_not_vote_is_refused(sockets, present, public_item, clerk, others):
    await run(present.attendances.filter(person=others[2].person).update, state="absent")
    ballot = await run(open_ballot, present, public_item, by=clerk)
    socket, _snapshot = await sockets.open(present.pk, others[2])

    answer = await send_cast(socket, ballot.pk, "yes", "v1")

    assert (answer["type"], answer["code"]) == ("error", "not_eligible")
    assert await run(votes, ballot) == []


async def test_cast_after_the_close_is_refused_as_closed(socket, present, named, clerk):
    await act(clerk, present.pk, "ballot.close", ballot=named.pk)

    answer = await send_cast(socket, named.pk, "yes", "v1")

    assert (answer["type"], answer["code"]) == ("error", "ballot_closed")
    assert answer["message"] == "Die Abstimmung ist nicht geöffnet."


async def test_ballot_of_another_meeting_is_not_found(socket, present, clerk):
    def foreign_ballot():
        meeting, item, _users = seated_meeting(3, by=clerk)
        return open_ballot(meeting, item, by=clerk)

    foreign = await run(foreign_ballot)

    answer = await send_cast(socket, foreign.pk, "yes", "v1")

    assert (answer["type"], answer["code"]) == ("error", "not_found")
    assert await run(votes, foreign) == []


MALFORMED = {
    "unknown choice": {"choice": "maybe"},
    "ballot not a number": {"ballot": "eins"},
    "no ballot": {"ballot": None},
    "no request id": {"request_id": None},
}


async def test_malformed_casts_are_invalid(socket, named):
    for case, changes in MALFORMED.items():
        message = {"type": "cast", "ballot": named.pk, "choice": "yes", "request_id": case}
        # A field changed to None is left out.
        message = {key: value for key, value in {**message, **changes}.items() if value is not None}
        await socket.send_json_to(message)

        answer, _before = await answer_to(socket, message.get("request_id"))

        assert (answer["type"], answer["code"]) == ("error", "invalid"), case
    assert await run(votes, named) == []


async def test_cast_without_a_choice_is_invalid(socket, named):
    await socket.send_json_to({"type": "cast", "ballot": named.pk, "request_id": "v1"})

    answer, _before = await answer_to(socket, "v1")

    assert answer["code"] == "invalid"
    assert answer["message"] == "Das Feld „choice“ fehlt oder ist ungültig."


async def test_public_cannot_cast(sockets, present, named):
    public, _snapshot = await sockets.open(present.pk)

    answer = await send_cast(public, named.pk, "yes", "v1")

    assert (answer["type"], answer["code"]) == ("error", "forbidden")
    assert await run(votes, named) == []


async def test_staff_record_a_called_out_vote_over_the_socket(
    sockets, present, named, clerk, member
):
    staff, _snapshot = await sockets.open(present.pk, clerk)
    await staff.send_json_to(
        {
            "type": "ballot.record",
            "ballot": named.pk,
            "person": member.person.pk,
            "choice": "no",
            "request_id": "s1",
        }
    )

    answer, _before = await answer_to(staff, "s1")

    assert answer == {"type": "ack", "request_id": "s1", "ballot": named.pk, "recorded": True}
    vote = await run(Vote.objects.select_related("entered_by").get)
    assert (vote.person_id, vote.choice, vote.entered_by) == (member.person.pk, "no", clerk)


async def test_casts_sent_at_once_are_written_together_and_each_acknowledged(
    sockets, present, named, voters, monkeypatch
):
    batches = []
    handle_casts = protocol.handle_casts

    def spy(submissions):
        batches.append(len(submissions))
        return handle_casts(submissions)

    monkeypatch.setattr(protocol, "handle_casts", spy)
    opened = [(await sockets.open(present.pk, user))[0] for user in voters]

    for number, socket in enumerate(opened):
        await socket.send_json_to(
            {"type": "cast", "ballot": named.pk, "choice": "yes", "request_id": f"v{number}"}
        )
    answers = [(await answer_to(socket, f"v{n}"))[0] for n, socket in enumerate(opened)]

    assert all(answer["type"] == "ack" and answer["recorded"] for answer in answers)
    assert len(await run(votes, named)) == len(voters)
    assert sum(batches) == len(voters)
    assert len(batches) < len(voters)


async def test_each_refused_cast_is_answered_in_its_sockets_language(
    sockets, present, named, member
):
    await run(cast, present, named, member, "yes", request_id="earlier")
    german, _snapshot = await sockets.open(present.pk, member, cookies=["django_language=de"])
    english, _snapshot = await sockets.open(present.pk, member, cookies=["django_language=en"])

    for socket in (german, english):
        await socket.send_json_to(
            {"type": "cast", "ballot": named.pk, "choice": "no", "request_id": "again"}
        )
    answers = [(await answer_to(socket, "again"))[0]["message"] for socket in (german, english)]

    assert answers == [
        "Birgit Schwarz hat bereits abgestimmt.",
        "Birgit Schwarz has already voted.",
    ]
