"""The regions of the live pages: the one way a screen shows the state.

A live page is a few regions (status, current item, ballot, speakers' list, agenda, roll call …),
each a template of `templates/meetings/live/regions/` whose root element carries the id
`live-<name>`. The page view renders them inside the page; an event renders those whose slices
it changed, once per audience and language, and carries their HTML to every socket of that
audience (the Turbo Streams idea); the page swaps them in by id and fetches nothing. A change of
one member's attendance renders that member's row, not the roll call.

What belongs to one person (their own vote, their place on the speakers' list, their buttons) is
not in the shared HTML: a region holds a slot (`data-personal`) and the variants for it as inert
`<template>`s, and the page picks one from its `you` (`personal.py`).
"""

import functools

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation

from council.models import MajorityRule
from meetings.live import personal
from meetings.models import MARKABLE_STATES, Attendance, ItemStatus, Meeting
from meetings.session import state
from voting.models import Ballot, Choice
from voting.state import ballot_slice, current_ballot, named_vote_rows

REGIONS = {
    "staff": (
        "status",
        "session",
        "current",
        "ballot",
        "speakers",
        "agenda",
        "failures",
        "conflict_item",
    ),
    "members": ("status", "you", "current", "ballot", "speakers", "agenda"),
    "public": ("status", "current", "ballot", "speakers", "agenda"),
}
# The roll call is one row per seat, and an attendance event renders only the rows it changed.
ROLL_CALL = {"staff": "rollcall", "members": "presence", "public": "presence"}
DEPENDS = {
    "status": {"meeting", "quorum"},
    "session": {"meeting"},
    "you": {"meeting", "current"},
    "current": {"agenda", "current"},
    "ballot": {"ballot", "meeting", "current"},
    "speakers": {"speakers"},
    "agenda": {"agenda", "current", "meeting"},
    "failures": {"failures"},
    # The conflict form's choice of item: the current one first.
    "conflict_item": {"agenda", "current"},
}
# A roll call of more seats than any German council has shows each member's state without buttons,
# and one form to record any of them: at 1,000 seats the buttons alone made the page 2.6 MB.
COMPACT_ROLL_CALL_ABOVE = 100
# Who is present, by group: each row sits in the list of its group (the absent and those not yet
# recorded in a hidden one), and a changed row moves to its new list (`data-place-in`).
PRESENCE_GROUPS = ("hall", "remote", "disconnected", "others")
# What a region rendered for many sockets has in place of a form's CSRF token and request id;
# the page puts in its own (`static/js/live.js`).
CSRF_PLACEHOLDER = "-"


class LiveState(dict):
    """The state one audience may see, each slice read from the database when a template first
    asks for it: an event that changed the speakers' list reads nothing of the roll call."""

    def __init__(self, meeting: Meeting, audience: str, known: dict | None = None):
        super().__init__(known or {})
        self.meeting, self.audience = meeting, audience

    def __missing__(self, name: str):
        if name == "ballot":
            value = ballot_slice(self.meeting, self.audience)
        elif name == "item":
            value = next((i for i in self["agenda"] if i["id"] == self["current"]["item"]), None)
        elif name == "named_votes":
            value = self.named_votes()
        elif name == "presence_counts":
            value = presence_counts(self.meeting)
        elif name == "compact_roll_call":
            value = state.seats(self.meeting).count() > COMPACT_ROLL_CALL_ABOVE
        elif name in state.BUILDERS:
            value = state.BUILDERS[name](self.meeting, self.audience)
        else:
            raise KeyError(name)
        self[name] = value
        return value

    def named_votes(self) -> list[tuple[str, list[dict]]]:
        """A closed named vote's names, by choice: a line of names for each, not a table row
        for each member (at 1,000 members the table made every page's result 149 kB)."""
        ballot = self["ballot"]
        if not ballot or ballot["state"] != "closed" or ballot["kind"] != "named":
            return []
        rows = named_vote_rows(Ballot.objects.get(pk=ballot["id"]))
        return [(choice, [r for r in rows if r["choice"] == choice]) for choice in Choice.values]


def presence_counts(meeting: Meeting) -> dict[str, int]:
    counted = (
        state.seats(meeting)
        .filter(person__attendances__meeting=meeting)
        .values_list("person__attendances__state")
        .annotate(count=Count("pk"))
    )
    return {group: 0 for group in PRESENCE_GROUPS} | dict(counted)


@functools.cache
def choices() -> dict:
    """The option lists the control panel offers (labels are lazy: they follow the language)."""
    return {
        "statuses": ItemStatus.choices,
        "ballot_kinds": Ballot.Kind.choices,
        "majority_rules": MajorityRule.choices,
        "markable": [(code, Attendance.State(code).label) for code in MARKABLE_STATES],
        "attendance_states": Attendance.State.choices,
        "presence_groups": PRESENCE_GROUPS,
        "vote_variants": personal.VOTE_VARIANTS,
        "request_variants": personal.REQUEST_VARIANTS,
    }


def context(meeting: Meeting, audience: str, live: LiveState) -> dict:
    """What every region template sees: the same for each socket of an audience."""
    return {"meeting": meeting, "audience": audience, "live": live, **choices()}


def shared(meeting: Meeting, audience: str, live: LiveState) -> dict:
    """The context of a region rendered for many sockets: no one's token, no one's vote."""
    return {
        **context(meeting, audience, live),
        "csrf_token": CSRF_PLACEHOLDER,
        "request_id": "",
        "personal": None,
    }


def region_id(name: str) -> str:
    return f"live-{name}"


def row_id(audience: str, person: int) -> str:
    return f"live-{ROLL_CALL[audience]}-{person}"


def render(name: str, values: dict) -> str:
    return render_to_string(f"meetings/live/regions/{name}.html", values).strip()


def render_all(meeting: Meeting, audience: str, language: str) -> dict[str, str]:
    """Every region of the audience's page, the roll call whole: what a snapshot carries."""
    with translation.override(language):
        values = shared(meeting, audience, LiveState(meeting, audience))
        names = (*REGIONS[audience], ROLL_CALL[audience])
        return {region_id(name): render(name, values) for name in names}


def event_state(meeting: Meeting, audience: str, changed: dict) -> LiveState:
    """The state an event's regions are rendered from: the slices it changed, and the rest read
    when a region asks (the roll call is whole only in snapshots: an event carries rows)."""
    known = {name: value for name, value in changed.items() if name != "attendance"}
    return LiveState(meeting, audience, known)


def render_changed(
    meeting: Meeting, audience: str, language: str, changed: dict, live: LiveState
) -> dict[str, str]:
    """The regions an event's `changed` slices touch, and a row for each roll-call row it
    carries; `live` is its `event_state`, which the languages, and audiences that see the
    same, share."""
    with translation.override(language):
        values = shared(meeting, audience, live)
        html = {
            region_id(name): render(name, values)
            for name in REGIONS[audience]
            if DEPENDS[name] & changed.keys()
        }
        rows = changed.get("attendance", [])
        row_template = f"{ROLL_CALL[audience]}_row"
        for row in rows:
            html[row_id(audience, row["person"])] = render(row_template, {**values, "row": row})
        if rows and ROLL_CALL[audience] == "presence":
            for group in PRESENCE_GROUPS[:-1]:
                heading = render("presence_heading", {**values, "group": group})
                html[f"live-presence-heading-{group}"] = heading
    return html


def page_context(meeting: Meeting, you: dict) -> dict:
    """The regions' context for one page load: the user's own part filled in, for the page
    without JavaScript."""
    live = LiveState(meeting, you["audience"])
    ballot = current_ballot(meeting)
    return {
        **context(meeting, you["audience"], live),
        "personal": personal.state_of(meeting, you, live, ballot),
    }
