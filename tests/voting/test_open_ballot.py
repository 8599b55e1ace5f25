"""Opening a ballot fixes who may vote: the members present with a vote and no conflict."""

import pytest

from council.models import Membership
from meetings.session.services.attendance import mark_attendance
from meetings.session.services.conflicts import declare_conflict
from tests.live.fixtures import seat
from tests.voting.ballots import cast, open_ballot, prepare
from voting import services as voting
from voting.errors import VotingError

pytestmark = pytest.mark.django_db


def eligible(ballot):
    return set(ballot.eligible.values_list("person_id", flat=True))


def test_everyone_present_with_a_vote_is_eligible(present, public_item, clerk, voters):
    ballot = open_ballot(present, public_item, by=clerk)

    assert eligible(ballot) == {user.person.pk for user in voters}
    assert (ballot.state, ballot.eligible_count) == ("open", 5)
    assert ballot.opened is not None


def test_absent_member_is_not_eligible(present, public_item, clerk, others):
    mark_attendance(by=clerk, meeting=present, person=others[0].person, state_name="absent")

    ballot = open_ballot(present, public_item, by=clerk)

    assert others[0].person.pk not in eligible(ballot)
    assert ballot.eligible_count == 4


def test_conflicted_member_is_not_eligible(present, public_item, clerk, member):
    declare_conflict(by=member, meeting=present, item_id=public_item.pk, person=member.person)

    ballot = open_ballot(present, public_item, by=clerk)

    assert member.person.pk not in eligible(ballot)


def test_conflict_on_another_item_does_not_matter(present, public_item, secret_item, clerk, member):
    declare_conflict(by=member, meeting=present, item_id=secret_item.pk, person=member.person)

    ballot = open_ballot(present, public_item, by=clerk)

    assert member.person.pk in eligible(ballot)


def test_advisory_member_is_not_eligible(present, public_item, clerk, body):
    advisor = seat(body, "Anna", "Beirat", role=Membership.Role.ADVISORY)
    mark_attendance(by=clerk, meeting=present, person=advisor.person, state_name="hall")

    ballot = open_ballot(present, public_item, by=clerk)

    assert advisor.person.pk not in eligible(ballot)
    assert ballot.eligible_count == 5


def test_late_arrival_after_opening_cannot_vote(present, public_item, clerk, others):
    mark_attendance(by=clerk, meeting=present, person=others[2].person, state_name="absent")
    ballot = open_ballot(present, public_item, by=clerk)
    mark_attendance(by=clerk, meeting=present, person=others[2].person, state_name="hall")

    with pytest.raises(VotingError) as refused:
        cast(present, ballot, others[2], "yes")

    assert refused.value.code == "not_eligible"
    assert not ballot.votes.exists()


def test_only_one_ballot_is_open_at_a_time(present, public_item, secret_item, clerk):
    open_ballot(present, public_item, by=clerk)
    second = prepare(present, secret_item, by=clerk)

    with pytest.raises(VotingError) as refused:
        voting.open_ballot(by=clerk, meeting=present, ballot_id=second.pk)

    assert refused.value.code == "conflict"
    second.refresh_from_db()
    assert second.state == "prepared"
    assert not second.eligible.exists()


def test_an_open_ballot_is_not_opened_again(present, public_item, clerk):
    ballot = open_ballot(present, public_item, by=clerk)

    with pytest.raises(VotingError) as refused:
        voting.open_ballot(by=clerk, meeting=present, ballot_id=ballot.pk)

    assert refused.value.code == "conflict"
    assert ballot.eligible.count() == 5


def test_opening_records_the_eligible_voters_in_the_event(present, public_item, clerk, voters):
    ballot = open_ballot(present, public_item, by=clerk)

    event = present.events.order_by("-seq").first()
    assert (event.type, event.op, event.data["ballot"]) == ("ballot", "opened", ballot.pk)
    assert sorted(event.data["eligible"]) == sorted(user.person.pk for user in voters)


def test_member_who_declares_a_conflict_during_the_ballot_cannot_vote(
    present, public_item, clerk, member
):
    ballot = open_ballot(present, public_item, by=clerk)
    declare_conflict(by=member, meeting=present, item_id=public_item.pk, person=member.person)

    with pytest.raises(VotingError) as refused:
        cast(present, ballot, member, "yes")

    assert refused.value.code == "conflicted"
