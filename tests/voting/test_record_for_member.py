"""The secretariat records a vote called out in the hall, marked as entered by staff."""

import pytest

from tests.voting.ballots import cast, close
from voting import services as voting
from voting.errors import VotingError
from voting.models import SecretParticipation, Vote
from voting.state import ballot_slice

pytestmark = pytest.mark.django_db


def record(meeting, ballot, user, choice, *, by, request_id="staff-1"):
    return voting.record_for_member(
        by=by,
        meeting=meeting,
        ballot_id=ballot.pk,
        person=user.person,
        choice=choice,
        request_id=request_id,
    )


def test_vote_called_out_is_recorded_as_entered_by_staff(present, named, member, clerk):
    answer = record(present, named, member, "abstain", by=clerk)

    assert answer == {"ballot": named.pk, "recorded": True}
    vote = Vote.objects.get()
    assert (vote.person, vote.choice, vote.entered_by) == (member.person, "abstain", clerk)


def test_member_who_voted_themselves_is_not_recorded_again(present, named, member, clerk):
    cast(present, named, member, "yes")

    with pytest.raises(VotingError) as refused:
        record(present, named, member, "no", by=clerk)

    assert refused.value.code == "already_voted"
    assert Vote.objects.get().entered_by is None


def test_nobody_casts_a_secret_vote_for_someone_else(present, secret, member, clerk):
    with pytest.raises(VotingError) as refused:
        record(present, secret, member, "yes", by=clerk)

    assert refused.value.code == "invalid"
    assert not SecretParticipation.objects.exists()
    assert secret.tally.yes == 0


def test_staff_cannot_record_an_ineligible_member(present, named, clerk, outsider):
    with pytest.raises(VotingError) as refused:
        record(present, named, outsider, "yes", by=clerk)

    assert refused.value.code == "not_eligible"
    assert not Vote.objects.exists()


def test_result_names_the_members_whose_vote_staff_entered(present, named, member, clerk, others):
    record(present, named, member, "abstain", by=clerk)
    cast(present, named, others[0], "yes")

    ballot = close(present, named, by=clerk)

    data = ballot_slice(present, "public", ballot)
    assert data["votes"] == {"yes": [others[0].person.pk], "no": [], "abstain": [member.person.pk]}
    assert data["entered_by_staff"] == [member.person.pk]
