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

from config.pages.middleware import public_page
from meetings.jitsi import room_config
from meetings.live import progress, protocol
from meetings.live.access import identify
from meetings.live.regions import page_context
from meetings.models import Meeting
from meetings.session.errors import LiveError
from meetings.session.events import hashed_content
from meetings.session.rules import STATE_LAWS, may_chair_from
from meetings.session.state import seats

REMOTE = "remote"
TEMPLATES = {
    "staff": "meetings/live/control_panel.html",
    "members": "meetings/live/member_view.html",
    "public": "meetings/live/ticker.html",
}


def live_context(meeting: Meeting, you: dict) -> dict:
    """The page's regions as their events render them, with the user's own part filled in."""
    context = page_context(meeting, you)
    return {
        **context,
        "you": {**you, **without_choices(context["personal"])},
        "socket_path": f"/ws/meetings/{meeting.pk}/?view=page",
        "request_id": uuid.uuid4().hex,
    }


def without_choices(personal: dict | None) -> dict:
    """What the page's script gets of the user's own state (it picks the variants itself)."""
    return {key: value for key, value in (personal or {}).items() if key != "show"}


def may_go_remote(meeting: Meeting, you: dict) -> bool:
    """Offer the video only to a member who may take part remotely now: not one recorded in
    the hall, and not the chair where the state law wants the chair in the hall."""
    if not (meeting.is_hybrid and you["person"]) or meeting.state == "closed":
        return False
    seat = seats(meeting).filter(person_id=you["person"]).values_list("role", flat=True).first()
    law = STATE_LAWS[meeting.body.state_law_profile]
    return you.get("attendance") != "hall" and not (
        seat == "chair" and not may_chair_from(law, "remote")
    )


def meeting_for(request, pk) -> tuple[Meeting, dict]:
    meeting = get_object_or_404(Meeting.objects.select_related("body", "location"), pk=pk)
    you = identify(request.user, meeting.pk)
    if you is None:
        raise Http404
    return meeting, you


@public_page
def live(request, pk):
    meeting, you = meeting_for(request, pk)
    context = live_context(meeting, you)
    template = TEMPLATES[you["audience"]]
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
            "offer_remote": may_go_remote(meeting, context["you"]),
        },
    )


@public_page
def display(request, pk):
    """The hall display for the projector: the public view in large type."""
    meeting, you = meeting_for(request, pk)
    context = live_context(meeting, {**you, "audience": "public", "person": None, "name": None})
    context["socket_path"] += "&audience=public"
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
