"""Quorum is recomputed with every change of attendance, and announced when lost or regained."""

from council.models import Membership
from meetings.session.services.attendance import join_remotely, lose_connection, mark_attendance
from tests.live.conftest import seat

LOST = {
    "de": "Beschlussfähigkeit verloren: Es sind zu wenige stimmberechtigte Mitglieder anwesend.",
    "en": "Quorum lost: too few members with a vote are present.",
}
REGAINED = {"de": "Die Sitzung ist beschlussfähig.", "en": "The meeting has a quorum."}


def hall(clerk, meeting, *users):
    return [
        mark_attendance(by=clerk, meeting=meeting, person=user.person, state_name="hall")
        for user in users
    ]


def test_reaching_quorum_is_announced(clerk, running, chair, others):
    *_, third = hall(clerk, running, chair, others[0], others[1])

    assert third.views["public"]["announce"]["en"] == REGAINED["en"]
    assert third.views["public"]["state"]["quorum"] == {
        "present": 3,
        "required": 3,
        "legal": 5,
        "has_quorum": True,
        "remote": 0,
        "law": "Nordrhein-Westfalen",
    }


def test_arrivals_short_of_quorum_say_nothing(clerk, running, chair, others):
    first, second = hall(clerk, running, chair, others[0])

    assert "announce" not in first.views["public"]
    assert "announce" not in second.views["public"]


def test_losing_quorum_is_announced_in_every_language(clerk, running, chair, others):
    hall(clerk, running, chair, others[0], others[1])

    event = mark_attendance(by=clerk, meeting=running, person=others[1].person, state_name="absent")

    assert event.views["public"]["announce"] == LOST
    assert event.views["members"]["announce"] == LOST
    assert event.views["public"]["state"]["quorum"]["has_quorum"] is False


def test_dropped_connection_loses_quorum_and_rejoining_regains_it(
    clerk, running, chair, member, others
):
    hall(clerk, running, chair, others[0])
    join_remotely(by=member, meeting=running, person=member.person)

    lost = lose_connection(by=member, meeting=running, person=member.person)
    regained = join_remotely(by=member, meeting=running, person=member.person)

    assert lost.views["public"]["announce"] == LOST
    assert regained.views["public"]["announce"] == REGAINED


def test_quorum_is_not_announced_before_the_start(clerk, meeting, chair, others):
    *_, third = hall(clerk, meeting, chair, others[0], others[1])

    assert third.views["public"]["state"]["quorum"]["has_quorum"] is True
    assert "announce" not in third.views["public"]


def test_advisory_members_do_not_count_for_quorum(clerk, body, running, chair, others):
    advisory = seat(body, "Ada", "Beirat", role=Membership.Role.ADVISORY)
    hall(clerk, running, chair, others[0])

    event = hall(clerk, running, advisory)[0]

    assert event.views["public"]["state"]["quorum"]["present"] == 2
    assert event.views["public"]["state"]["quorum"]["has_quorum"] is False


def test_a_chair_with_a_vote_counts_for_quorum(clerk, running, chair, others):
    *_, third = hall(clerk, running, others[0], others[1], chair)

    assert third.views["public"]["state"]["quorum"]["present"] == 3
