"""Calendar feeds: all public meetings, one body's meetings, and a member's private feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from council.models import Body, Membership
from meetings.calendar import feed_calendar
from meetings.models import CalendarToken
from meetings.permissions import may_see_non_public
from meetings.queries import meetings_for
from meetings.services.calendar_tokens import renew_calendar_token, revoke_calendar_token


def calendar_response(request, meetings, *, name, user) -> HttpResponse:
    content = feed_calendar(
        meetings,
        name=name,
        may_see_non_public=lambda meeting: may_see_non_public(user, meeting),
        url_for=lambda meeting: request.build_absolute_uri(
            reverse("meeting-detail", args=[meeting.pk])
        ),
    )
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


def public_feed(request):
    """Public meetings with their public items only, whoever asks: feeds are fetched anonymously."""
    return calendar_response(
        request, meetings_for(AnonymousUser()), name=_("Council meetings"), user=AnonymousUser()
    )


def body_feed(request, pk):
    body = get_object_or_404(Body, pk=pk)
    meetings = meetings_for(AnonymousUser()).filter(body=body)
    return calendar_response(request, meetings, name=body.name, user=AnonymousUser())


def private_feed(request, token):
    calendar_token = CalendarToken.objects.select_related("user").filter(token=token).first()
    if calendar_token is None or not calendar_token.user.is_active:
        raise Http404
    user = calendar_token.user
    bodies = Membership.objects.filter(person__user=user).values("body")
    meetings = meetings_for(user).filter(body__in=bodies)
    return calendar_response(request, meetings, name=_("My council meetings"), user=user)


@login_required
def calendar_settings(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke_calendar_token(user=request.user)
            messages.success(request, _("Your private calendar address has been switched off."))
        else:
            renew_calendar_token(user=request.user)
            messages.success(request, _("Your private calendar has a new address."))
        return redirect("calendar-settings")
    token = CalendarToken.objects.filter(user=request.user).first()
    private_url = (
        request.build_absolute_uri(reverse("private-calendar-feed", args=[token.token]))
        if token
        else None
    )
    return render(
        request,
        "meetings/calendar_settings.html",
        {
            "private_url": private_url,
            "public_url": request.build_absolute_uri(reverse("calendar-feed")),
        },
    )
