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


# The fonts every PDF reader has built in; a PDF that uses one of them does not embed it.
BASE_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-BoldOblique",
    "Courier-Oblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-BoldOblique",
    "Helvetica-Oblique",
    "Symbol",
    "Times-Bold",
    "Times-BoldItalic",
    "Times-Italic",
    "Times-Roman",
    "ZapfDingbats",
}


FONT_FILES = ("/FontFile2", "/FontFile", "/FontFile3")


def fonts_of(content: bytes) -> list[dict]:
    """Every font the pages use, also inside form XObjects and annotation appearances, as
    resolved pypdf dictionaries."""
    fonts = []

    def walk(resources, seen):
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            fonts.append(font.get_object())
        for xobject in (resources.get("/XObject") or {}).values():
            key = (xobject.idnum, xobject.generation) if hasattr(xobject, "idnum") else id(xobject)
            if key not in seen:
                seen.add(key)
                walk(xobject.get_object().get("/Resources"), seen)

    for page in reader(content).pages:
        seen = set()
        walk(page.get("/Resources"), seen)
        for annotation in page.get("/Annots") or []:
            for appearance in (annotation.get_object().get("/AP") or {}).values():
                appearance = appearance.get_object()
                if "/Resources" in appearance:
                    walk(appearance["/Resources"], seen)
    return fonts


def font_name(font: dict) -> str:
    """The font's name without the subset tag ("AAAAAA+BitstreamVeraSans-Roman" → "Bitstream…")."""
    return str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]


def embedded_font_file(font: dict) -> str | None:
    """Which font program the PDF embeds for `font` (/FontFile2 for TrueType, /FontFile or
    /FontFile3 for Type 1 and CFF), or None if it embeds none."""
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return None
    return next((key for key in FONT_FILES if key in descriptor.get_object()), None)
