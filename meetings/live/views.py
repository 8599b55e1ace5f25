"""The live pages of a meeting: one URL whose content depends on who is looking.

Staff get the control panel, members their own view (with the Jitsi room if they attend
remotely), everyone else the public ticker. The page works without JavaScript: every action is
a plain form posted to `live_action`, which calls the same `protocol.handle` as the websocket.
With JavaScript, `static/js/live.js` keeps the page current over the socket. Like the consumer,
these pages sit on top of the apps and show the ballots of `voting` too.
"""

import json
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from council.models import MajorityRule
from meetings.jitsi import room_config
from meetings.live import progress, protocol
from meetings.live.access import identify
from meetings.models import MARKABLE_STATES, Attendance, ItemStatus, Meeting
from meetings.session import state
from meetings.session.errors import LiveError
from meetings.session.events import hashed_content
from meetings.session.rules import STATE_LAWS, may_chair_from
from voting.models import Ballot
from voting.state import ballot_slice, current_ballot, member_status, named_vote_rows

REMOTE = "remote"
TEMPLATES = {
    "staff": "meetings/live/control_panel.html",
    "members": "meetings/live/member_view.html",
    "public": "meetings/live/ticker.html",
}


def live_context(request, meeting: Meeting, you: dict) -> dict:
    slices = state.slices(meeting, you["audience"])
    ballot = current_ballot(meeting)
    slices["ballot"] = ballot_slice(meeting, you["audience"], ballot) if ballot else None
    agenda = {item["id"]: item for item in slices["agenda"]}
    current = agenda.get(slices["current"]["item"])
    return {
        "meeting": meeting,
        "you": you,
        "live": slices,
        "current": current,
        "own": own_state(slices, you),
        "socket_path": f"/ws/meetings/{meeting.pk}/",
        "statuses": ItemStatus.choices,
        "my_vote": member_status(ballot, you["person"]) if slices["ballot"] else None,
        "named_votes": named_vote_rows(ballot) if slices["ballot"] else [],
        "request_id": uuid.uuid4().hex,
        "ballot_kinds": Ballot.Kind.choices,
        "majority_rules": MajorityRule.choices,
        "markable": [(state, Attendance.State(state).label) for state in MARKABLE_STATES],
    }


def own_state(slices: dict, you: dict) -> dict | None:
    """The member's own line of the roll call and their place on the speakers' list."""
    if you["person"] is None:
        return None
    attendance = next((a for a in slices["attendance"] if a["person"] == you["person"]), None)
    request = next((r for r in slices["speakers"]["list"] if r["person"] == you["person"]), None)
    return {"attendance": attendance, "request": request}


def may_go_remote(meeting: Meeting, own: dict | None) -> bool:
    """Offer the video only to a member who may take part remotely now: not one recorded in
    the hall, and not the chair where the state law wants the chair in the hall."""
    if not (meeting.is_hybrid and own and own["attendance"]) or meeting.state == "closed":
        return False
    row = own["attendance"]
    law = STATE_LAWS[meeting.body.state_law_profile]
    return row["state"] != "hall" and not (
        row["role"] == "chair" and not may_chair_from(law, "remote")
    )


def meeting_for(request, pk) -> tuple[Meeting, dict]:
    meeting = get_object_or_404(Meeting.objects.select_related("body", "location"), pk=pk)
    you = identify(request.user, meeting.pk)
    if you is None:
        raise Http404
    return meeting, you


def live(request, pk):
    meeting, you = meeting_for(request, pk)
    context = live_context(request, meeting, you)
    template = TEMPLATES[you["audience"]]
    if request.GET.get("fragment"):
        return render(request, template, context)
    remote = (
        meeting.is_hybrid and you["person"] is not None and request.GET.get("teilnahme") == REMOTE
    )
    room = None
    if remote:
        room = room_config(
            meeting,
            name=you["name"],
            email=request.user.email,
            moderator=you["audience"] == "staff",
        )
    return render(
        request,
        "meetings/live/page.html",
        {
            **context,
            "state_template": template,
            "room": room,
            "offer_remote": may_go_remote(meeting, context["own"]),
        },
    )


def display(request, pk):
    """The hall display for the projector: the public view in large type."""
    meeting, you = meeting_for(request, pk)
    context = live_context(request, meeting, {**you, "audience": "public", "person": None})
    if request.GET.get("fragment"):
        return render(request, "meetings/live/display_state.html", context)
    return render(request, "meetings/live/display.html", context)


@require_POST
def live_action(request, pk):
    """The same requests as over the socket, as plain forms (no JavaScript needed)."""
    message = {key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    try:
        result = protocol.handle(request.user, pk, message)
    except LiveError as error:
        if error.code == "not_found" and not Meeting.objects.filter(pk=pk).exists():
            raise Http404 from None
        messages.error(request, str(error))
    else:
        if isinstance(result, dict) and result.get("recorded") and not result.get("repeated"):
            progress.send_now(result["ballot"])
    return redirect("meeting-live", pk=pk)


def event_log(request, pk):
    """The meeting's event log as JSON, with the hashes that `verify_event_log` checks."""
    meeting, you = meeting_for(request, pk)
    if you["audience"] != "staff":
        raise Http404
    events = [
        {**hashed_content(event), "hash": event.hash} for event in meeting.events.order_by("seq")
    ]
    response = HttpResponse(
        json.dumps({"meeting": meeting.pk, "events": events}, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="sitzung-{meeting.pk}-ereignisse.json"'
    return response
