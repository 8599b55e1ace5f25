"""The minutes on the meeting page: the published files for whoever may read them, the way to
the minutes for the secretariat and to the signing page for the recorder and the chair.
A tag, so that the meetings app need not know the minutes."""

from django import template

from meetings.models import Meeting
from minutes.models import Minutes, Version
from minutes.permissions import may_read_full, may_read_public, may_write, signing_role

register = template.Library()


@register.inclusion_tag("minutes/includes/meeting_minutes.html", takes_context=True)
def minutes_of_meeting(context, meeting: Meeting) -> dict:
    user = context["request"].user
    published = (
        Version.objects.filter(minutes__meeting=meeting, state=Version.State.PUBLISHED).first()
        if may_read_public(user, meeting)
        else None
    )
    return {
        "meeting": meeting,
        "published": published,
        "reads_full": published is not None and may_read_full(user, meeting),
        "writes": meeting.state == Meeting.State.CLOSED and may_write(user, meeting),
        "signs": awaits_signature_of(user, meeting),
    }


def awaits_signature_of(user, meeting: Meeting) -> bool:
    """The recorder or the chair of final minutes awaiting signatures: the way to sign them."""
    if not user.is_authenticated:
        return False
    minutes = (
        Minutes.objects.filter(meeting=meeting, state=Minutes.State.FINAL)
        .select_related("chair")
        .first()
    )
    return minutes is not None and signing_role(user, minutes) is not None
