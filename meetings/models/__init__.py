"""Models of the meetings app: what the secretariat plans (`planning`) and what happens live
(`session`)."""

from meetings.models.planning import (
    AgendaChange,
    AgendaItem,
    CalendarToken,
    Consultation,
    Dispatch,
    Document,
    ItemStatus,
    Location,
    Meeting,
    Notice,
    Paper,
    StandardItem,
    document_path,
    new_calendar_token,
    new_jitsi_room,
)
from meetings.models.session import (
    Attendance,
    ConflictOfInterest,
    ConnectionFailure,
    Interruption,
    PresencePeriod,
    SessionEvent,
    SpeakerRequest,
)

__all__ = [
    "AgendaChange",
    "AgendaItem",
    "Attendance",
    "CalendarToken",
    "ConflictOfInterest",
    "ConnectionFailure",
    "Consultation",
    "Dispatch",
    "Document",
    "Interruption",
    "ItemStatus",
    "Location",
    "Meeting",
    "Notice",
    "Paper",
    "PresencePeriod",
    "SessionEvent",
    "SpeakerRequest",
    "StandardItem",
    "document_path",
    "new_calendar_token",
    "new_jitsi_room",
]
