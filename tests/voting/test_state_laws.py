"""State law in ballots: Niedersachsen holds no secret ballot while anyone is remote, Bayern lets
no remote member vote in an election."""

import pytest

from council.models import Body
from meetings.session.services.attendance import mark_attendance
from tests.voting.ballots import open_ballot, prepare
from voting import services as voting
from voting.errors import VotingError

pytestmark = pytest.mark.django_db


@pytest.fixture
def remote_member(present, body, clerk, member):
    """`member` follows the meeting over video; `law` is the body's state law profile."""

    def under(law):
        Body.objects.filter(pk=body.pk).update(state_law_profile=law)
        mark_attendance(by=clerk, meeting=present, person=member.person, state_name="remote")
        return member

    return under


def eligible(ballot):
    return set(ballot.eligible.values_list("person_id", flat=True))


def test_niedersachsen_refuses_a_secret_ballot_while_someone_is_remote(
    present, public_item, clerk, remote_member
):
    remote_member("ni")
    ballot = prepare(present, public_item, by=clerk, kind="secret")

    with pytest.raises(VotingError) as refused:
        voting.open_ballot(by=clerk, meeting=present, ballot_id=ballot.pk)

    assert refused.value.code == "conflict"
    assert str(refused.value) == (
        "Nach dem Recht von Niedersachsen ist keine geheime Abstimmung möglich, solange "
        "Mitglieder per Video teilnehmen (derzeit 1). Bitten Sie sie in den Saal oder stimmen "
        "Sie offen ab."
    )
    ballot.refresh_from_db()
    assert ballot.state == "prepared"


def test_niedersachsen_holds_an_open_vote_with_remote_members(
    present, public_item, clerk, remote_member
):
    member = remote_member("ni")

    ballot = open_ballot(present, public_item, by=clerk, kind="named")

    assert member.person.pk in eligible(ballot)


def test_niedersachsen_holds_a_secret_ballot_once_everyone_is_in_the_hall(
    present, public_item, clerk, remote_member
):
    member = remote_member("ni")
    mark_attendance(by=clerk, meeting=present, person=member.person, state_name="hall")

    ballot = open_ballot(present, public_item, by=clerk, kind="secret")

    assert ballot.state == "open"
    assert member.person.pk in eligible(ballot)


def test_nordrhein_westfalen_holds_a_secret_ballot_with_remote_members(
    present, public_item, clerk, remote_member
):
    member = remote_member("nrw")

    ballot = open_ballot(present, public_item, by=clerk, kind="secret")

    assert member.person.pk in eligible(ballot)


@pytest.mark.parametrize("kind", ["secret", "named"])
def test_bayern_leaves_remote_members_out_of_an_election(
    present, public_item, clerk, remote_member, kind
):
    member = remote_member("by")

    ballot = open_ballot(present, public_item, by=clerk, kind=kind, is_election=True)

    assert member.person.pk not in eligible(ballot)
    assert ballot.eligible_count == 4


def test_bayern_lets_remote_members_vote_on_a_resolution(
    present, public_item, clerk, remote_member
):
    member = remote_member("by")

    ballot = open_ballot(present, public_item, by=clerk, kind="secret")

    assert member.person.pk in eligible(ballot)
    assert ballot.eligible_count == 5
