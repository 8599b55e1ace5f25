"""Meetings as iCalendar: the file attached to invitations, updates and cancellations, and feeds.

Every meeting has one UID in every file we produce, so a client that got the invitation by e-mail
and also subscribes to a feed shows one entry, and a later update or cancellation replaces it.

The text is German, like the invitation it travels with: the summary, the agenda lines and the
notes come from the municipality's own data, which is German.

Non-public items reach a file only when the caller says the recipient may see them; the agenda is
filtered here, in one place, and the tests read the whole file to prove it.
"""

import datetime
from collections.abc import Callable, Iterable
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from icalendar import Calendar, Event, vCalAddress

from meetings.models import AgendaItem, Meeting

PRODID = "-//Ratssaal//DE"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
METHODS = frozenset({REQUEST, CANCEL})

STATUS = {
    Meeting.State.DRAFT: "TENTATIVE",
    Meeting.State.CANCELLED: "CANCELLED",
}


def uid_for(meeting: Meeting) -> str:
    """The meeting's UID: the same in every invitation, update, cancellation and feed.

    It must never change for a meeting, or clients would show it twice: the domain is the
    installation's `CALENDAR_UID_DOMAIN`, never the host a request came in on.
    """
    return f"ratssaal-meeting-{meeting.pk}@{settings.CALENDAR_UID_DOMAIN}"


def invitation_calendar(
    meeting: Meeting, *, method: str, sequence: int, include_non_public: bool, url: str
) -> bytes:
    """The .ics attached to an invitation or update (REQUEST) or a cancellation (CANCEL).

    iTIP (RFC 5546) needs the METHOD and an ORGANIZER; a client applies a REQUEST or CANCEL only
    if its SEQUENCE is not lower than the one it has, so the caller passes the dispatch's sequence.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, not {method!r}")
    items = AgendaItem.objects.filter(meeting=meeting).select_related("consultation__paper")
    if not include_non_public:
        items = items.filter(is_public=True)
    event = _event(
        meeting,
        items=items,
        include_non_public=include_non_public,
        sequence=sequence,
        status="CANCELLED" if method == CANCEL else "CONFIRMED",
        url=url,
    )
    event.organizer = _organizer()
    calendar = _calendar([event], meetings=[meeting])
    calendar.method = method
    return calendar.to_ical()


def feed_calendar(
    meetings: QuerySet[Meeting],
    *,
    name: str,
    may_see_non_public: Callable[[Meeting], bool],
    url_for: Callable[[Meeting], str],
) -> bytes:
    """A subscribable feed (no METHOD): one event per meeting, cancelled ones marked as such.

    Cancelled meetings stay in the feed, so that subscribers' clients remove or strike them
    instead of keeping a stale entry. The queryset is loaded with its agenda in a fixed number of
    queries, however many meetings it holds.
    """
    meetings = list(
        meetings.select_related("body", "location").prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("consultation__paper"),
            )
        )
    )
    events = []
    for meeting in meetings:
        include_non_public = may_see_non_public(meeting)
        events.append(
            _event(
                meeting,
                items=meeting.agenda_items.all(),
                include_non_public=include_non_public,
                sequence=meeting.calendar_sequence,
                status=STATUS.get(meeting.state, "CONFIRMED"),
                url=url_for(meeting),
            )
        )
    calendar = _calendar(events, meetings=meetings)
    calendar.calendar_name = name
    # Outlook and Google read the feed's default zone from here, not from the VTIMEZONE.
    calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    return calendar.to_ical()


def _event(
    meeting: Meeting,
    *,
    items: Iterable[AgendaItem],
    include_non_public: bool,
    sequence: int,
    status: str,
    url: str,
) -> Event:
    # Local time with a TZID, not UTC: a meeting at 18:00 stays at 18:00 for a client whose
    # idea of the daylight saving rules differs from ours.
    zone = ZoneInfo(settings.TIME_ZONE)
    location = meeting.location
    return Event.new(
        uid=uid_for(meeting),
        sequence=sequence,
        start=meeting.start.astimezone(zone),
        end=meeting.planned_end.astimezone(zone),
        summary=f"{meeting.number}. Sitzung: {meeting.body.name}",
        location=(
            f"{location.room}, {location.street_address}, {location.postal_code} "
            f"{location.locality}"
        ),
        url=url,
        description=_description(meeting, items, include_non_public=include_non_public),
        status=status,
    )


def _description(meeting: Meeting, items: Iterable[AgendaItem], *, include_non_public: bool) -> str:
    """The agenda, one line per item, then the notes for the public."""
    # The items are filtered here even when the query already did: this is the last gate before
    # the text leaves the system. `order` is the place in the whole agenda (Ö 2 before Ö 10).
    visible = [item for item in items if item.is_public or include_non_public]
    lines = [
        _agenda_line(item, include_non_public=include_non_public)
        for item in sorted(visible, key=lambda item: item.order)
    ]
    if meeting.public_notes.strip():
        lines += ["", meeting.public_notes.strip()]
    return "\n".join(lines)


def _agenda_line(item: AgendaItem, *, include_non_public: bool) -> str:
    line = f"{item.number} {item.title}"
    try:
        paper = item.consultation.paper
    except AgendaItem.consultation.RelatedObjectDoesNotExist:
        return line
    if paper.is_public or include_non_public:
        line += f" ({paper.reference})"
    return line


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return vCalAddress.new(address or settings.DEFAULT_FROM_EMAIL, cn=name or None)


def _calendar(events: list[Event], *, meetings: list[Meeting]) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    for event in events:
        calendar.add_component(event)
    if meetings:
        # The VTIMEZONE covers the years of these meetings only: the default (1970 to 2038) would
        # put some 3 kB of transition dates into every invitation.
        first = min(meeting.start for meeting in meetings).date()
        last = max(meeting.planned_end for meeting in meetings).date()
        calendar.add_missing_timezones(
            first_date=datetime.date(first.year - 1, 1, 1),
            last_date=datetime.date(last.year + 1, 12, 31),
        )
    return calendar
