"""PDF documents for papers and agenda items: checked by content, stored under a random name."""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from meetings.audit import record_for_meeting, record_for_paper
from meetings.errors import MeetingError
from meetings.models import AgendaChange, AgendaItem, Document, Paper
from meetings.services.agenda import ensure_editable, locked
from meetings.services.changes import record_change

PDF_MAGIC = b"%PDF-"
PDF_END = b"%%EOF"
# Scanners and signing tools may append data after the end marker: look this far back for it.
PDF_END_WINDOW = 64 * 1024


def check_pdf(upload) -> bytes:
    """The upload's bytes if it is a PDF within the size limit; its name proves nothing."""
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise MeetingError(
            _("The file is too large (%(size)s); at most %(limit)s are allowed.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES),
            }
        )
    content = b"".join(upload.chunks())
    if not content.startswith(PDF_MAGIC) or PDF_END not in content[-PDF_END_WINDOW:]:
        raise MeetingError(_("The file is not a PDF document. Please upload a PDF."))
    return content


def clean_name(name: str) -> str:
    """The original name as data only: no folders, no control characters, at most 255 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(char for char in base if char.isprintable())[:255] or "dokument.pdf"


@transaction.atomic
def add_document(
    *, by, upload, title: str, agenda_item: AgendaItem | None = None, paper: Paper | None = None
) -> Document:
    """Attach a PDF to an agenda item (while its meeting can change) or to a paper."""
    content = check_pdf(upload)
    if agenda_item is not None:
        meeting = locked(agenda_item.meeting)
        ensure_editable(meeting)
    document = Document(
        agenda_item=agenda_item,
        paper=paper,
        title=title,
        original_name=clean_name(upload.name),
        size=len(content),
        sha512=hashlib.sha512(content).hexdigest(),
        uploaded_by=by,
    )
    document.file.save("upload.pdf", ContentFile(content), save=False)
    try:
        document.save()
        if agenda_item is not None:
            record_change(
                meeting,
                AgendaChange.Kind.DOCUMENT_ADDED,
                f"{agenda_item.number}: {title}",
                is_public=agenda_item.is_public,
            )
            record_for_meeting(
                "document.added", by=by, meeting=meeting, item=str(agenda_item), document=title
            )
        elif paper is not None:
            record_for_paper("document.added", by=by, paper=paper, document=title)
    except Exception:
        # Nothing half-written stays behind: no row, so no file either.
        document.file.delete(save=False)
        raise
    return document
