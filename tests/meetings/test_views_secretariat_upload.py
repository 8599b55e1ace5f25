"""Uploading a document to an agenda item: refusals in the reader's language, nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Document
from tests.meetings.factories import make_item, pdf_bytes


@pytest.fixture
def item(clerk, meeting):
    return make_item(by=clerk, meeting=meeting, title="Sanierung der Grundschule")


def post_upload(client, item, content, *, language="de", name="beschluss.pdf"):
    return client.post(
        reverse("agenda-item-edit", args=[item.meeting_id, item.pk]),
        {
            "action": "document",
            "title": "Beschlussvorlage",
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_pdf_is_attached_to_the_item(clerk_client, item):
    response = post_upload(clerk_client, item, pdf_bytes(), name="Kosten.pdf")

    document = Document.objects.get()
    assert response.url == reverse("agenda-item-edit", args=[item.meeting_id, item.pk])
    assert (document.agenda_item, document.original_name) == (item, "Kosten.pdf")


def test_non_pdf_is_refused_in_german(clerk_client, item, media_root):
    response = post_upload(clerk_client, item, b"MZ\x90\x00 kein pdf", language="de")

    assert response.status_code == 200
    assert "Die Datei ist kein PDF-Dokument." in response.content.decode()
    assert not Document.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))


def test_non_pdf_is_refused_in_english(clerk_client, item):
    response = post_upload(clerk_client, item, b"MZ\x90\x00 kein pdf", language="en")

    assert response.status_code == 200
    assert "The file is not a PDF document. Please upload a PDF." in response.content.decode()
    assert "kein PDF-Dokument" not in response.content.decode()
    assert not Document.objects.exists()


def test_too_large_file_is_refused_with_the_limit(clerk_client, item, settings):
    settings.DOCUMENT_MAX_BYTES = 1024

    response = post_upload(clerk_client, item, pdf_bytes("x" * 3000), language="en")

    assert "The file is too large" in response.content.decode()
    assert "at most 1.0\xa0KB are allowed" in response.content.decode()
    assert not Document.objects.exists()
