"""Casts that arrive together are written in one transaction (`voting.casting.cast_votes`), and
each still gets the answer it would have got alone: recorded, repeated, or its own refusal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.voting.ballots import close
from voting.casting import Cast, cast_votes
from voting.errors import CastRefused
from voting.models import SecretParticipation, SecretTally, Vote

pytestmark = pytest.mark.django_db


def cast(user, ballot, choice, request_id) -> Cast:
    return Cast(user.person, ballot.pk, choice, request_id)


def test_each_cast_of_a_batch_gets_its_own_answer(named, member, others):
    answers = cast_votes(
        named.meeting_id,
        [
            cast(member, named, "yes", "a"),
            cast(others[0], named, "no", "b"),
            cast(member, named, "yes", "a"),
            cast(member, named, "no", "c"),
            cast(others[1], named, "maybe", "d"),
        ],
    )

    recorded = {"ballot": named.pk, "recorded": True}
    assert answers == [
        recorded,
        recorded,
        recorded | {"repeated": True},
        CastRefused("already_voted", member.person),
        CastRefused("bad_choice"),
    ]
    assert set(Vote.objects.values_list("person_id", "choice")) == {
        (member.person.pk, "yes"),
        (others[0].person.pk, "no"),
    }


def test_refusals_in_a_batch_do_not_hold_back_the_others(named, member, others):
    named.eligible.filter(person=others[2].person).delete()

    answers = cast_votes(
        named.meeting_id,
        [
            cast(others[2], named, "yes", "a"),
            Cast(member.person, named.pk + 1000, "yes", "b"),
            cast(others[0], named, "abstain", "c"),
        ],
    )

    assert answers[:2] == [CastRefused("not_eligible", others[2].person), CastRefused("not_found")]
    assert answers[2] == {"ballot": named.pk, "recorded": True}
    assert list(Vote.objects.values_list("person_id", flat=True)) == [others[0].person.pk]


def test_a_batch_is_written_with_as_many_queries_as_a_single_cast(named, voters):
    with CaptureQueriesContext(connection) as alone:
        cast_votes(named.meeting_id, [cast(voters[0], named, "yes", "a")])
    with CaptureQueriesContext(connection) as together:
        cast_votes(named.meeting_id, [cast(user, named, "no", "b") for user in voters[1:]])

    assert Vote.objects.filter(ballot=named).count() == len(voters)
    assert len(together) == len(alone)


def test_a_batch_on_a_secret_ballot_adds_each_choice_to_the_tally(secret, voters):
    choices = ["yes", "yes", "no", "abstain", "yes"]

    answers = cast_votes(
        secret.meeting_id,
        [
            cast(user, secret, choice, f"r{n}")
            for n, (user, choice) in enumerate(zip(voters, choices, strict=True))
        ],
    )

    assert all(answer == {"ballot": secret.pk, "recorded": True} for answer in answers)
    tally = SecretTally.objects.get(ballot=secret)
    assert (tally.yes, tally.no, tally.abstain) == (3, 1, 1)
    assert SecretParticipation.objects.filter(ballot=secret).count() == 5


def test_a_batch_on_a_closed_ballot_records_nothing(named, present, clerk, voters):
    close(present, named, by=clerk)

    answers = cast_votes(named.meeting_id, [cast(user, named, "yes", "a") for user in voters])

    assert answers == [CastRefused("ballot_closed")] * len(voters)
    assert not Vote.objects.filter(ballot=named).exists()
