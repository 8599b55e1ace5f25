"""An event carries what changed, not the whole state: its size does not grow with the body.
Marking one member sends one roll-call row and the quorum, for a council of 5 as of 80."""

import json

import pytest
from channels.layers import get_channel_layer

from config.channel_layer import InMemoryChannelLayer
from council.models import Membership
from meetings.live import fanout
from meetings.session.services.agenda import call_item
from meetings.session.services.attendance import mark_attendance
from meetings.session.services.session import start_meeting
from meetings.session.services.speakers import request_to_speak
from tests.factories import make_body
from tests.live.fixtures import seat
from tests.live.published import published
from tests.meetings.factories import make_item, make_meeting, set_state

pytestmark = pytest.mark.django_db


def council(clerk, size: int):
    """A running meeting of a body of `size` seats, its first item called, and a member."""
    body = make_body(name=f"Rat {size}", legal_member_count=size)
    seat(body, "Vera", f"Vorsitz{size}", role=Membership.Role.CHAIR)
    members = [seat(body, "Mitglied", f"Nummer{size}x{n:03d}") for n in range(size - 1)]
    meeting = make_meeting(by=clerk, body=body)
    make_item(by=clerk, meeting=meeting, title="Bebauungsplan Nr. 12")
    meeting = set_state(meeting, "invited")
    start_meeting(by=clerk, meeting=meeting)
    meeting.refresh_from_db()
    return meeting, members[0].person


def sizes(capture, clerk, size: int) -> dict[str, dict]:
    meeting, person = council(clerk, size)
    item = meeting.agenda_items.get()
    return {
        "attendance": published(
            capture,
            meeting.pk,
            lambda: mark_attendance(by=clerk, meeting=meeting, person=person, state_name="hall"),
        ),
        "agenda": published(
            capture, meeting.pk, lambda: call_item(by=clerk, meeting=meeting, item_id=item.pk)
        ),
        "speakers": published(
            capture,
            meeting.pk,
            lambda: request_to_speak(by=clerk, meeting=meeting, person=person, kind="speech"),
        ),
    }


@pytest.mark.parametrize("kind", ["attendance", "agenda", "speakers"])
def test_an_event_of_a_council_of_80_is_no_bigger_than_of_a_council_of_5(
    clerk, django_capture_on_commit_callbacks, kind
):
    small = sizes(django_capture_on_commit_callbacks, clerk, 5)[kind]
    big = sizes(django_capture_on_commit_callbacks, clerk, 80)[kind]

    assert small.keys() == big.keys()
    for audience_and_language, text in small.items():
        # Names and numbers differ a little; a roll call of 80 would be many times the size.
        assert len(big[audience_and_language]) < 1.2 * len(text), audience_and_language


def test_marking_a_member_sends_their_row_and_the_quorum(clerk, django_capture_on_commit_callbacks):
    meeting, person = council(clerk, 20)

    texts = published(
        django_capture_on_commit_callbacks,
        meeting.pk,
        lambda: mark_attendance(by=clerk, meeting=meeting, person=person, state_name="hall"),
    )

    public = json.loads(texts[("public", "de")])
    assert [row["person"] for row in public["state"]["attendance"]] == [person.pk]
    assert public["state"]["quorum"]["present"] == 1
    assert set(public["regions"]) == {
        "live-status",
        f"live-presence-{person.pk}",
        "live-presence-heading-hall",
        "live-presence-heading-remote",
        "live-presence-heading-disconnected",
    }
    staff = json.loads(texts[("staff", "de")])
    assert set(staff["regions"]) == {"live-status", f"live-rollcall-{person.pk}"}


def test_an_event_nobody_follows_is_not_rendered(clerk, django_capture_on_commit_callbacks):
    """One process with the in-memory layer knows its sockets: no region for nobody."""
    if not isinstance(get_channel_layer(), InMemoryChannelLayer):
        pytest.skip("with Redis the sockets of a group may be on any worker")
    meeting, person = council(clerk, 5)
    held: list = []
    token = fanout.held.set(held)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            mark_attendance(by=clerk, meeting=meeting, person=person, state_name="hall")
    finally:
        fanout.held.reset(token)

    assert held == []
