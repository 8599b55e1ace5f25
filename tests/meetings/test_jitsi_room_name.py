"""Each meeting's Jitsi room has an unguessable name of its own."""

import re

from tests.meetings.factories import make_meeting


def test_room_name_is_ratssaal_and_128_random_bits(meeting):
    assert re.fullmatch(r"ratssaal-[0-9a-f]{32}", meeting.jitsi_room)


def test_every_meeting_has_its_own_room(clerk, body, meeting):
    others = [make_meeting(by=clerk, body=body) for _ in range(5)]

    rooms = {meeting.jitsi_room, *(other.jitsi_room for other in others)}
    assert len(rooms) == 6
