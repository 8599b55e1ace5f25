"""A member casts a named vote: recorded once, with its time; the same request again is answered
the same way and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from tests.voting.ballots import cast
from voting.errors import VotingError
from voting.models import SecretParticipation, Vote

pytestmark = pytest.mark.django_db


def test_named_vote_is_recorded_with_its_time(present, named, member):
    before = timezone.now()

    answer = cast(present, named, member, "no", request_id="r1")

    assert answer == {"ballot": named.pk, "recorded": True}
    vote = Vote.objects.get()
    assert (vote.ballot, vote.person, vote.choice, vote.request_id) == (
        named,
        member.person,
        "no",
        "r1",
    )
    assert before <= vote.cast <= timezone.now()
    assert vote.cast.utcoffset() == datetime.timedelta(0)
    assert vote.entered_by is None


def test_same_request_again_gets_the_same_answer_and_records_nothing(present, named, member):
    cast(present, named, member, "yes", request_id="r1")

    answer = cast(present, named, member, "yes", request_id="r1")

    assert answer == {"ballot": named.pk, "recorded": True, "repeated": True}
    assert Vote.objects.count() == 1


def test_same_request_with_another_choice_changes_nothing(present, named, member):
    cast(present, named, member, "yes", request_id="r1")

    cast(present, named, member, "no", request_id="r1")

    assert Vote.objects.get().choice == "yes"


def test_second_different_request_is_refused_as_already_voted(present, named, member):
    cast(present, named, member, "yes", request_id="r1")

    with pytest.raises(VotingError) as refused:
        cast(present, named, member, "no", request_id="r2")

    assert refused.value.code == "already_voted"
    assert str(refused.value) == "Birgit Schwarz hat bereits abgestimmt."
    assert Vote.objects.get().choice == "yes"


def test_each_member_votes_once_in_a_named_vote(present, named, voters):
    for user, choice in zip(voters, ["yes", "yes", "no", "abstain", "yes"], strict=True):
        cast(present, named, user, choice)

    assert sorted(named.votes.values_list("choice", flat=True)) == [
        "abstain",
        "no",
        "yes",
        "yes",
        "yes",
    ]
    assert not SecretParticipation.objects.exists()
