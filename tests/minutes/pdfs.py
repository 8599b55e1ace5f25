"""Reading the minutes' PDFs back: text with pypdf, the embedded record, the metadata."""

import io
import json

import pypdf

from minutes.pdf import ATTACHMENT


def reader(content: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(content))


def text_of(content: bytes) -> str:
    """The text of every page, with line breaks and runs of spaces as single spaces."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader(content).pages)


def embedded_record(content: bytes) -> dict:
    [data] = reader(content).attachments[ATTACHMENT]
    return json.loads(data)


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()
