"""The start page, which shows what every app has to offer the public."""

from django.shortcuts import render
from django.utils import timezone

from config.pages.middleware import public_page, valid_until
from council.models import Body
from meetings.queries import meetings_for
from minutes.queries import published_versions


@public_page
def home(request):
    upcoming = meetings_for(request.user).filter(start__gte=timezone.now())[:8]
    # The first of them drops off the list when it begins.
    valid_until(request, upcoming[0].start if upcoming else None)
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
