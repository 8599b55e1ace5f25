"""Meetings, items, papers and PDFs for the meetings tests, built through the services."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from reportlab.pdfgen.canvas import Canvas

from meetings.models import Meeting, Paper
from meetings.services.agenda import add_item, create_meeting, location_for
from meetings.services.papers import create_paper
from tests.factories import make_membership, make_person


def in_days(days: int, *, hour: int = 18) -> datetime.datetime:
    """A full hour, Berlin time, `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def make_location(
    *, room="Ratssaal", street_address="Markt 1", postal_code="12345", locality="Musterstadt"
):
    return location_for(
        room=room, street_address=street_address, postal_code=postal_code, locality=locality
    )


def make_meeting(*, by, body, start=None, location=None, **fields) -> Meeting:
    """A draft meeting of `body`, 30 days ahead (well within a notice period), 3 hours long."""
    start = start or in_days(30)
    return create_meeting(
        by=by,
        body=body,
        start=start,
        planned_end=start + datetime.timedelta(hours=3),
        location=location or make_location(),
        **fields,
    )


def make_item(*, by, meeting, title="Eröffnung", is_public=True, **fields):
    return add_item(by=by, meeting=meeting, title=title, is_public=is_public, **fields)


def make_paper(*, by, path, title="Sanierung der Grundschule", **fields) -> Paper:
    return create_paper(
        by=by,
        kind=fields.pop("kind", Paper.Kind.RESOLUTION_PROPOSAL),
        title=title,
        path=path,
        **fields,
    )


def make_emailed_member(body, email: str, **membership_fields):
    """A seat in `body` for a person with this e-mail address."""
    return make_membership(person=make_person(email=email), body=body, **membership_fields)


def set_state(meeting: Meeting, state: str) -> Meeting:
    """Put a meeting into a state directly, as the live session would; beyond a draft it counts
    as invited (published), as after a real invitation."""
    reason = "Sturmwarnung" if state == Meeting.State.CANCELLED else ""
    invited = None if state == Meeting.State.DRAFT else timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(state=state, cancel_reason=reason, invited=invited)
    meeting.refresh_from_db()
    return meeting


def pdf_bytes(text: str = "Anlage zur Vorlage") -> bytes:
    """A real one-page PDF."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def upload(content: bytes, name: str = "anlage.pdf") -> ContentFile:
    """An upload as the service sees it; unlike Django's own uploads, its name is left as given."""
    return ContentFile(content, name=name)
