"""The live page of a meeting. This part embeds the Jitsi room for members who attend remotely;
the live session (roll call, agenda, votes) fills the rest of the page."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from council.rules import Action
from meetings.jitsi import room_config
from meetings.models import Meeting
from meetings.permissions import can_for_meeting, may_see_meeting

REMOTE = "remote"


def live(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body", "location"), pk=pk)
    if not may_see_meeting(request.user, meeting):
        raise Http404
    user = request.user
    may_join_room = meeting.is_hybrid and (
        can_for_meeting(user, Action.REQUEST_TO_SPEAK, meeting)
        or can_for_meeting(user, Action.RUN_SESSION, meeting)
    )
    remote = may_join_room and request.GET.get("teilnahme") == REMOTE
    room = None
    if remote:
        person = getattr(user, "person", None)
        room = room_config(
            meeting,
            name=person.full_name if person else user.get_full_name() or user.get_username(),
            email=user.email,
            moderator=can_for_meeting(user, Action.RUN_SESSION, meeting),
        )
    return render(
        request,
        "meetings/live.html",
        {"meeting": meeting, "may_join_room": may_join_room, "remote": remote, "room": room},
    )
