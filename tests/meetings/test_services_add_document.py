"""Uploading a document: a real PDF within the size limit, kept under a random name."""

import hashlib
import re

import pytest
from django.db import IntegrityError

from meetings.errors import MeetingError
from meetings.models import Document
from meetings.services.documents import add_document
from tests.meetings.factories import make_item, make_paper, pdf_bytes, upload


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


@pytest.fixture
def item(clerk, meeting):
    return make_item(by=clerk, meeting=meeting, title="Sanierung der Grundschule")


def test_pdf_is_stored_with_size_checksum_and_original_name(clerk, item):
    content = pdf_bytes()

    document = add_document(
        by=clerk, upload=upload(content, "Kostenschätzung.pdf"), title="Kosten", agenda_item=item
    )

    document.refresh_from_db()
    assert document.original_name == "Kostenschätzung.pdf"
    assert document.size == len(content)
    assert document.sha512 == hashlib.sha512(content).hexdigest()
    assert (document.agenda_item, document.uploaded_by, document.title) == (item, clerk, "Kosten")
    with document.file.open("rb") as stored:
        assert stored.read() == content


def test_pdf_can_belong_to_a_paper(clerk, body):
    paper = make_paper(by=clerk, path=[body])

    document = add_document(by=clerk, upload=upload(pdf_bytes()), title="Lageplan", paper=paper)

    assert list(paper.documents.all()) == [document]
    assert document.agenda_item is None


def test_stored_name_is_random_and_under_documents(clerk, item, media_root):
    first = add_document(by=clerk, upload=upload(pdf_bytes()), title="A", agenda_item=item)
    second = add_document(by=clerk, upload=upload(pdf_bytes()), title="B", agenda_item=item)

    for document in (first, second):
        assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)
    assert first.file.name != second.file.name
    assert stored_files(media_root) == sorted(
        media_root / document.file.name for document in (first, second)
    )


@pytest.mark.parametrize(
    "name, kept",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\x\\y.pdf", "y.pdf"),
        ("/var/www/../secret.pdf", "secret.pdf"),
        ("Anlage\x00\n1.pdf", "Anlage1.pdf"),
        ("../", "dokument.pdf"),
    ],
)
def test_folders_and_control_characters_are_dropped_from_the_name(clerk, item, name, kept):
    document = add_document(by=clerk, upload=upload(pdf_bytes(), name), title="A", agenda_item=item)

    assert document.original_name == kept
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)


def test_long_name_is_cut_to_255_characters(clerk, item):
    document = add_document(
        by=clerk, upload=upload(pdf_bytes(), "a" * 300 + ".pdf"), title="A", agenda_item=item
    )

    assert document.original_name == "a" * 255


def test_file_named_pdf_that_is_not_a_pdf_is_refused(clerk, item, media_root, english):
    fake = upload(b"<html>Das ist keine PDF-Datei</html>", "beschluss.pdf")

    with pytest.raises(MeetingError) as refused:
        add_document(by=clerk, upload=fake, title="Beschluss", agenda_item=item)

    assert str(refused.value) == "The file is not a PDF document. Please upload a PDF."
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_file_that_only_starts_like_a_pdf_is_refused(clerk, item, media_root):
    truncated = pdf_bytes()[:200]

    with pytest.raises(MeetingError):
        add_document(by=clerk, upload=upload(truncated), title="Halb", agenda_item=item)

    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_refusal_is_in_german_by_default(clerk, item):
    with pytest.raises(MeetingError, match="kein PDF-Dokument"):
        add_document(by=clerk, upload=upload(b"GIF89a"), title="Bild", agenda_item=item)


def test_file_over_the_size_limit_is_refused(clerk, item, media_root, settings, english):
    settings.DOCUMENT_MAX_BYTES = 1000
    content = pdf_bytes("x" * 2000)
    assert len(content) > 1000

    with pytest.raises(MeetingError) as refused:
        add_document(by=clerk, upload=upload(content), title="Groß", agenda_item=item)

    assert str(refused.value).startswith("The file is too large (")
    assert str(refused.value).endswith("at most 1000\xa0bytes are allowed.")
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_file_exactly_at_the_size_limit_is_accepted(clerk, item, settings):
    content = pdf_bytes()
    settings.DOCUMENT_MAX_BYTES = len(content)

    document = add_document(by=clerk, upload=upload(content), title="Genau", agenda_item=item)

    assert document.size == settings.DOCUMENT_MAX_BYTES


def test_failed_save_leaves_no_file_behind(clerk, media_root):
    # A document without owner breaks a database constraint after the file was written.
    with pytest.raises(IntegrityError):
        add_document(by=clerk, upload=upload(pdf_bytes()), title="Waise")

    assert stored_files(media_root) == []
