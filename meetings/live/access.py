"""Who is on the other end of a socket: decided once, when it connects."""

from council.rules import Action
from meetings.models import Meeting
from meetings.permissions import can_for_meeting, may_see_meeting, may_see_non_public


def identify(user, meeting_id: int) -> dict | None:
    """The socket's audience (`staff`, `members`, `public`), the member it speaks for (if any)
    and whether they may vote; None if the user may not follow this meeting at all."""
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None or not may_see_meeting(user, meeting):
        return None
    if can_for_meeting(user, Action.RUN_SESSION, meeting):
        audience = "staff"
    elif may_see_non_public(user, meeting):
        audience = "members"
    else:
        audience = "public"
    person = getattr(user, "person", None) if user.is_authenticated else None
    is_member = can_for_meeting(user, Action.REQUEST_TO_SPEAK, meeting)
    return {
        "audience": audience,
        "person": person.pk if person and is_member else None,
        "name": person.full_name if person and is_member else None,
    }
