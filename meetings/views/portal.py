"""The public portal: meeting list and meeting page (members and staff see more)."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from config.pages.middleware import public_page, valid_until
from council.models import Body
from meetings.forms import MeetingFilterForm
from meetings.models import Meeting
from meetings.permissions import may_prepare, may_see_meeting, may_see_non_public
from meetings.queries import changes_for, items_for, meetings_for
from meetings.services.changes import pending_changes

# A meeting stays on the default list for a day after it began.
KEPT_ON_THE_LIST = datetime.timedelta(days=1)


@public_page
def meeting_list(request):
    form = MeetingFilterForm(request.GET or None)
    meetings = meetings_for(request.user)
    if form.is_valid():
        if form.cleaned_data["body"]:
            meetings = meetings.filter(body=form.cleaned_data["body"])
        if month := form.cleaned_data["month"]:
            meetings = meetings.filter(start__year=month.year, start__month=month.month)
    else:
        meetings = meetings.filter(start__gte=timezone.now() - KEPT_ON_THE_LIST)
        first = meetings.first()
        valid_until(request, first.start + KEPT_ON_THE_LIST if first else None)
    return render(
        request,
        "meetings/meeting_list.html",
        {"form": form, "meetings": meetings, "bodies": Body.objects.all()},
    )


@public_page
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body", "location"), pk=pk)
    if not may_see_meeting(request.user, meeting):
        raise Http404
    sees_non_public = may_see_non_public(request.user, meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items_for(request.user, meeting),
            "sees_non_public": sees_non_public,
            "may_prepare": may_prepare(request.user, meeting),
            "notice": meeting.notices.first(),
            "changes": changes_for(request.user, meeting),
            "pending_changes": pending_changes(meeting).count(),
            "failed_dispatches": meeting.dispatches.exclude(mail_error="")
            if may_prepare(request.user, meeting)
            else [],
        },
    )
