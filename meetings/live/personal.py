"""What of a live page belongs to one person: their attendance, their place on the speakers'
list, their vote in the open ballot.

The regions that every socket of an audience shares hold a slot for each of these
(`data-personal`) and every variant of it as an inert `<template>`; which variant a page shows
follows from its `you`. The server picks it for the page it renders (so that the page works
without JavaScript), the page picks it in `static/js/live.js` with the same rules after each
event, from the `you` of its snapshot, the roll-call rows, the speakers' list and the ballot that
events carry, and its own acknowledged cast.
"""

from meetings.models import Attendance, Meeting
from voting.models import Ballot
from voting.state import member_status

VOTE_VARIANTS = ("form", "voted", "voted-yes", "voted-no", "voted-abstain", "not-eligible")
REQUEST_VARIANTS = ("speaking", "waiting", "none")
FAILURE_STATES = ("remote", "disconnected")


def state_of(meeting: Meeting, you: dict, live, ballot: Ballot | None) -> dict | None:
    """The `you` of a member's page beyond who they are; None for anyone without a seat."""
    person = you["person"]
    if person is None:
        return None
    attendance = (
        meeting.attendances.filter(person_id=person).values_list("state", flat=True).first()
        or Attendance.State.UNKNOWN
    )
    request = next((r for r in live["speakers"]["list"] if r["person"] == person), None)
    status = member_status(ballot, person) if live["ballot"] else None
    mine = {
        "attendance": attendance,
        "request": {"id": request["id"], "state": request["state"]} if request else None,
        "ballot": {"id": ballot.pk, **status} if status else None,
    }
    return {
        **mine,
        "show": {
            "vote": vote_variant(mine, live["ballot"]),
            "request": request_variant(mine),
            "failure": attendance in FAILURE_STATES,
        },
    }


def vote_variant(mine: dict, ballot: dict | None) -> str:
    """Which of `VOTE_VARIANTS` the member sees in the open ballot ("" for none)."""
    own = mine["ballot"]
    if not ballot or ballot["state"] != "open" or not own or own["id"] != ballot["id"]:
        return ""
    if own["voted"]:
        return f"voted-{own['choice']}" if own["choice"] else "voted"
    if not own["eligible"]:
        return "not-eligible"
    return "" if ballot["kind"] == "show_of_hands" else "form"


def request_variant(mine: dict) -> str:
    return mine["request"]["state"] if mine["request"] else "none"
