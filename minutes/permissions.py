"""Who may read, write and sign the minutes of a meeting, asked of the council's permissions.

The secretariat writes, corrects, finalizes and publishes; the recorder and the chair named in
the minutes sign; members and staff of the body read the full minutes, everyone the published
public ones.
"""

from meetings.permissions import may_prepare, may_see_meeting, may_see_non_public
from minutes.models import Minutes
from minutes.rules import CHAIR, RECORDER


def may_write(user, meeting) -> bool:
    return may_prepare(user, meeting)


def may_read_full(user, meeting) -> bool:
    return may_see_non_public(user, meeting)


def may_read_public(user, meeting) -> bool:
    return may_see_meeting(user, meeting)


def signing_role(user, minutes: Minutes) -> str | None:
    """The role in which `user` signs these minutes, if any."""
    if not user.is_authenticated:
        return None
    if minutes.recorder_id == user.pk:
        return RECORDER
    if minutes.chair_id is not None and minutes.chair.user_id == user.pk:
        return CHAIR
    return None
