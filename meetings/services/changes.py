"""Changes to an invited meeting are collected and go out together as one update (Nachtrag)."""

from meetings.models import AgendaChange, Meeting


def record_change(meeting: Meeting, kind: str, detail: str = "", *, is_public: bool = True) -> None:
    """Remember a change of an invited meeting; drafts change freely and record nothing."""
    if meeting.state == Meeting.State.INVITED:
        AgendaChange.objects.create(meeting=meeting, kind=kind, detail=detail, is_public=is_public)


def pending_changes(meeting: Meeting):
    return meeting.changes.filter(dispatch__isnull=True)
