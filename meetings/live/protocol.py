"""The requests a client may send about a live meeting, checked and handed to one service each.

The websocket consumer and the plain HTTP form of the live page both call `handle`, so that an
action behaves the same with and without JavaScript; the consumer hands casts arriving together
to `handle_casts`, which checks each the same way. Every refusal is a `LiveError` with a code.
This module sits on top of the apps (DESIGN.md): it hands ballot requests to `voting`.
"""

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from council.models import MajorityRule, Person
from council.rules import Action
from meetings.models import MARKABLE_STATES, Meeting
from meetings.permissions import can_for_meeting_each, may_see_meeting
from meetings.session.errors import LiveError
from meetings.session.services import agenda, attendance, conflicts, failures, session, speakers
from voting import services as voting
from voting.casting import Cast, cast_votes
from voting.errors import CastRefused

STAFF, MEMBER = "staff", "member"
MAX_TEXT = 500
MAX_SEQ = 2**63 - 1


@dataclass(frozen=True)
class Request:
    """One kind of request: who may send it, the service that carries it out, and its fields
    as {field in the message: (argument of the service, parser)}."""

    role: str
    service: Callable
    fields: dict = field(default_factory=dict)


def integer(value):
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError
    number = int(value)
    if not 0 < number < 2**31:
        raise ValueError
    return number


def storable(value: str) -> bool:
    """Text every database stores: PostgreSQL refuses NUL, and no database a lone surrogate
    (which JSON's `\\ud800` escapes can make)."""
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def text(limit: int = MAX_TEXT):
    """A text of at most `limit` characters: it must fit where it is stored, on every database."""

    def parse(value):
        if not isinstance(value, str) or len(value) > limit or not storable(value):
            raise ValueError
        return value.strip()

    return parse


def choice(*options):
    def parse(value):
        if value not in options:
            raise ValueError
        return value

    return parse


def direction(value) -> bool:
    """`up` or `down`, as the service's `up` flag."""
    return choice("up", "down")(value) == "up"


def optional(parser, default):
    """A field that may be missing or empty, then `default`."""

    def parse(value):
        return default if value in (None, "") else parser(value)

    return parse


def flag(value) -> bool:
    """A checkbox: `on`/`1`/true is set."""
    return choice("on", "1", "true", True, 1)(value) is not None


def count(value):
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError
    number = int(value)
    if not 0 <= number < 1000:
        raise ValueError
    return number


def is_request_id(value) -> bool:
    """A string or number of 1 to 64 characters (not a boolean, which JSON numbers exclude)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return 0 < len(str(value)) <= 64
    return isinstance(value, str) and 0 < len(value) <= 64 and storable(value)


def request_id(value):
    if not is_request_id(value):
        raise ValueError
    return str(value)


def person(value):
    found = Person.objects.filter(pk=integer(value)).first()
    if found is None:
        raise ValueError
    return found


REQUESTS: dict[str, Request] = {
    # Staff: the chair, the deputy chairs and the secretariat.
    "meeting.start": Request(STAFF, session.start_meeting),
    "meeting.close": Request(STAFF, session.close_meeting),
    "meeting.interrupt": Request(STAFF, session.interrupt, {"reason": ("reason", text())}),
    "meeting.resume": Request(STAFF, session.resume),
    "attendance.mark": Request(
        STAFF,
        attendance.mark_attendance,
        {
            "person": ("person", person),
            "state": ("state_name", choice(*MARKABLE_STATES)),
        },
    ),
    "attendance.all_present": Request(STAFF, attendance.mark_all_present),
    "agenda.call": Request(STAFF, agenda.call_item, {"item": ("item_id", integer)}),
    "agenda.status": Request(
        STAFF,
        agenda.set_item_status,
        {
            "item": ("item_id", integer),
            "status": ("status", choice("open", "in_discussion", "done", "deferred", "withdrawn")),
        },
    ),
    "speakers.add": Request(
        STAFF,
        speakers.request_to_speak,
        {"person": ("person", person), "kind": ("kind", choice("speech", "point_of_order"))},
    ),
    "speakers.remove": Request(
        STAFF, speakers.withdraw_request, {"request": ("request_id", integer)}
    ),
    "speakers.move": Request(
        STAFF,
        speakers.move_request,
        {"request": ("request_id", integer), "direction": ("up", direction)},
    ),
    "speakers.start": Request(STAFF, speakers.start_speaker, {"request": ("request_id", integer)}),
    "speakers.stop": Request(STAFF, speakers.stop_speaker, {"request": ("request_id", integer)}),
    "conflict.record": Request(
        STAFF,
        conflicts.declare_conflict,
        {"item": ("item_id", integer), "person": ("person", person)},
    ),
    "conflict.withdraw": Request(
        STAFF,
        conflicts.withdraw_conflict,
        {"item": ("item_id", integer), "person": ("person", person)},
    ),
    "failure.record": Request(STAFF, failures.report_failure, {"person": ("person", person)}),
    "failure.decide": Request(
        STAFF,
        failures.decide_failure,
        {
            "failure": ("failure_id", integer),
            "fault": ("fault", choice("member", "municipality")),
            "decision": ("decision", text()),
        },
    ),
    # Ballots (voting): the chair and the secretariat run them.
    "ballot.prepare": Request(
        STAFF,
        voting.prepare_ballot,
        {
            "item": ("item_id", integer),
            "question": ("question", optional(text(), "")),
            "kind": ("kind", choice("named", "show_of_hands", "secret")),
            "majority": ("majority_rule", optional(choice(*MajorityRule.values), "")),
            "election": ("is_election", optional(flag, False)),
        },
    ),
    "ballot.open": Request(STAFF, voting.open_ballot, {"ballot": ("ballot_id", integer)}),
    "ballot.close": Request(
        STAFF,
        voting.close_ballot,
        {
            "ballot": ("ballot_id", integer),
            "yes": ("yes", optional(count, None)),
            "no": ("no", optional(count, None)),
            "abstain": ("abstain", optional(count, None)),
        },
    ),
    "ballot.annul": Request(
        STAFF, voting.annul_ballot, {"ballot": ("ballot_id", integer), "reason": ("reason", text())}
    ),
    "ballot.record": Request(
        STAFF,
        voting.record_for_member,
        {
            "ballot": ("ballot_id", integer),
            "person": ("person", person),
            "choice": ("choice", choice("yes", "no", "abstain")),
            "request_id": ("request_id", request_id),
        },
    ),
    # Members of the body, about themselves.
    "cast": Request(
        MEMBER,
        voting.cast_vote,
        {
            "ballot": ("ballot_id", integer),
            "choice": ("choice", choice("yes", "no", "abstain")),
            "request_id": ("request_id", request_id),
        },
    ),
    "speakers.request": Request(
        MEMBER, speakers.request_to_speak, {"kind": ("kind", choice("speech", "point_of_order"))}
    ),
    "speakers.withdraw": Request(
        MEMBER, speakers.withdraw_request, {"request": ("request_id", integer)}
    ),
    "conflict.declare": Request(MEMBER, conflicts.declare_conflict, {"item": ("item_id", integer)}),
    "failure.report": Request(MEMBER, failures.report_failure),
    "remote.joined": Request(MEMBER, attendance.join_remotely),
    "remote.left": Request(MEMBER, attendance.lose_connection),
}


def refuse_constant(name):
    raise ValueError(f"{name} is not a number JSON knows")


def decode(text: str):
    """The message a client sent, or None if it is not JSON (NaN and Infinity are not); nesting
    too deep for the parser is not JSON either."""
    try:
        return json.loads(text, parse_constant=refuse_constant)
    except (ValueError, RecursionError):
        return None


def is_seq(value) -> bool:
    """A sequence number a client may ask to resync from."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SEQ


def may_send(user, meeting: Meeting, role: str) -> bool:
    return may_send_each([user], meeting, role)[0]


def may_send_each(users: list, meeting: Meeting, role: str) -> list[bool]:
    """Staff requests need the right to run the session; member requests a seat in the body."""
    action = Action.RUN_SESSION if role == STAFF else Action.REQUEST_TO_SPEAK
    return can_for_meeting_each(users, action, meeting)


def parse(request: Request, message: dict) -> dict:
    arguments = {}
    for key, (name, parser) in request.fields.items():
        try:
            arguments[name] = parser(message.get(key))
        except (ValueError, TypeError):
            raise LiveError(
                "invalid", _("The field “%(field)s” is missing or not valid.") % {"field": key}
            ) from None
    return arguments


def admitted(user, meeting: Meeting | None, message, *, sender=None) -> tuple[Request, dict]:
    """The request and its service's arguments, once the user may send it in this meeting.
    `sender` is `may_send`'s answer if it was asked already."""
    kind = message.get("type") if isinstance(message, dict) else None
    request = REQUESTS.get(kind) if isinstance(kind, str) else None
    if request is None:
        raise LiveError("invalid", _("Unknown request."))
    if meeting is None or not may_see_meeting(user, meeting):
        raise LiveError("not_found", _("There is no such meeting."))
    if not (may_send(user, meeting, request.role) if sender is None else sender):
        raise LiveError("forbidden", _("You may not do this in this meeting."))
    arguments = parse(request, message)
    if request.role == MEMBER:
        # A seat in the body (checked above) belongs to a person: the member acts for themselves.
        arguments["person"] = user.person
    return request, arguments


def meeting_of(meeting_id: int) -> Meeting | None:
    return Meeting.objects.select_related("body").filter(pk=meeting_id).first()


def handle(user, meeting_id: int, message: dict):
    """Check and carry out one request; returns the recorded event (or None if nothing changed)."""
    meeting = meeting_of(meeting_id)
    request, arguments = admitted(user, meeting, message)
    return request.service(by=user, meeting=meeting, **arguments)


@dataclass(frozen=True)
class Submission:
    """A `cast` as one socket sent it: by whom, in which meeting, and their language."""

    user: object
    meeting_id: int
    message: dict
    language: str


def handle_casts(submissions: list[Submission]) -> list[dict | LiveError]:
    """Casts of many sockets, each checked as `handle` checks it and all recorded together
    (`voting.casting.cast_votes`); each answer, or refusal in its sender's language."""
    answers: list[dict | LiveError | None] = [None] * len(submissions)
    in_meeting: dict[int, list[int]] = defaultdict(list)
    for index, submission in enumerate(submissions):
        in_meeting[submission.meeting_id].append(index)
    for meeting_id, indexes in in_meeting.items():
        meeting = meeting_of(meeting_id)
        users = [submissions[index].user for index in indexes]
        senders = [None] * len(users)
        if meeting is not None:
            senders = may_send_each(users, meeting, MEMBER)
        casts = []
        for index, sender in zip(indexes, senders, strict=True):
            submission = submissions[index]
            with translation.override(submission.language):
                try:
                    if submission.message.get("type") != "cast":
                        raise LiveError("invalid", _("Unknown request."))
                    _request, arguments = admitted(
                        submission.user, meeting, submission.message, sender=sender
                    )
                except LiveError as error:
                    answers[index] = error
                    continue
            fields = ("person", "ballot_id", "choice", "request_id")
            casts.append((index, Cast(*(arguments[name] for name in fields))))
        recorded = cast_votes(meeting_id, [cast for _index, cast in casts]) if casts else []
        for (index, _cast), answer in zip(casts, recorded, strict=True):
            if isinstance(answer, CastRefused):
                with translation.override(submissions[index].language):
                    answer = answer.error()
            answers[index] = answer
    return answers
