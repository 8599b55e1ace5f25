"""A secret vote: who took part is recorded, the choice only as a count."""

import pytest

from tests.voting.ballots import cast
from voting.errors import VotingError
from voting.models import SecretParticipation, SecretTally, Vote

pytestmark = pytest.mark.django_db


def counts(ballot):
    tally = SecretTally.objects.get(ballot=ballot)
    return tally.yes, tally.no, tally.abstain


def test_secret_vote_records_participation_and_count_only(present, secret, member):
    answer = cast(present, secret, member, "no", request_id="s1")

    assert answer == {"ballot": secret.pk, "recorded": True}
    participation = SecretParticipation.objects.get()
    assert (participation.ballot, participation.person) == (secret, member.person)
    assert counts(secret) == (0, 1, 0)
    assert not Vote.objects.exists()


def test_secret_votes_add_up_in_the_tally(present, secret, voters):
    for user, choice in zip(voters, ["yes", "no", "yes", "abstain", "yes"], strict=True):
        cast(present, secret, user, choice)

    assert counts(secret) == (3, 1, 1)
    assert secret.participations.count() == 5


def test_same_secret_request_again_counts_nothing(present, secret, member):
    cast(present, secret, member, "yes", request_id="s1")

    answer = cast(present, secret, member, "yes", request_id="s1")

    assert answer == {"ballot": secret.pk, "recorded": True, "repeated": True}
    assert counts(secret) == (1, 0, 0)
    assert secret.participations.count() == 1


def test_second_secret_vote_is_refused_as_already_voted(present, secret, member):
    cast(present, secret, member, "yes", request_id="s1")

    with pytest.raises(VotingError) as refused:
        cast(present, secret, member, "no", request_id="s2")

    assert refused.value.code == "already_voted"
    assert counts(secret) == (1, 0, 0)


def test_secret_ballot_starts_with_an_empty_tally(secret):
    assert counts(secret) == (0, 0, 0)
