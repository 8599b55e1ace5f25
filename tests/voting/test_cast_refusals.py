"""Casts that are refused, each with its code, and nothing recorded."""

import pytest

from tests.voting.ballots import cast, close, open_ballot, prepare, seated_meeting
from voting.errors import VotingError
from voting.models import SecretParticipation, SecretTally, Vote

pytestmark = pytest.mark.django_db


def refusal(*args, **kwargs) -> VotingError:
    with pytest.raises(VotingError) as refused:
        cast(*args, **kwargs)
    return refused.value


def test_cast_after_the_close_is_refused_as_closed(present, named, member, clerk):
    close(present, named, by=clerk)

    error = refusal(present, named, member, "yes")

    assert error.code == "ballot_closed"
    assert str(error) == "Die Abstimmung ist nicht geöffnet."
    assert not Vote.objects.exists()


def test_repeated_request_after_the_close_still_gets_its_answer(present, named, member, clerk):
    cast(present, named, member, "yes", request_id="r1")
    close(present, named, by=clerk)

    answer = cast(present, named, member, "yes", request_id="r1")

    assert answer == {"ballot": named.pk, "recorded": True, "repeated": True}


def test_cast_before_the_ballot_opens_is_refused(present, public_item, clerk, member):
    ballot = prepare(present, public_item, by=clerk)

    assert refusal(present, ballot, member, "yes").code == "ballot_closed"


def test_member_who_may_not_vote_is_refused(present, public_item, clerk, others):
    present.attendances.filter(person=others[1].person).update(state="absent")
    ballot = open_ballot(present, public_item, by=clerk)

    error = refusal(present, ballot, others[1], "yes")

    assert error.code == "not_eligible"
    assert str(error) == "Lena Vogt ist bei dieser Abstimmung nicht stimmberechtigt."
    assert not Vote.objects.exists()


def test_ballot_of_another_meeting_is_not_found(present, clerk, member):
    elsewhere, item, _users = seated_meeting(3, by=clerk)
    foreign = open_ballot(elsewhere, item, by=clerk)

    error = refusal(present, foreign, member, "yes")

    assert error.code == "not_found"
    assert not Vote.objects.exists()


def test_unknown_ballot_is_not_found(present, named, member):
    named.pk = 987654

    assert refusal(present, named, member, "yes").code == "not_found"


def test_show_of_hands_cannot_be_cast(present, show_of_hands, member):
    error = refusal(present, show_of_hands, member, "yes")

    assert error.code == "invalid"
    assert not Vote.objects.exists()


@pytest.mark.parametrize("choice", ["maybe", "", "YES", None])
def test_choice_must_be_yes_no_or_abstain(present, named, member, choice):
    assert refusal(present, named, member, choice).code == "invalid"
    assert not Vote.objects.exists()


def test_refused_secret_cast_leaves_no_participation_and_no_count(present, secret, member, clerk):
    close(present, secret, by=clerk)

    refusal(present, secret, member, "yes")

    assert not SecretParticipation.objects.exists()
    tally = SecretTally.objects.get()
    assert (tally.yes, tally.no, tally.abstain) == (0, 0, 0)
