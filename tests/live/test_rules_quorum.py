"""Quorum (Beschlussfähigkeit) for every rule and every legal member count from 1 to 60."""

from fractions import Fraction

import pytest

from council.models import QuorumRule
from meetings.session.rules import quorum, required_for_quorum

COUNTS = range(1, 61)
# What each rule asks of the present members, as the law says it, in exact fractions.
MEETS = {
    QuorumRule.MORE_THAN_HALF_OF_LEGAL: lambda present, legal: present > Fraction(legal, 2),
    QuorumRule.AT_LEAST_HALF_OF_LEGAL: lambda present, legal: present >= Fraction(legal, 2),
    QuorumRule.AT_LEAST_ONE_THIRD_OF_LEGAL: lambda present, legal: present >= Fraction(legal, 3),
}


@pytest.mark.parametrize("rule", QuorumRule.values)
def test_required_is_the_smallest_count_that_meets_the_rule(rule):
    meets = MEETS[rule]
    for legal in COUNTS:
        required = required_for_quorum(rule, legal)

        assert meets(required, legal), (rule, legal)
        assert not meets(required - 1, legal), (rule, legal)


@pytest.mark.parametrize("rule", QuorumRule.values)
def test_more_members_present_never_lose_quorum(rule):
    for legal in COUNTS:
        results = [
            quorum(rule=rule, legal_member_count=legal, present_voting_members=present).has_quorum
            for present in range(legal + 1)
        ]

        assert results == sorted(results), (rule, legal)
        assert results[-1], (rule, legal)


@pytest.mark.parametrize(
    ("rule", "legal", "required"),
    [
        (QuorumRule.MORE_THAN_HALF_OF_LEGAL, 31, 16),
        (QuorumRule.MORE_THAN_HALF_OF_LEGAL, 30, 16),
        (QuorumRule.AT_LEAST_HALF_OF_LEGAL, 30, 15),
        (QuorumRule.AT_LEAST_HALF_OF_LEGAL, 31, 16),
        (QuorumRule.AT_LEAST_ONE_THIRD_OF_LEGAL, 31, 11),
        (QuorumRule.AT_LEAST_ONE_THIRD_OF_LEGAL, 30, 10),
    ],
)
def test_known_councils_need_the_known_numbers(rule, legal, required):
    assert required_for_quorum(rule, legal) == required


def test_quorum_reports_present_and_required():
    result = quorum(
        rule=QuorumRule.MORE_THAN_HALF_OF_LEGAL, legal_member_count=31, present_voting_members=15
    )

    assert (result.present, result.required, result.has_quorum) == (15, 16, False)


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown quorum rule"):
        required_for_quorum("two_thirds", 31)
