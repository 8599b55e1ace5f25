"""The start page, which shows what every app has to offer the public."""

from django.shortcuts import render
from django.utils import timezone

from council.models import Body
from meetings.queries import meetings_for
from minutes.queries import published_versions


def home(request):
    upcoming = meetings_for(request.user).filter(start__gte=timezone.now())[:8]
    recent_minutes = published_versions().order_by("-published")[:5]
    return render(
        request,
        "home.html",
        {
            "bodies": Body.objects.all(),
            "upcoming_meetings": upcoming,
            "recent_minutes": recent_minutes,
        },
    )
