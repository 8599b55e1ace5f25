"""Sixty members cast at once while the ballot is closed midway (PostgreSQL, threads with a
connection each): every cast that was answered is counted exactly once, every other one was
refused because the ballot had closed, and the counts match the rows."""

import os
import random
import threading
import time
from collections import Counter

import pytest
from django.db import connection, transaction

from meetings.live import protocol
from tests.voting.ballots import cast, open_ballot, seated_meeting
from voting import services as voting
from voting.errors import VotingError
from voting.models import SecretTally, Vote

POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not POSTGRES, reason="row locks under concurrency need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

VOTERS, LATE, ROUNDS = 60, 15, 3
CHOICES = ("yes", "no", "abstain")
SPREAD_SECONDS = 1.0


def race(meeting, ballot, users, *, closer, seed) -> dict:
    """Each member casts from a thread of their own. The first ones start at random moments
    within SPREAD_SECONDS and the ballot is closed once a third of all have an answer: casts in
    flight race the close. The last LATE members start together right after the close returned.
    Returns {person: (choice, answer or the exception)}."""
    rng = random.Random(seed)  # noqa: S311 - timing, not secrets
    start, closed, done = threading.Event(), threading.Event(), threading.Condition()
    outcomes, closing = {}, []

    def cast_in_thread(number, user, choice, delay, after_close):
        (closed if after_close else start).wait()
        time.sleep(delay)
        message = {
            "type": "cast",
            "ballot": ballot.pk,
            "choice": choice,
            "request_id": f"c{number}",
        }
        try:
            outcome = protocol.handle(user, meeting.pk, message)
        except Exception as error:  # every failure is an outcome to check
            outcome = error
        finally:
            connection.close()
        with done:
            outcomes[user.person.pk] = (choice, outcome)
            done.notify_all()

    def close():
        start.wait()
        with done:
            done.wait_for(lambda: len(outcomes) >= VOTERS // 3, timeout=30)
        try:
            request = {"type": "ballot.close", "ballot": ballot.pk}
            closing.append(protocol.handle(closer, meeting.pk, request))
        except Exception as error:
            closing.append(error)
        finally:
            connection.close()
            closed.set()

    threads = [threading.Thread(target=close)]
    for number, user in enumerate(users):
        late = number >= VOTERS - LATE
        delay = rng.random() * (0.1 if late else SPREAD_SECONDS)
        arguments = (number, user, rng.choice(CHOICES), delay, late)
        threads.append(threading.Thread(target=cast_in_thread, args=arguments))
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join(timeout=60)
    assert [getattr(event, "op", event) for event in closing] == ["closed"]
    assert len(outcomes) == VOTERS
    return outcomes


def sorted_out(outcomes, ballot):
    """The choices of the casts that were recorded, the refused members, and anything else."""
    recorded, refused, unexpected = {}, set(), []
    for person, (choice, outcome) in outcomes.items():
        if outcome == {"ballot": ballot.pk, "recorded": True}:
            recorded[person] = choice
        elif isinstance(outcome, VotingError) and outcome.code == "ballot_closed":
            refused.add(person)
        else:
            unexpected.append((person, choice, outcome))
    return recorded, refused, unexpected


def counts_of(choices) -> tuple[int, int, int]:
    tally = Counter(choices)
    return tally["yes"], tally["no"], tally["abstain"]


@pytest.fixture
def race_meeting(clerk):
    return seated_meeting(VOTERS, by=clerk)


def late_members(users) -> set[int]:
    return {user.person.pk for user in users[VOTERS - LATE :]}


def test_named_vote_counts_every_answered_cast_once(race_meeting, clerk):
    meeting, item, users = race_meeting
    for round_ in range(ROUNDS):
        ballot = open_ballot(meeting, item, by=clerk, kind="named")

        outcomes = race(meeting, ballot, users, closer=clerk, seed=round_)

        recorded, refused, unexpected = sorted_out(outcomes, ballot)
        assert unexpected == [], round_
        assert len(recorded) >= VOTERS // 3, round_
        assert refused >= late_members(users), round_
        ballot.refresh_from_db()
        votes = dict(Vote.objects.filter(ballot=ballot).values_list("person_id", "choice"))
        assert votes == recorded, round_
        assert (ballot.yes, ballot.no, ballot.abstain) == counts_of(recorded.values()), round_
        assert ballot.yes + ballot.no + ballot.abstain == len(votes), round_


def test_secret_ballot_counts_every_answered_cast_once(race_meeting, clerk):
    meeting, item, users = race_meeting
    for round_ in range(ROUNDS):
        ballot = open_ballot(meeting, item, by=clerk, kind="secret")

        outcomes = race(meeting, ballot, users, closer=clerk, seed=100 + round_)

        recorded, refused, unexpected = sorted_out(outcomes, ballot)
        assert unexpected == [], round_
        assert len(recorded) >= VOTERS // 3, round_
        assert refused >= late_members(users), round_
        ballot.refresh_from_db()
        tally = SecretTally.objects.get(ballot=ballot)
        participants = set(ballot.participations.values_list("person_id", flat=True))
        assert participants == set(recorded), round_
        assert (tally.yes, tally.no, tally.abstain) == counts_of(recorded.values()), round_
        assert (ballot.yes, ballot.no, ballot.abstain) == (tally.yes, tally.no, tally.abstain)
        assert ballot.yes + ballot.no + ballot.abstain == len(participants), round_


def test_cast_sent_while_the_close_waits_is_refused(clerk):
    meeting, item, users = seated_meeting(3, by=clerk)
    ballot = open_ballot(meeting, item, by=clerk)
    in_flight, release = threading.Event(), threading.Event()

    def cast_in_flight():
        # A cast holding its shared lock on the ballot, not yet committed.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM voting_ballot WHERE id = %s FOR SHARE", [ballot.pk])
            in_flight.set()
            release.wait(10)
        connection.close()

    def close():
        voting.close_ballot(by=clerk, meeting=meeting, ballot_id=ballot.pk)
        connection.close()

    holder, closer = threading.Thread(target=cast_in_flight), threading.Thread(target=close)
    holder.start()
    in_flight.wait(5)
    closer.start()
    time.sleep(0.3)  # the close is waiting for the cast in flight now
    late = {}

    def cast_late():
        try:
            late["answer"] = cast(meeting, ballot, users[0], "yes")
        except VotingError as error:
            late["answer"] = error.code
        finally:
            connection.close()

    thread = threading.Thread(target=cast_late)
    thread.start()
    thread.join(1)  # refused casts wait for the close, which waits for the cast in flight
    release.set()
    for waiting in (thread, holder, closer):
        waiting.join(15)

    assert late["answer"] == "ballot_closed"
