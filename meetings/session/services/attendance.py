"""Roll call, remote participation and lost connections, with arrival and departure times."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.models import Person
from meetings.models import (
    MARKABLE_STATES,
    PRESENT_STATES,
    Attendance,
    Meeting,
    PresencePeriod,
)
from meetings.session import state
from meetings.session.announce import announce
from meetings.session.errors import LiveError
from meetings.session.rules import (
    STATE_LAWS,
    may_chair_from,
    may_join_remotely,
    remote_cap,
)
from meetings.session.services.common import (
    ensure_running,
    locked,
    record,
    seat_of,
)


def open_presence(meeting, person, *, remote: bool) -> None:
    PresencePeriod.objects.create(
        meeting=meeting, person=person, remote=remote, arrived=timezone.now()
    )


def close_presence(meeting, person) -> None:
    PresencePeriod.objects.filter(meeting=meeting, person=person, left__isnull=True).update(
        left=timezone.now()
    )


def check_remote(meeting: Meeting, seat) -> None:
    """The state law's limits on remote participation (cap, chair in the hall)."""
    if not meeting.is_hybrid:
        raise LiveError("conflict", _("This meeting is held in person only."))
    law = STATE_LAWS[meeting.body.state_law_profile]
    # The chair leads from the hall; a deputy only when standing in, which the roll call
    # cannot know in advance, so deputies may join remotely.
    if seat.role == "chair" and not may_chair_from(law, "remote"):
        raise LiveError(
            "conflict", _("Under %(law)s law the chair must be in the hall.") % {"law": law.name}
        )
    remote_now = meeting.attendances.filter(state="remote").exclude(person=seat.person).count()
    if not may_join_remotely(
        law, legal_member_count=meeting.body.legal_member_count, remote_now=remote_now
    ):
        raise LiveError(
            "conflict",
            _("Under %(law)s law at most %(cap)d members may take part remotely.")
            % {"law": law.name, "cap": remote_cap(law, meeting.body.legal_member_count)},
        )


def change_attendance(meeting: Meeting, person: Person, new_state: str, *, by, op: str):
    attendance, _created = Attendance.objects.get_or_create(meeting=meeting, person=person)
    old_state = attendance.state
    if old_state == new_state:
        raise LiveError("conflict", _("Nothing to change."))
    had_quorum = state.quorum_slice(meeting, "public")["has_quorum"]
    if meeting.state == Meeting.State.RUNNING:
        if old_state in PRESENT_STATES:
            close_presence(meeting, person)
        if new_state in PRESENT_STATES:
            open_presence(meeting, person, remote=new_state == Attendance.State.REMOTE)
    attendance.state = new_state
    attendance.save(update_fields=["state", "changed"])
    return record(
        meeting,
        "attendance",
        op,
        by=by,
        data={"person": person.pk, "name": person.full_name, "from": old_state, "to": new_state},
        slices=("attendance", "quorum"),
        persons=[person.pk],
        announce=quorum_announcement(meeting, had_quorum),
    )


def quorum_announcement(meeting: Meeting, had_quorum: bool) -> dict | None:
    """Say it when quorum is lost or regained; a running meeting must know at once."""
    has_quorum = state.quorum_slice(meeting, "public")["has_quorum"]
    if meeting.state != Meeting.State.RUNNING or had_quorum == has_quorum:
        return None
    if has_quorum:
        return announce(gettext_lazy("The meeting has a quorum."))
    return announce(gettext_lazy("Quorum lost: too few members with a vote are present."))


@transaction.atomic
def mark_attendance(*, by, meeting: Meeting, person: Person, state_name: str):
    """Roll call by the secretariat: in the hall, remote, absent or excused."""
    meeting = locked(meeting.pk)
    if meeting.state not in (Meeting.State.INVITED, Meeting.State.RUNNING):
        raise LiveError("conflict", _("Attendance can only be recorded for a current meeting."))
    if state_name not in MARKABLE_STATES:
        raise LiveError("invalid", _("Unknown attendance state."))
    seat = seat_of(meeting, person)
    if state_name == Attendance.State.REMOTE:
        check_remote(meeting, seat)
    return change_attendance(meeting, person, state_name, by=by, op="marked")


@transaction.atomic
def mark_all_present(*, by, meeting: Meeting):
    """Alle anwesend im Saal: everyone not yet recorded is recorded in the hall, as one event;
    the secretariat then marks the exceptions (remote, absent, excused) one by one."""
    meeting = locked(meeting.pk)
    if meeting.state not in (Meeting.State.INVITED, Meeting.State.RUNNING):
        raise LiveError("conflict", _("Attendance can only be recorded for a current meeting."))
    recorded = dict(meeting.attendances.values_list("person_id", "state"))
    persons = [
        person
        for person in state.seats(meeting).values_list("person_id", flat=True)
        if recorded.get(person, Attendance.State.UNKNOWN) == Attendance.State.UNKNOWN
    ]
    if not persons:
        raise LiveError("conflict", _("Everyone is recorded already."))
    had_quorum = state.quorum_slice(meeting, "public")["has_quorum"]
    now = timezone.now()
    meeting.attendances.filter(person_id__in=persons).update(
        state=Attendance.State.HALL, changed=now
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person_id=person, state=Attendance.State.HALL, changed=now)
        for person in persons
        if person not in recorded
    )
    if meeting.state == Meeting.State.RUNNING:
        PresencePeriod.objects.bulk_create(
            PresencePeriod(meeting=meeting, person_id=person, remote=False, arrived=now)
            for person in persons
        )
    return record(
        meeting,
        "attendance",
        "all_present",
        by=by,
        data={"persons": persons, "to": Attendance.State.HALL},
        slices=("attendance", "quorum"),
        persons=persons,
        announce=quorum_announcement(meeting, had_quorum),
    )


@transaction.atomic
def join_remotely(*, by, meeting: Meeting, person: Person):
    """The member's Jitsi client joined the room: present remotely, from now."""
    meeting = locked(meeting.pk)
    ensure_running(meeting)
    seat = seat_of(meeting, person)
    current = meeting.attendances.filter(person=person).values_list("state", flat=True).first()
    if current == Attendance.State.HALL:
        raise LiveError("conflict", _("You are recorded as present in the hall."))
    check_remote(meeting, seat)
    return change_attendance(meeting, person, Attendance.State.REMOTE, by=by, op="joined")


@transaction.atomic
def lose_connection(*, by, meeting: Meeting, person: Person):
    """Left the Jitsi room or lost the socket while remote: disconnected, not absent."""
    meeting = locked(meeting.pk)
    if meeting.state != Meeting.State.RUNNING:
        return None
    current = meeting.attendances.filter(person=person).values_list("state", flat=True).first()
    if current != Attendance.State.REMOTE:
        return None
    return change_attendance(
        meeting, person, Attendance.State.DISCONNECTED, by=by, op="disconnected"
    )
