"""Annulling a ballot needs a reason; a decision annulled no longer stands on the paper."""

import pytest

from meetings.models import Consultation
from tests.voting.ballots import cast, close, open_ballot, prepare
from voting import services as voting
from voting.errors import VotingError

pytestmark = pytest.mark.django_db


def annul(meeting, ballot, *, by, reason="Verbindungsstörung während der Abstimmung"):
    voting.annul_ballot(by=by, meeting=meeting, ballot_id=ballot.pk, reason=reason)
    ballot.refresh_from_db()
    return ballot


@pytest.mark.parametrize("reason", ["", "   "])
def test_annulling_needs_a_reason(present, named, clerk, reason):
    with pytest.raises(VotingError) as refused:
        annul(present, named, by=clerk, reason=reason)

    assert refused.value.code == "invalid"
    named.refresh_from_db()
    assert named.state == "open"


def test_annulled_ballot_keeps_its_reason(present, named, clerk):
    ballot = annul(present, named, by=clerk, reason="  Störung bei Frau Vogt ")

    assert (ballot.state, ballot.annul_reason) == ("annulled", "Störung bei Frau Vogt")
    assert present.events.order_by("-seq").first().op == "annulled"


def test_annulling_a_closed_ballot_puts_the_paper_back_to_pending(
    present, paper, named, member, clerk
):
    cast(present, named, member, "yes")
    close(present, named, by=clerk)

    annul(present, named, by=clerk)

    assert paper.consultations.get().result == Consultation.Result.PENDING


def test_annulling_an_open_ballot_leaves_the_paper_alone(present, paper, named, clerk):
    paper.consultations.update(result=Consultation.Result.DEFERRED)

    annul(present, named, by=clerk)

    assert paper.consultations.get().result == Consultation.Result.DEFERRED


def test_cast_in_an_annulled_ballot_is_refused(present, named, member, clerk):
    annul(present, named, by=clerk)

    with pytest.raises(VotingError) as refused:
        cast(present, named, member, "yes")

    assert refused.value.code == "ballot_closed"


def test_after_annulling_an_open_ballot_another_can_open(present, named, public_item, clerk):
    annul(present, named, by=clerk)

    repeated = open_ballot(present, public_item, by=clerk)

    assert repeated.state == "open"


def test_prepared_ballot_cannot_be_annulled(present, public_item, clerk):
    ballot = prepare(present, public_item, by=clerk)

    with pytest.raises(VotingError) as refused:
        annul(present, ballot, by=clerk)

    assert refused.value.code == "conflict"


def test_annulled_ballot_cannot_be_annulled_again(present, named, clerk):
    annul(present, named, by=clerk)

    with pytest.raises(VotingError) as refused:
        annul(present, named, by=clerk, reason="nochmal")

    assert refused.value.code == "conflict"
    named.refresh_from_db()
    assert named.annul_reason == "Verbindungsstörung während der Abstimmung"
