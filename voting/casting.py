"""Casting votes, the hot path of a ballot: many members' casts recorded in one transaction.

A thousand members who vote at once would otherwise queue up for a thousand transactions, one
after the other on the worker's database thread. `cast_votes` decides a whole batch with a few
queries and writes it in one transaction (group commit); each cast still gets its own answer,
exactly as if it had come alone: recorded, the same answer again for a repeated `request_id`,
or a refusal (`CastRefused`).

The batch takes a shared lock on each of its ballots (`ballot_lock`), so casts run side by side
while a close waits for them; a cast that commits is counted, one that finds the ballot closed
is refused. Casts record no event: whoever received them reports the progress (`voting.progress`,
coalesced).
"""

import hashlib
import hmac
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from council.models import Person
from meetings.models import ConflictOfInterest
from voting.errors import CastRefused
from voting.models import Ballot, Choice, Eligibility, SecretParticipation, SecretTally, Vote

# Namespace of the advisory locks that order casts and the close of a ballot (PostgreSQL).
BALLOT_LOCKS = 7401


class ClosedMeanwhile(Exception):
    """The ballot closed between the reads of a batch and its writes (SQLite only)."""


@dataclass(frozen=True)
class Cast:
    """One member's vote as requested: by their own device, or entered by staff."""

    person: Person
    ballot_id: int
    choice: str
    request_id: str
    entered_by: object = None


def ballot_lock(ballot_id: int, *, exclusive: bool) -> None:
    """Casts share the ballot's advisory lock; the close takes it alone. Unlike row locks,
    PostgreSQL queues a new shared request behind a waiting exclusive one: once the chair
    closes, later casts wait for the close and find the ballot closed. A cast that got in
    before is counted. (SQLite writes one transaction at a time anyway.)"""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [BALLOT_LOCKS, ballot_id])


def sealed(request_id: str) -> str:
    """A secret participation keeps only a keyed hash of the client's request id: enough to
    recognise a repeated request, nothing a client could have put in it (a time, a choice)."""
    return hmac.new(settings.SECRET_KEY.encode(), request_id.encode(), hashlib.sha256).hexdigest()


def cast_votes(meeting_id: int, casts: list[Cast]) -> list[dict | CastRefused]:
    """Record each cast exactly once, in one transaction; the answers in the order of `casts`."""
    try:
        with transaction.atomic():
            return record_casts(meeting_id, casts)
    except IntegrityError:
        # A member's other device voted through another worker meanwhile. One at a time now:
        # the cast that lost the race finds the winner's row and is answered by it.
        if len(casts) > 1:
            return [answer for cast in casts for answer in cast_votes(meeting_id, [cast])]
        with transaction.atomic():
            return record_casts(meeting_id, casts)


def record_casts(meeting_id: int, casts: list[Cast]) -> list[dict | CastRefused]:
    answers: list[dict | CastRefused | None] = [None] * len(casts)
    on_ballot: dict[int, list[int]] = defaultdict(list)
    for index, cast in enumerate(casts):
        if cast.choice in Choice.values:
            on_ballot[cast.ballot_id].append(index)
        else:
            answers[index] = CastRefused("bad_choice")
    for ballot_id in sorted(on_ballot):
        # Read under the shared lock that a close waits for.
        ballot_lock(ballot_id, exclusive=False)
    ballots = Ballot.objects.filter(meeting_id=meeting_id).in_bulk(list(on_ballot))
    for ballot_id, indexes in on_ballot.items():
        batch = [casts[index] for index in indexes]
        ballot = ballots.get(ballot_id)
        decided = record_on(ballot, batch) if ballot else [CastRefused("not_found")] * len(batch)
        for index, answer in zip(indexes, decided, strict=True):
            answers[index] = answer
    return answers


def record_on(ballot: Ballot, casts: list[Cast]) -> list[dict | CastRefused]:
    """Decide and write the casts of one ballot: three reads, then the rows of those recorded."""
    secret = ballot.kind == Ballot.Kind.SECRET
    persons = {cast.person.pk for cast in casts}
    rows = SecretParticipation.objects if secret else Vote.objects
    earlier = dict(
        rows.filter(ballot=ballot, person_id__in=persons).values_list("person_id", "request_id")
    )
    eligible = set(
        Eligibility.objects.filter(ballot=ballot, person_id__in=persons).values_list(
            "person_id", flat=True
        )
    )
    conflicted = set(
        ConflictOfInterest.objects.filter(item_id=ballot.item_id, person_id__in=persons)
        .values_list("person_id", flat=True)
        .distinct()
    )
    answers, recorded = [], []
    for cast in casts:
        kept = sealed(cast.request_id) if secret else cast.request_id
        answer = decide(ballot, cast, earlier.get(cast.person.pk), kept, eligible, conflicted)
        if answer is None:
            earlier[cast.person.pk] = kept
            recorded.append(cast)
            answer = recorded_answer(ballot.pk)
        answers.append(answer)
    if not recorded:
        return answers
    try:
        with transaction.atomic():
            write(ballot, recorded)
            # SQLite takes its write lock only now: a close that committed meanwhile shows
            # here. (PostgreSQL's close waits for the shared lock taken before the reads.)
            if connection.vendor == "sqlite" and not is_open(ballot.pk):
                raise ClosedMeanwhile
    except ClosedMeanwhile:
        new = recorded_answer(ballot.pk)
        return [CastRefused("ballot_closed") if answer == new else answer for answer in answers]
    return answers


def recorded_answer(ballot_id: int) -> dict:
    return {"ballot": ballot_id, "recorded": True}


def decide(ballot, cast: Cast, earlier_request, kept_request, eligible, conflicted):
    """The answer to one cast, given what the database holds; None if it is to be recorded."""
    if earlier_request is not None:
        if earlier_request == kept_request:
            return recorded_answer(ballot.pk) | {"repeated": True}
        return CastRefused("already_voted", cast.person)
    if ballot.state != Ballot.State.OPEN:
        return CastRefused("ballot_closed")
    if cast.person.pk not in eligible:
        return CastRefused("not_eligible", cast.person)
    if cast.person.pk in conflicted:
        # Declared after the ballot opened: the snapshot still lists them, the item does not.
        return CastRefused("conflicted", cast.person)
    if ballot.kind == Ballot.Kind.SECRET and cast.entered_by is not None:
        return CastRefused("secret_for_other")
    if ballot.kind == Ballot.Kind.SHOW_OF_HANDS:
        return CastRefused("show_of_hands")
    return None


def write(ballot: Ballot, casts: list[Cast]) -> None:
    if ballot.kind == Ballot.Kind.SECRET:
        SecretParticipation.objects.bulk_create(
            SecretParticipation(
                id=uuid.uuid4(),
                ballot=ballot,
                person=cast.person,
                request_id=sealed(cast.request_id),
            )
            for cast in casts
        )
        counts = Counter(cast.choice for cast in casts)
        SecretTally.objects.filter(ballot=ballot).update(
            **{choice: F(choice) + count for choice, count in counts.items()}
        )
        return
    now = timezone.now()
    Vote.objects.bulk_create(
        Vote(
            ballot=ballot,
            person=cast.person,
            choice=cast.choice,
            request_id=cast.request_id,
            cast=now,
            entered_by=cast.entered_by,
        )
        for cast in casts
    )


def is_open(ballot_id: int) -> bool:
    return Ballot.objects.filter(pk=ballot_id).values_list("state", flat=True).get() == "open"
