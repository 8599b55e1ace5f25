"""Preparing a ballot: its question and majority rule default sensibly."""

import pytest

from council.models import Body
from meetings.session.errors import LiveError
from tests.voting.ballots import RESOLUTION, prepare
from voting.models import Ballot

pytestmark = pytest.mark.django_db


def test_question_defaults_to_the_papers_proposed_resolution(present, public_item, paper, clerk):
    ballot = prepare(present, public_item, by=clerk)

    assert ballot.question == RESOLUTION


def test_question_defaults_to_the_item_title_without_a_paper(present, public_item, clerk):
    ballot = prepare(present, public_item, by=clerk, question="   ")

    assert ballot.question == public_item.title


def test_question_given_is_taken(present, public_item, paper, clerk):
    ballot = prepare(present, public_item, by=clerk, question=" Vertagung auf Mai? ")

    assert ballot.question == "Vertagung auf Mai?"


def test_majority_defaults_to_the_bodys_rule(present, public_item, body, clerk):
    Body.objects.filter(pk=body.pk).update(default_majority_rule="two_thirds_cast")

    ballot = prepare(present, public_item, by=clerk)

    assert ballot.majority_rule == "two_thirds_cast"


def test_majority_chosen_overrides_the_bodys_rule(present, public_item, clerk):
    ballot = prepare(present, public_item, by=clerk, majority_rule="absolute_legal")

    assert ballot.majority_rule == "absolute_legal"


def test_prepared_ballot_keeps_the_legal_member_count_and_records_an_event(
    present, public_item, clerk
):
    ballot = prepare(present, public_item, by=clerk, kind="secret")

    assert (ballot.state, ballot.kind, ballot.legal_member_count) == ("prepared", "secret", 5)
    assert present.events.order_by("-seq").first().op == "prepared"


def test_unknown_kind_is_refused(present, public_item, clerk):
    with pytest.raises(LiveError) as refused:
        prepare(present, public_item, by=clerk, kind="acclamation")

    assert refused.value.code == "invalid"
    assert not Ballot.objects.exists()


def test_ballot_needs_a_running_meeting(meeting, public_item, clerk):
    with pytest.raises(LiveError) as refused:
        prepare(meeting, public_item, by=clerk)

    assert refused.value.code == "conflict"
