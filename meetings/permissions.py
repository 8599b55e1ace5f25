"""Who may see and do what for meetings, papers and documents, asked of `council.permissions`.

Members see the non-public part of their body's meetings if they are members today or were on the
day of the meeting. A meeting is the secretariat's alone until the invitation goes out.
"""

from django.utils import timezone

from council.permissions import can, can_each, is_secretariat
from council.rules import Action


def can_for_meeting(user, action: Action, meeting) -> bool:
    return can_for_meeting_each([user], action, meeting)[0]


def can_for_meeting_each(users: list, action: Action, meeting) -> list[bool]:
    """Whether each user may, as a member today or on the day of the meeting: a query or two
    for all of them."""
    today = timezone.localdate()
    allowed = can_each(users, action, meeting.body, on=today)
    meeting_day = timezone.localdate(meeting.start)
    rest = [index for index, yes in enumerate(allowed) if not yes]
    if meeting_day != today and rest:
        then = can_each([users[index] for index in rest], action, meeting.body, on=meeting_day)
        for index, yes in zip(rest, then, strict=True):
            allowed[index] = yes
    return allowed


def may_prepare(user, meeting_or_body) -> bool:
    body = getattr(meeting_or_body, "body", meeting_or_body)
    return can(user, Action.PREPARE_MEETINGS, body)


def may_see_meeting(user, meeting) -> bool:
    """A meeting is public from its invitation on; one cancelled before it never was."""
    return meeting.invited is not None or may_prepare(user, meeting)


def may_see_non_public(user, meeting) -> bool:
    return may_see_meeting(user, meeting) and can_for_meeting(user, Action.VIEW_NON_PUBLIC, meeting)


def may_see_item(user, item) -> bool:
    meeting = item.meeting
    return may_see_meeting(user, meeting) and (item.is_public or may_see_non_public(user, meeting))


def may_see_paper(user, paper) -> bool:
    """A non-public paper is for the secretariat and the members of the bodies consulting it."""
    if paper.is_public or is_secretariat(user):
        return True
    return any(
        can(user, Action.VIEW_NON_PUBLIC, consultation.body)
        for consultation in paper.consultations.select_related("body")
    )


def may_see_document(user, document) -> bool:
    if document.agenda_item_id:
        return may_see_item(user, document.agenda_item)
    return may_see_paper(user, document.paper)
