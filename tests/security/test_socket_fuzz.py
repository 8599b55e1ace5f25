"""Fuzzing the meeting's websocket for every role: random JSON, known requests with wrong types,
unknown types, oversize and deeply nested frames, floods.

Whatever arrives, no exception escapes the consumer, nothing in the database changes, and the
client gets an `error` with a code, or (for an oversize frame or a flood) the socket is closed.
Each example opens a socket of its own on the project's ASGI application, sends a few frames
and reads the answer to each.
"""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.live import protocol
from meetings.live.consumer import CLOSE_ABUSE, CLOSE_TOO_BIG, MAX_MESSAGE_BYTES
from tests.live.sockets import ORIGIN, TIMEOUT, session_cookie
from tests.security.scene import ROLES, fingerprint, set_the_scene, users_by_role

pytestmark = pytest.mark.django_db(transaction=True)

# The codes of docs/websocket-protocol.md.
CODES = {
    "forbidden",
    "invalid",
    "conflict",
    "rate_limited",
    "not_found",
    "ballot_closed",
    "not_eligible",
    "already_voted",
}
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- what a client might send ----------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# Values no field parser accepts where a field is required: not a string, not an integer.
wrong_values = (
    st.none()
    | st.floats()
    | st.lists(scalars, max_size=3)
    | st.dictionaries(st.text(max_size=5), scalars, max_size=3)
    | st.booleans()
)
FIELD_NAMES = sorted({key for request in protocol.REQUESTS.values() for key in request.fields})


def required_fields(type_: str) -> list[str]:
    """The fields of a request that cannot be left out (their parser refuses None)."""
    required = []
    for key, (_name, parser) in protocol.REQUESTS[type_].fields.items():
        try:
            parser(None)
        except (ValueError, TypeError):
            required.append(key)
    return required


WITH_REQUIRED_FIELDS = sorted(t for t in protocol.REQUESTS if required_fields(t))


@st.composite
def wrong_typed(draw):
    """A known request with plausible fields, one required field of the wrong type."""
    type_ = draw(st.sampled_from(WITH_REQUIRED_FIELDS))
    message = {"type": type_}
    for key in protocol.REQUESTS[type_].fields:
        message[key] = draw(st.integers(1, 50) | st.text(max_size=10))
    message[draw(st.sampled_from(required_fields(type_)))] = draw(wrong_values)
    return message


def forbidden_types(role_may_send: set[str]):
    return sorted(set(protocol.REQUESTS) - role_may_send)


def random_objects(types_to_try):
    """An object with a type the role may not send, or an unknown or non-string type."""
    type_ = st.sampled_from(types_to_try) if types_to_try else st.nothing()
    unknown = st.text(max_size=20).filter(lambda t: t not in protocol.REQUESTS and t != "hello")
    return st.builds(
        lambda kind, fields, request_id: {**fields, "type": kind, "request_id": request_id},
        type_ | unknown | wrong_values,
        st.dictionaries(
            st.sampled_from(FIELD_NAMES) | st.text(max_size=8), json_values, max_size=5
        ),
        json_values,
    )


def frames(types_to_try):
    """A few text frames: random JSON of any shape, wrong types, random objects, or not JSON."""
    message = json_values | wrong_typed() | random_objects(types_to_try)
    as_json = message.filter(lambda m: not (isinstance(m, dict) and m.get("type") == "hello"))
    return st.lists(as_json.map(json.dumps) | st.text(max_size=200), min_size=1, max_size=4)


# --- the roles and their socket ----------------------------------------------------------------


@pytest.fixture
def scene(running, clerk, chair, member, others, outsider, secret_item, channel_layer):
    set_the_scene(running=running, clerk=clerk, secret_item=secret_item, others=others)
    return users_by_role(outsider=outsider, member=member, others=others, chair=chair, clerk=clerk)


def may_send(role: str) -> set[str]:
    staff = {t for t, r in protocol.REQUESTS.items() if r.role == protocol.STAFF}
    members = set(protocol.REQUESTS) - staff
    return {
        "anonymous": set(),
        "other_body_member": set(),
        "member": members,
        "conflicted_member": members,
        "chair": staff | members,  # the chair has a seat with a vote
        "secretariat": staff,
    }[role]


def cookie_of(scene, role: str) -> str | None:
    return session_cookie(scene[role]) if scene[role] else None


async def connected(meeting_id: int, cookie: str | None) -> WebsocketCommunicator:
    """A socket on the project's ASGI application, past its snapshot. The application is imported
    here: its origin check reads ALLOWED_HOSTS, which pytest-django sets when the tests start."""
    from config.asgi import application

    headers = [ORIGIN, *([(b"cookie", cookie.encode())] if cookie else [])]
    socket = WebsocketCommunicator(application, f"/ws/meetings/{meeting_id}/", headers=headers)
    accepted, code = await socket.connect(timeout=TIMEOUT)
    assert accepted, code
    assert (await socket.receive_json_from(timeout=TIMEOUT))["type"] == "snapshot"
    return socket


def exchange(meeting_id: int, cookie: str | None, sent: list) -> list[dict]:
    """Open a socket, send each frame and read what comes back; stops at a close."""

    async def talk():
        socket = await connected(meeting_id, cookie)
        outputs = []
        for frame in sent:
            # Straight into the consumer: the communicator's own `send_to` refuses empty frames.
            key = "bytes" if isinstance(frame, bytes) else "text"
            await socket.send_input({"type": "websocket.receive", key: frame})
            # An exception in the consumer is raised here, by the communicator.
            output = await socket.receive_output(timeout=TIMEOUT)
            outputs.append(output)
            if output["type"] == "websocket.close":
                break
        else:
            await socket.disconnect()
        return outputs

    return async_to_sync(talk)()


def assert_refused(frame: str, output: dict) -> None:
    assert output["type"] == "websocket.send", (frame, output)
    answer = json.loads(output["text"])
    assert answer["type"] == "error", (frame, answer)
    assert answer["code"] in CODES and answer["message"], (frame, answer)


@pytest.mark.parametrize("role", ROLES)
def test_random_input_is_refused_and_changes_nothing(scene, running, role):
    cookie = cookie_of(scene, role)
    before = fingerprint(running.pk)

    @FUZZ
    @given(sent=frames(forbidden_types(may_send(role))))
    def fuzz(sent):
        outputs = exchange(running.pk, cookie, sent)
        assert len(outputs) == len(sent)
        for frame, output in zip(sent, outputs, strict=True):
            assert_refused(frame, output)
        assert fingerprint(running.pk) == before

    fuzz()


@pytest.mark.parametrize("role", ROLES)
def test_frames_the_socket_will_not_read_close_it(scene, running, role):
    cookie = cookie_of(scene, role)
    before = fingerprint(running.pk)

    @FUZZ
    @given(
        frame=st.binary(max_size=100)
        | (json_values.map(json.dumps) | st.text(max_size=50)).map(
            lambda start: start + " " * (MAX_MESSAGE_BYTES + 1)
        )
    )
    def fuzz(frame):
        (output,) = exchange(running.pk, cookie, [frame])
        assert (output["type"], output.get("code")) == ("websocket.close", CLOSE_TOO_BIG)
        assert fingerprint(running.pk) == before

    fuzz()


@pytest.mark.parametrize(
    "frame",
    [
        pytest.param("[" * 8000 + "]" * 8000, id="nested-lists"),
        pytest.param('{"a":' * 2500 + "1" + "}" * 2500, id="nested-objects"),
        pytest.param(json.dumps({"type": ["meeting.close"]}), id="list-as-type"),
        pytest.param(json.dumps({"type": {"meeting": "close"}}), id="object-as-type"),
        pytest.param('{"type": "ballot.close", "ballot": 1, "yes": Infinity}', id="infinity"),
        pytest.param('{"type": "ballot.close", "ballot": 1, "no": NaN}', id="nan"),
        pytest.param(
            '{"type": "cast", "ballot": 1, "choice": "yes", "request_id": "\\ud800"}',
            id="lone-surrogate-request-id",
        ),
        pytest.param('{"type": "meeting.interrupt", "reason": "Pause\\u0000"}', id="nul-in-text"),
        pytest.param('{"type": "meeting.interrupt", "reason": "\\udfff"}', id="surrogate-in-text"),
        pytest.param('{"type": "speakers.remove", "request": 1' + "0" * 4400 + "}", id="long-int"),
        pytest.param(json.dumps({"type": "agenda.call", "item": "9" * 40}), id="huge-id"),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_hostile_frames_are_refused_and_change_nothing(scene, running, role, frame):
    cookie = cookie_of(scene, role)
    before = fingerprint(running.pk)

    (output,) = exchange(running.pk, cookie, [frame])

    assert_refused(frame, output)
    assert fingerprint(running.pk) == before


@pytest.mark.parametrize("last_seq", [2**70, -1, 1.5, "3", None, [1], {"a": 1}, True])
def test_hello_with_a_bad_last_seq_gets_a_snapshot_and_changes_nothing(scene, running, last_seq):
    cookie = session_cookie(scene["member"])
    before = fingerprint(running.pk)

    async def talk():
        socket = await connected(running.pk, cookie)
        await socket.send_json_to({"type": "hello", "last_seq": last_seq})
        await socket.send_json_to({"type": "no.such"})
        replies = [await socket.receive_json_from(timeout=TIMEOUT) for _ in range(2)]
        await socket.disconnect()
        return replies

    replies = async_to_sync(talk)()

    # Not a sequence number the socket can resync from: a fresh snapshot, then the next answer.
    assert [reply["type"] for reply in replies] == ["snapshot", "error"]
    assert fingerprint(running.pk) == before


@pytest.mark.parametrize("role", ROLES)
def test_flood_of_junk_closes_the_socket_and_changes_nothing(scene, running, role):
    cookie = cookie_of(scene, role)
    before = fingerprint(running.pk)

    async def flood():
        socket = await connected(running.pk, cookie)
        for number in range(100):
            await socket.send_to(text_data=json.dumps({"type": "no.such", "n": number}))
        while True:
            output = await socket.receive_output(timeout=TIMEOUT)
            if output["type"] == "websocket.close":
                return output["code"]

    assert async_to_sync(flood)() == CLOSE_ABUSE
    assert fingerprint(running.pk) == before


@pytest.mark.parametrize("meeting_id", ["0", "99999999999999999999999"])
def test_socket_of_a_meeting_that_cannot_exist_is_refused(db, meeting_id):
    async def try_to_connect():
        from config.asgi import application

        socket = WebsocketCommunicator(application, f"/ws/meetings/{meeting_id}/", headers=[ORIGIN])
        return await socket.connect(timeout=TIMEOUT)

    assert async_to_sync(try_to_connect)() == (False, 4403)
