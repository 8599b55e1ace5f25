"""`protocol.handle`: every request type carried out for the role it is meant for."""

import pytest

from meetings.live import protocol
from meetings.session.services.agenda import call_item
from meetings.session.services.attendance import join_remotely
from meetings.session.services.conflicts import declare_conflict
from meetings.session.services.failures import report_failure
from meetings.session.services.session import interrupt, start_meeting
from meetings.session.services.speakers import request_to_speak, start_speaker


class Scene:
    """The meeting and its people, and the preconditions a request may need."""

    def __init__(self, **fixtures):
        self.__dict__.update(fixtures)

    def run(self):
        start_meeting(by=self.clerk, meeting=self.meeting)

    def interrupted(self):
        self.run()
        interrupt(by=self.chair, meeting=self.meeting, reason="Pause")

    def discussed(self):
        self.run()
        call_item(by=self.clerk, meeting=self.meeting, item_id=self.public_item.pk)

    def request_of(self, user):
        event = request_to_speak(by=user, meeting=self.meeting, person=user.person, kind="speech")
        return event.data["request"]

    def requested(self):
        self.discussed()
        return self.request_of(self.member)

    def speaking(self):
        request = self.requested()
        start_speaker(by=self.clerk, meeting=self.meeting, request_id=request)
        return request

    def second_in_line(self):
        self.requested()
        return self.request_of(self.others[0])

    def conflicted(self):
        declare_conflict(
            by=self.clerk,
            meeting=self.meeting,
            item_id=self.public_item.pk,
            person=self.member.person,
        )

    def failed(self):
        self.joined()
        return report_failure(by=self.member, meeting=self.meeting, person=self.member.person)

    def joined(self):
        self.run()
        join_remotely(by=self.member, meeting=self.meeting, person=self.member.person)


@pytest.fixture
def scene(clerk, chair, member, others, meeting, public_item, secret_item):
    return Scene(
        clerk=clerk,
        chair=chair,
        member=member,
        others=others,
        meeting=meeting,
        public_item=public_item,
        secret_item=secret_item,
    )


# type: (who sends it, the fields after setting the scene up, the event it records)
CASES = {
    "meeting.start": ("clerk", lambda s: {}, "meeting.started"),
    "meeting.close": ("chair", lambda s: s.run() or {}, "meeting.closed"),
    "meeting.interrupt": ("clerk", lambda s: s.run() or {"reason": "Pause"}, "meeting.interrupted"),
    "meeting.resume": ("chair", lambda s: s.interrupted() or {}, "meeting.resumed"),
    "attendance.mark": (
        "clerk",
        lambda s: {"person": s.member.person.pk, "state": "hall"},
        "attendance.marked",
    ),
    "attendance.all_present": ("clerk", lambda s: {}, "attendance.all_present"),
    "agenda.call": ("chair", lambda s: s.run() or {"item": s.public_item.pk}, "agenda.called"),
    "agenda.status": (
        "clerk",
        lambda s: {"item": s.public_item.pk, "status": "deferred"},
        "agenda.status",
    ),
    "speakers.add": (
        "clerk",
        lambda s: s.discussed() or {"person": s.member.person.pk, "kind": "point_of_order"},
        "speakers.requested",
    ),
    "speakers.remove": ("clerk", lambda s: {"request": s.requested()}, "speakers.withdrawn"),
    "speakers.start": ("chair", lambda s: {"request": s.requested()}, "speakers.started"),
    "speakers.stop": ("chair", lambda s: {"request": s.speaking()}, "speakers.stopped"),
    "speakers.move": (
        "clerk",
        lambda s: {"request": s.second_in_line(), "direction": "up"},
        "speakers.moved",
    ),
    "conflict.record": (
        "clerk",
        lambda s: {"item": s.secret_item.pk, "person": s.member.person.pk},
        "conflict.declared",
    ),
    "conflict.withdraw": (
        "clerk",
        lambda s: s.conflicted() or {"item": s.public_item.pk, "person": s.member.person.pk},
        "conflict.withdrawn",
    ),
    "failure.record": (
        "clerk",
        lambda s: s.joined() or {"person": s.member.person.pk},
        "failure.reported",
    ),
    "failure.decide": (
        "chair",
        lambda s: {"failure": s.failed().data["failure"], "fault": "member", "decision": "Keine"},
        "failure.decided",
    ),
    "speakers.request": (
        "member",
        lambda s: s.discussed() or {"kind": "speech"},
        "speakers.requested",
    ),
    "speakers.withdraw": ("member", lambda s: {"request": s.requested()}, "speakers.withdrawn"),
    "conflict.declare": ("member", lambda s: {"item": s.secret_item.pk}, "conflict.declared"),
    "failure.report": ("member", lambda s: s.joined() or {}, "failure.reported"),
    "remote.joined": ("member", lambda s: s.run() or {}, "attendance.joined"),
    "remote.left": ("member", lambda s: s.joined() or {}, "attendance.disconnected"),
}


def test_every_session_request_type_is_covered_here():
    """Ballots (`ballot.*`, `cast`) belong to voting and are tested there."""
    session_types = {t for t in protocol.REQUESTS if not t.startswith("ballot.") and t != "cast"}

    assert set(CASES) == session_types


@pytest.mark.parametrize("type", CASES)
def test_request_is_carried_out_for_its_role(scene, type):
    sender, fields, recorded = CASES[type]
    message = {"type": type, **fields(scene)}
    events = scene.meeting.events.count()

    event = protocol.handle(getattr(scene, sender), scene.meeting.pk, message)

    assert f"{event.type}.{event.op}" == recorded
    assert (event.seq, event.actor) == (events + 1, getattr(scene, sender))


def test_members_act_for_themselves(scene):
    protocol.handle(
        scene.member, scene.meeting.pk, {"type": "conflict.declare", "item": scene.secret_item.pk}
    )

    assert list(scene.secret_item.conflicts.values_list("person", flat=True)) == [
        scene.member.person.pk
    ]


def test_a_chair_is_also_a_member_and_may_ask_to_speak(scene):
    scene.discussed()

    event = protocol.handle(
        scene.chair, scene.meeting.pk, {"type": "speakers.request", "kind": "speech"}
    )

    assert event.data["person"] == scene.chair.person.pk


def test_form_values_arrive_as_strings_and_are_parsed(scene):
    scene.run()

    event = protocol.handle(
        scene.clerk, scene.meeting.pk, {"type": "agenda.call", "item": str(scene.public_item.pk)}
    )

    assert event.data["item"] == scene.public_item.pk


def test_text_fields_are_stripped(scene):
    scene.run()

    protocol.handle(
        scene.clerk, scene.meeting.pk, {"type": "meeting.interrupt", "reason": "  Pause  "}
    )

    assert scene.meeting.interruptions.get().reason == "Pause"


def test_leaving_while_not_remote_records_nothing(scene):
    scene.run()

    result = protocol.handle(scene.member, scene.meeting.pk, {"type": "remote.left"})

    assert result is None
    assert scene.meeting.events.count() == 1
