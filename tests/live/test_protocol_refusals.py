"""`protocol.handle` refuses by role before it looks at anything else, and names the field it
cannot read."""

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings.live import protocol
from meetings.session.errors import LiveError
from tests.factories import make_person, make_secretariat_user
from tests.meetings.factories import make_item, make_meeting

SESSION_TYPES = [t for t in protocol.REQUESTS if not t.startswith("ballot.") and t != "cast"]
STAFF_TYPES = [t for t in SESSION_TYPES if protocol.REQUESTS[t].role == protocol.STAFF]
MEMBER_TYPES = [t for t in SESSION_TYPES if protocol.REQUESTS[t].role == protocol.MEMBER]


def refusal(user, meeting_id, message) -> LiveError:
    with pytest.raises(LiveError) as refused:
        protocol.handle(user, meeting_id, message)
    return refused.value


def answer(user, meeting_id, message) -> LiveError | str:
    try:
        protocol.handle(user, meeting_id, message)
    except LiveError as error:
        return error
    return "carried out"


def codes(user, meeting_id, types, **fields) -> dict[str, str]:
    """The code each request type is refused with (all of them tried, for a readable diff)."""
    return {
        type: getattr(answer(user, meeting_id, {"type": type, **fields}), "code", "carried out")
        for type in types
    }


def test_staff_requests_from_a_member_are_forbidden(meeting, member):
    assert codes(member, meeting.pk, STAFF_TYPES) == dict.fromkeys(STAFF_TYPES, "forbidden")
    assert not meeting.events.exists()


def test_member_requests_from_a_secretariat_user_without_a_person_are_forbidden(
    running, clerk, english
):
    fields = {"kind": "speech", "request": 1, "item": 1}

    assert codes(clerk, running.pk, MEMBER_TYPES, **fields) == dict.fromkeys(
        MEMBER_TYPES, "forbidden"
    )
    error = refusal(clerk, running.pk, {"type": "failure.report"})
    assert str(error) == "You may not do this in this meeting."
    assert running.events.count() == 1


def test_anonymous_requests_are_forbidden(meeting):
    anonymous = AnonymousUser()

    assert codes(anonymous, meeting.pk, SESSION_TYPES) == dict.fromkeys(SESSION_TYPES, "forbidden")


def test_member_of_another_body_is_forbidden(meeting, outsider):
    assert codes(outsider, meeting.pk, SESSION_TYPES) == dict.fromkeys(SESSION_TYPES, "forbidden")


def test_inactive_secretariat_user_is_forbidden(meeting):
    former = make_secretariat_user(is_active=False)

    assert refusal(former, meeting.pk, {"type": "meeting.start"}).code == "forbidden"


@pytest.mark.parametrize("who", ["member", "chair", "outsider"])
def test_draft_meeting_is_not_found_for_anyone_but_the_secretariat(draft, who, request, english):
    user = request.getfixturevalue(who)

    error = refusal(user, draft.pk, {"type": "meeting.start"})

    assert (error.code, str(error)) == ("not_found", "There is no such meeting.")


def test_draft_meeting_is_not_found_for_the_public(draft):
    assert refusal(AnonymousUser(), draft.pk, {"type": "meeting.start"}).code == "not_found"


def test_secretariat_reaches_a_draft_meeting_but_cannot_start_it(draft, clerk):
    assert refusal(clerk, draft.pk, {"type": "meeting.start"}).code == "conflict"


def test_unknown_meeting_is_not_found(clerk):
    assert refusal(clerk, 987654, {"type": "meeting.start"}).code == "not_found"


@pytest.mark.parametrize(
    "message", [{"type": "meeting.explode"}, {}, {"type": None}, [], "x", None]
)
def test_unknown_type_is_invalid(meeting, clerk, message, english):
    error = refusal(clerk, meeting.pk, message)

    assert (error.code, str(error)) == ("invalid", "Unknown request.")


BAD_FIELDS = [
    ({"type": "agenda.call"}, "item"),
    ({"type": "agenda.call", "item": "drei"}, "item"),
    ({"type": "agenda.call", "item": 0}, "item"),
    ({"type": "agenda.call", "item": -4}, "item"),
    ({"type": "agenda.call", "item": True}, "item"),
    ({"type": "agenda.call", "item": 1.0}, "item"),
    ({"type": "agenda.call", "item": 2**31}, "item"),
    ({"type": "agenda.call", "item": [1]}, "item"),
    ({"type": "attendance.mark", "person": 987654, "state": "hall"}, "person"),
    ({"type": "attendance.mark", "person": None, "state": "hall"}, "person"),
    ({"type": "attendance.mark", "state": "present"}, "person"),
    ({"type": "agenda.status", "item": 1, "status": "postponed"}, "status"),
    ({"type": "speakers.add", "person": 987654, "kind": "speech"}, "person"),
    ({"type": "speakers.move", "request": 1, "direction": "left"}, "direction"),
    ({"type": "speakers.start"}, "request"),
    ({"type": "meeting.interrupt"}, "reason"),
    ({"type": "meeting.interrupt", "reason": 42}, "reason"),
    ({"type": "meeting.interrupt", "reason": "x" * 501}, "reason"),
    ({"type": "failure.decide", "failure": 1, "fault": "undecided", "decision": ""}, "fault"),
    ({"type": "failure.decide", "failure": 1, "fault": "member"}, "decision"),
]


def test_missing_or_bad_fields_are_invalid_and_named(running, clerk, english):
    messages = {
        repr(message): str(answer(clerk, running.pk, message)) for message, _field in BAD_FIELDS
    }

    assert messages == {
        repr(message): f"The field “{field}” is missing or not valid."
        for message, field in BAD_FIELDS
    }
    assert running.events.count() == 1


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ({"type": "speakers.request", "kind": "rant"}, "kind"),
        ({"type": "speakers.withdraw"}, "request"),
    ],
)
def test_bad_field_of_a_member_request_is_invalid_and_named(
    running, member, message, field, english
):
    error = refusal(member, running.pk, message)

    assert (error.code, str(error)) == ("invalid", f"The field “{field}” is missing or not valid.")


def test_field_message_is_german_by_default(running, clerk):
    error = refusal(clerk, running.pk, {"type": "agenda.call"})

    assert str(error) == "Das Feld „item“ fehlt oder ist ungültig."


def test_role_is_checked_before_the_fields(meeting, member):
    assert refusal(member, meeting.pk, {"type": "agenda.call", "item": "drei"}).code == "forbidden"


def test_item_of_another_meeting_is_not_found(running, clerk, body, english):
    other = make_item(by=clerk, meeting=make_meeting(by=clerk, body=body), title="Anderswo")

    error = refusal(clerk, running.pk, {"type": "agenda.call", "item": other.pk})

    assert (error.code, str(error)) == ("not_found", "There is no such item in this meeting.")


def test_member_request_from_secretariat_with_a_person_outside_the_body_is_forbidden(running):
    clerk = make_secretariat_user()
    make_person(given_name="Sabine", family_name="Amt", user=clerk)

    error = refusal(clerk, running.pk, {"type": "remote.joined"})

    assert error.code == "forbidden"


def test_started_meeting_cannot_start_again(running, clerk, english):
    error = refusal(clerk, running.pk, {"type": "meeting.start"})

    assert (error.code, str(error)) == ("conflict", "Only an invited meeting can be started.")
