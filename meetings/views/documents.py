"""Downloads: documents, the public notice and the members' invitation, each behind its check.

Anything a user may not see is a 404, so that the answer does not reveal that it exists.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from meetings.models import Document, Meeting
from meetings.permissions import may_see_document, may_see_meeting, may_see_non_public


def pdf_response(field_file, filename: str) -> FileResponse:
    return FileResponse(
        field_file.open("rb"),
        content_type="application/pdf",
        filename=filename,
        as_attachment=False,
    )


def document_download(request, pk):
    document = get_object_or_404(
        Document.objects.select_related("agenda_item__meeting__body", "paper"), pk=pk
    )
    if not may_see_document(request.user, document):
        raise Http404
    return pdf_response(document.file, document.original_name)


def latest_notice(meeting: Meeting):
    notice = meeting.notices.first()
    if notice is None:
        raise Http404
    return notice


def public_notice(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not may_see_meeting(request.user, meeting):
        raise Http404
    notice = latest_notice(meeting)
    return pdf_response(notice.public_pdf, f"bekanntmachung-{meeting.pk}-v{notice.version}.pdf")


def invitation_pdf(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not may_see_non_public(request.user, meeting):
        raise Http404
    notice = latest_notice(meeting)
    return pdf_response(notice.full_pdf, f"einladung-{meeting.pk}-v{notice.version}.pdf")
