"""Closing counts the votes by the ballot's kind, words the result and records it on the paper."""

import pytest

from meetings.models import Consultation
from tests.voting.ballots import cast, close, open_ballot
from voting.errors import VotingError

pytestmark = pytest.mark.django_db

CHOICES = ["yes", "yes", "no", "abstain", "yes"]


def result(ballot):
    return ballot.yes, ballot.no, ballot.abstain, ballot.outcome


def test_named_vote_is_counted_from_the_votes(present, named, voters, clerk):
    for user, choice in zip(voters, CHOICES, strict=True):
        cast(present, named, user, choice)

    ballot = close(present, named, by=clerk)

    assert result(ballot) == (3, 1, 1, "accepted")
    assert ballot.result_text == "mehrheitlich beschlossen: 3 Ja, 1 Nein, 1 Enthaltung"
    assert (ballot.state, ballot.closed is not None) == ("closed", True)


def test_named_vote_ignores_counts_sent_along(present, named, member, clerk):
    cast(present, named, member, "no")

    ballot = close(present, named, by=clerk, yes=4, no=0, abstain=0)

    assert result(ballot) == (0, 1, 0, "rejected")


def test_secret_ballot_is_counted_from_the_tally(present, secret, voters, clerk):
    for user, choice in zip(voters, CHOICES, strict=True):
        cast(present, secret, user, choice)

    ballot = close(present, secret, by=clerk)

    assert result(ballot) == (3, 1, 1, "accepted")


def test_show_of_hands_takes_the_counts_entered(present, show_of_hands, clerk):
    ballot = close(present, show_of_hands, by=clerk, yes=2, no=2, abstain=1)

    assert result(ballot) == (2, 2, 1, "tie")
    assert ballot.result_text == "Stimmengleichheit – abgelehnt: 2 Ja, 2 Nein, 1 Enthaltung"


def test_show_of_hands_needs_counts(present, show_of_hands, clerk):
    with pytest.raises(VotingError) as refused:
        close(present, show_of_hands, by=clerk)

    assert refused.value.code == "invalid"
    show_of_hands.refresh_from_db()
    assert show_of_hands.state == "open"


def test_more_hands_than_eligible_voters_are_refused(present, show_of_hands, clerk):
    with pytest.raises(VotingError) as refused:
        close(present, show_of_hands, by=clerk, yes=4, no=1, abstain=1)

    assert refused.value.code == "invalid"
    assert str(refused.value) == ("6 Stimmen gezählt, aber nur 5 Mitglieder sind stimmberechtigt.")
    show_of_hands.refresh_from_db()
    assert (show_of_hands.state, show_of_hands.yes) == ("open", 0)


def test_counts_up_to_the_eligible_voters_are_taken(present, show_of_hands, clerk):
    ballot = close(present, show_of_hands, by=clerk, yes=5, no=0, abstain=0)

    assert ballot.result_text == "einstimmig beschlossen: 5 Ja, 0 Nein, 0 Enthaltungen"


def test_majority_rule_of_the_ballot_decides(present, public_item, clerk, voters):
    ballot = open_ballot(present, public_item, by=clerk, majority_rule="absolute_legal")
    for user in voters[:2]:
        cast(present, ballot, user, "yes")

    ballot = close(present, ballot, by=clerk)

    assert result(ballot) == (2, 0, 0, "rejected")


def test_closed_ballot_is_not_closed_again(present, named, clerk):
    close(present, named, by=clerk)

    with pytest.raises(VotingError) as refused:
        close(present, named, by=clerk)

    assert refused.value.code == "conflict"


def test_accepted_result_is_recorded_on_the_consultation(present, paper, named, voters, clerk):
    cast(present, named, voters[0], "yes")

    close(present, named, by=clerk)

    assert paper.consultations.get().result == Consultation.Result.ACCEPTED


@pytest.mark.parametrize("choices", [["no"], ["yes", "no"]], ids=["rejected", "tie"])
def test_rejection_and_tie_are_recorded_as_rejected(present, paper, named, voters, clerk, choices):
    for user, choice in zip(voters, choices, strict=False):
        cast(present, named, user, choice)

    close(present, named, by=clerk)

    assert paper.consultations.get().result == Consultation.Result.REJECTED


def test_closing_records_the_counts_in_the_event(present, named, member, clerk):
    cast(present, named, member, "abstain")

    close(present, named, by=clerk)

    event = present.events.order_by("-seq").first()
    assert (event.type, event.op) == ("ballot", "closed")
    assert event.data == {
        "ballot": named.pk,
        "item": named.item_id,
        "yes": 0,
        "no": 0,
        "abstain": 1,
        "outcome": "tie",
    }
