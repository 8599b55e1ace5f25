"""The look of every PDF Ratssaal produces (invitations, notices, minutes): fonts, styles, page.

The fonts are the Bitstream Vera family that ships inside reportlab, embedded as TrueType subsets,
so a document renders the same on any server and any reader without a system font. Vera covers
Latin-1 and the WinAnsi punctuation German needs (ä ö ü ß „ “ – €).
"""

import datetime
import functools
import io
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from council.models import Municipality

FONT = "RatssaalSans"
FONT_BOLD = "RatssaalSans-Bold"
FONT_ITALIC = "RatssaalSans-Italic"
FONT_BOLD_ITALIC = "RatssaalSans-BoldItalic"

_FONT_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}

PAGE_SIZE = A4
LEFT_MARGIN = 25 * mm  # DIN 5008: room for punching and filing on the left
RIGHT_MARGIN = 20 * mm
TOP_MARGIN = 30 * mm
BOTTOM_MARGIN = 25 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - LEFT_MARGIN - RIGHT_MARGIN

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#c4c4c4")
SHADE = colors.HexColor("#f0f0f0")

BERLIN = ZoneInfo("Europe/Berlin")

# Written out here, not taken from the locale: the server's locale settings must not change a
# legal document.
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


@functools.cache
def register_fonts() -> None:
    """Register the embedded font family once per process."""
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


@functools.cache
def paragraph_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles by name: title, subtitle, heading, subheading, body, small, table…"""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=10,
        leading=14,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=6,
    )
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=22, spaceAfter=4
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=14
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            spaceBefore=16,
            spaceAfter=4,
            keepWithNext=True,
        ),
        "subheading": ParagraphStyle(
            "subheading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=True,
        ),
        "body": body,
        "small": ParagraphStyle(
            "small", parent=body, fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=4
        ),
        "table": ParagraphStyle("table", parent=body, fontSize=10, leading=13.5, spaceAfter=0),
        "table_strong": ParagraphStyle(
            "table_strong", parent=body, fontName=FONT_BOLD, fontSize=10, leading=13.5, spaceAfter=0
        ),
        "table_small": ParagraphStyle(
            "table_small", parent=body, fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=0
        ),
        "table_head": ParagraphStyle(
            "table_head", parent=body, fontName=FONT_BOLD, fontSize=9, leading=12, spaceAfter=0
        ),
    }


def plain_table_style() -> TableStyle:
    """A layout table without lines, e.g. for label/value blocks."""
    return TableStyle(
        [
            # Tables set a font on every cell, even one holding only Paragraphs: without this
            # the PDF would reference (unembedded) Helvetica.
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
    )


def label_table(rows: list[tuple[str, str]], styles, *, label_width: float) -> Table:
    """Label/value rows ("Sitzungsbeginn", "Donnerstag, …") as a table without lines; the values
    are Paragraph markup, escaped by the caller."""
    table = Table(
        [
            [Paragraph(label, styles["table_head"]), Paragraph(value, styles["table"])]
            for label, value in rows
        ],
        colWidths=[label_width, CONTENT_WIDTH - label_width],
        hAlign="LEFT",
    )
    table.setStyle(plain_table_style())
    return table


def ruled_table_style(*, header_rows: int = 1) -> TableStyle:
    """Light horizontal rules between rows, a shaded header, no vertical lines."""
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.4, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, MUTED),
        ]
    return TableStyle(commands)


def german_date(moment: datetime.datetime) -> str:
    """Donnerstag, 3. Dezember 2026, 18:00 Uhr — in Berlin time."""
    local = moment.astimezone(BERLIN)
    return (
        f"{WEEKDAYS[local.weekday()]}, {local.day}. {MONTHS[local.month - 1]} {local.year}, "
        f"{local:%H:%M} Uhr"
    )


class NumberedCanvas(Canvas):
    """Holds every page back until the document ends, then stamps "Seite x von y" on each.

    `attachments` (file name → (bytes, MIME type, description)) are embedded as attached files.
    """

    attachments: dict[str, tuple[bytes, str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []

    def showPage(self):
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        if self.attachments:
            _embed_files(self, self.attachments)
        super().save()

    def _draw_page_number(self, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8.5)
        self.setFillColor(MUTED)
        self.drawRightString(
            PAGE_SIZE[0] - RIGHT_MARGIN,
            BOTTOM_MARGIN - 13 * mm,
            f"Seite {self._pageNumber} von {total}",
        )
        self.restoreState()


def _embed_files(canvas: Canvas, attachments: dict[str, tuple[bytes, str, str]]) -> None:
    """Attach files to the document (the catalog's EmbeddedFiles name tree) while reportlab
    writes it: no second pass over the finished PDF."""
    names = []
    for filename, (content, mime_type, description) in sorted(attachments.items()):
        stream = pdfdoc.PDFStream(
            pdfdoc.PDFDictionary(
                {
                    "Type": pdfdoc.PDFName("EmbeddedFile"),
                    # A name, with its "/" escaped (reportlab's PDFName leaves it as it is).
                    "Subtype": "/" + mime_type.replace("/", "#2F"),
                    "Params": pdfdoc.PDFDictionary({"Size": len(content)}),
                }
            ),
            content=content,
            filters=[pdfdoc.PDFZCompress],
        )
        spec = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("Filespec"),
                "F": pdfdoc.PDFString(filename),
                "UF": pdfdoc.PDFString(filename),
                "Desc": pdfdoc.PDFString(description),
                "EF": pdfdoc.PDFDictionary({"F": canvas._doc.Reference(stream)}),
            }
        )
        names += [pdfdoc.PDFString(filename), canvas._doc.Reference(spec)]
    embedded = pdfdoc.PDFDictionary({"Names": pdfdoc.PDFArray(names)})
    canvas._doc.Catalog.Names = pdfdoc.PDFDictionary({"EmbeddedFiles": embedded})


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis until it fits the width."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + " …", font, size) > width:
        text = text[:-1]
    return text.rstrip() + " …"


def _page_decoration(*, issuer: str, title: str):
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = PAGE_SIZE
        right = width - RIGHT_MARGIN
        header_y = height - TOP_MARGIN + 11 * mm
        footer_rule_y = BOTTOM_MARGIN - 9 * mm
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(LEFT_MARGIN, header_y, issuer)
        issuer_width = pdfmetrics.stringWidth(issuer, FONT_BOLD, 9)
        canvas.setFont(FONT, 9)
        canvas.setFillColor(MUTED)
        room = CONTENT_WIDTH - issuer_width - 12 * mm
        canvas.drawRightString(right, header_y, _fit(title, FONT, 9, room))
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(LEFT_MARGIN, header_y - 2.5 * mm, right, header_y - 2.5 * mm)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(LEFT_MARGIN, footer_rule_y, right, footer_rule_y)
        canvas.restoreState()

    return draw


def build_pdf(
    *,
    title: str,
    subject: str,
    story: Iterable[Flowable],
    lang: str = "de",
    attachments: dict[str, tuple[bytes, str, str]] | None = None,
) -> bytes:
    """Lay out the story on A4 pages with the municipality's header and page numbers.

    `title` appears in the running header and, with `subject`, in the PDF metadata; the
    municipality is the author. `lang` becomes the catalog's /Lang (screen readers need it).
    `attachments` maps file names to (content, MIME type, description): embedded files.
    """
    register_fonts()
    municipality = Municipality.objects.first()
    issuer = municipality.name if municipality else ""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=issuer,
        subject=subject,
        creator="Ratssaal",
        lang=lang,
        displayDocTitle=True,
        initialFontName=FONT,
    )
    frame = Frame(
        LEFT_MARGIN,
        BOTTOM_MARGIN,
        CONTENT_WIDTH,
        PAGE_SIZE[1] - TOP_MARGIN - BOTTOM_MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    doc.addPageTemplates(
        PageTemplate(id="page", frames=[frame], onPage=_page_decoration(issuer=issuer, title=title))
    )
    # build() consumes the list it is given; the caller's story stays as it was.
    canvasmaker = NumberedCanvas
    if attachments:
        canvasmaker = type("AttachingCanvas", (NumberedCanvas,), {"attachments": attachments})
    doc.build(list(story), canvasmaker=canvasmaker)
    return buffer.getvalue()
