"""Roll call by the secretariat: hall, remote, absent, excused, each with its arrival and
departure times, within the limits of the state law."""

import pytest

from council.models import Membership
from meetings.models import Attendance, Meeting
from meetings.session.errors import LiveError
from meetings.session.services.attendance import mark_attendance
from tests.factories import make_person
from tests.live.conftest import seat
from tests.meetings.factories import set_state


def mark(clerk, meeting, user, state_name):
    return mark_attendance(by=clerk, meeting=meeting, person=user.person, state_name=state_name)


def periods(meeting, user):
    return list(meeting.presences.filter(person=user.person).order_by("arrived"))


@pytest.mark.parametrize("state_name", ["hall", "remote", "absent", "excused"])
def test_each_state_is_recorded(clerk, running, member, state_name):
    mark(clerk, running, member, state_name)

    assert running.attendances.get(person=member.person).state == state_name


def test_arrival_in_the_hall_opens_a_presence(clerk, running, member):
    mark(clerk, running, member, "hall")

    (period,) = periods(running, member)
    assert (period.remote, period.left) == (False, None)
    assert period.arrived >= running.started


def test_leaving_closes_the_presence_with_its_time(clerk, running, member):
    mark(clerk, running, member, "hall")

    mark(clerk, running, member, "absent")

    (period,) = periods(running, member)
    assert period.left is not None
    assert period.left >= period.arrived


def test_moving_from_hall_to_remote_starts_a_remote_presence(clerk, running, member):
    mark(clerk, running, member, "hall")

    mark(clerk, running, member, "remote")

    hall, remote = periods(running, member)
    assert (hall.remote, remote.remote) == (False, True)
    assert hall.left is not None and remote.left is None


def test_absent_and_excused_open_no_presence(clerk, running, member, others):
    mark(clerk, running, member, "absent")
    mark(clerk, running, others[0], "excused")

    assert not running.presences.exists()


def test_roll_call_before_the_start_opens_no_presence_yet(clerk, meeting, member):
    mark(clerk, meeting, member, "hall")

    assert meeting.attendances.get(person=member.person).state == "hall"
    assert not meeting.presences.exists()


def test_remote_is_refused_for_an_in_person_meeting(clerk, running, member, english):
    Meeting.objects.filter(pk=running.pk).update(is_hybrid=False)

    with pytest.raises(LiveError, match="in person only") as refused:
        mark(clerk, running, member, "remote")

    assert refused.value.code == "conflict"
    assert not running.attendances.filter(state="remote").exists()


@pytest.mark.parametrize(
    ("profile", "law"), [("nrw", "Nordrhein-Westfalen"), ("by", "Bayern"), ("ni", "Niedersachsen")]
)
def test_chair_is_refused_remote_under_every_law(
    clerk, body, running, chair, profile, law, english
):
    body.state_law_profile = profile
    body.save()

    with pytest.raises(LiveError, match=f"Under {law} law the chair must be in the hall"):
        mark(clerk, running, chair, "remote")

    assert running.attendances.get(person=chair.person).state == "unknown"


def test_deputy_chair_may_take_part_remotely(clerk, body, running, english):
    deputy = seat(body, "Dora", "Stell", role=Membership.Role.DEPUTY_CHAIR)

    mark(clerk, running, deputy, "remote")

    assert running.attendances.get(person=deputy.person).state == "remote"


def test_bayern_refuses_remote_members_over_the_cap_naming_the_law(
    clerk, body, running, member, others, english
):
    body.state_law_profile = "by"
    body.save()
    mark(clerk, running, member, "remote")  # 5 legal members: one third is one

    with pytest.raises(LiveError) as refused:
        mark(clerk, running, others[0], "remote")

    assert refused.value.code == "conflict"
    assert str(refused.value) == "Under Bayern law at most 1 members may take part remotely."
    assert running.attendances.filter(state="remote").count() == 1


def test_bayern_cap_message_is_german_by_default(clerk, body, running, member, others):
    body.state_law_profile = "by"
    body.save()
    mark(clerk, running, member, "remote")

    with pytest.raises(LiveError, match="Nach dem Recht von Bayern dürfen höchstens 1 Mitglieder"):
        mark(clerk, running, others[0], "remote")


def test_nrw_has_no_cap(clerk, running, member, others):
    for user in [member, *others]:
        mark(clerk, running, user, "remote")

    assert running.attendances.filter(state="remote").count() == 4


def test_a_remote_member_may_be_marked_remote_again_under_the_cap(clerk, body, running, member):
    body.state_law_profile = "by"
    body.save()
    mark(clerk, running, member, "remote")
    mark(clerk, running, member, "hall")

    mark(clerk, running, member, "remote")

    assert running.attendances.get(person=member.person).state == "remote"


def test_unknown_person_is_refused(clerk, running, english):
    stranger = make_person(given_name="Otto", family_name="Fremd")

    with pytest.raises(LiveError, match="Otto Fremd is not a member of this body") as refused:
        mark_attendance(by=clerk, meeting=running, person=stranger, state_name="hall")

    assert refused.value.code == "invalid"
    assert not running.attendances.filter(person=stranger).exists()


@pytest.mark.parametrize("state_name", ["unknown", "disconnected", "present"])
def test_other_states_cannot_be_marked(clerk, running, member, state_name, english):
    with pytest.raises(LiveError, match="Unknown attendance state"):
        mark(clerk, running, member, state_name)


def test_marking_the_same_state_twice_is_refused(clerk, running, member, english):
    mark(clerk, running, member, "hall")

    with pytest.raises(LiveError, match="Nothing to change"):
        mark(clerk, running, member, "hall")

    assert running.events.count() == 2


@pytest.mark.parametrize("state", ["closed", "cancelled"])
def test_attendance_of_a_past_meeting_is_not_recorded(clerk, running, member, state, english):
    set_state(running, state)

    with pytest.raises(LiveError, match="current meeting"):
        mark(clerk, running, member, "hall")


def test_marking_records_an_attendance_event(clerk, running, member):
    event = mark(clerk, running, member, "hall")

    assert (event.type, event.op) == ("attendance", "marked")
    assert event.data["to"] == Attendance.State.HALL
    row = next(
        r for r in event.views["public"]["state"]["attendance"] if r["name"] == "Birgit Schwarz"
    )
    assert row["state"] == "hall"
