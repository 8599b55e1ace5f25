"""Einladung und öffentliche Bekanntmachung: a meeting's invitation and agenda as a PDF.

Two renderings of one agenda state: the members' invitation with the non-public part, and the
public notice, where the non-public part is announced but none of its items is named.
"""

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from council.pdf import (
    CONTENT_WIDTH,
    build_pdf,
    german_date,
    label_table,
    paragraph_styles,
    ruled_table_style,
)
from meetings.models import AgendaItem, Meeting

NUMBER_WIDTH = 20 * mm
LABEL_WIDTH = 32 * mm
SUB_ITEM_INDENT = 10
ROOM_FOR_PART = 40 * mm  # heading, table header and a first item or two


def notice_title(meeting: Meeting) -> str:
    # A dash instead of "des/der": the article depends on the body's name, which we cannot know.
    return f"Einladung zur {meeting.number}. Sitzung – {meeting.body.name}"


def render_notice(meeting: Meeting, *, include_non_public: bool, version: int) -> bytes:
    """The invitation (include_non_public=True, for members) or the public notice as PDF bytes."""
    # The stored `order` is the agenda's reading order: public part first, sub-items after parents.
    items = list(meeting.agenda_items.select_related("consultation__paper").order_by("order"))
    public = [item for item in items if item.is_public]
    non_public = [item for item in items if not item.is_public]
    styles = paragraph_styles()
    title = notice_title(meeting)

    story: list[Flowable] = []
    kind = "Einladung für die Mitglieder" if include_non_public else "Öffentliche Bekanntmachung"
    story.append(Paragraph(kind, styles["small"]))
    story.append(Paragraph(escape(title), styles["title"]))
    revision = f"Fassung {version}"
    if version > 1:
        revision += " – geänderte Fassung"
    story.append(Paragraph(revision, styles["subtitle"]))
    story.append(_details(meeting))
    if include_non_public and non_public:
        story.append(Spacer(1, 4))
        story.append(
            Paragraph(
                "Diese Einladung enthält den nichtöffentlichen Teil der Tagesordnung "
                "und ist vertraulich zu behandeln.",
                styles["small"],
            )
        )

    story.append(CondPageBreak(ROOM_FOR_PART))
    story.append(Paragraph("Tagesordnung", styles["heading"]))
    story += _agenda_part("Öffentlicher Teil", public)
    if include_non_public and non_public:
        story += _agenda_part("Nichtöffentlicher Teil", non_public)
    elif non_public:
        story.append(Paragraph("Nichtöffentlicher Teil: nur für Mitglieder", styles["subheading"]))

    subject = (
        "Einladung mit Tagesordnung für die Mitglieder"
        if include_non_public
        else "Öffentliche Bekanntmachung der Tagesordnung"
    )
    return build_pdf(title=title, subject=f"{subject}, {revision}", story=story)


def _details(meeting: Meeting) -> Table:
    """Date, place, form and notes as a label/value block."""
    styles = paragraph_styles()
    location = meeting.location
    rows = [
        ("Termin", escape(german_date(meeting.start))),
        (
            "Ort",
            f"{escape(location.room)}<br/>"
            f"{escape(location.street_address)}, {escape(location.postal_code)} "
            f"{escape(location.locality)}",
        ),
    ]
    if meeting.is_hybrid:
        rows.append(
            ("Sitzungsform", "Hybride Sitzung: Mitglieder können per Videokonferenz teilnehmen")
        )
    if meeting.public_notes.strip():
        notes = "<br/>".join(escape(line) for line in meeting.public_notes.strip().splitlines())
        rows.append(("Hinweise", notes))
    return label_table(rows, styles, label_width=LABEL_WIDTH)


def _agenda_part(heading: str, items: list[AgendaItem]) -> list[Flowable]:
    """A part's heading and its table. The heading does not use keepWithNext: that would move the
    whole table, however long, to the next page; a conditional break keeps it from being orphaned.
    """
    styles = paragraph_styles()
    heading_style = ParagraphStyle("part", parent=styles["subheading"], keepWithNext=False)
    return [
        CondPageBreak(ROOM_FOR_PART),
        Paragraph(heading, heading_style),
        _agenda_table(items),
    ]


def _agenda_table(items: list[AgendaItem]) -> Flowable:
    styles = paragraph_styles()
    if not items:
        return Paragraph("Keine Tagesordnungspunkte.", styles["body"])
    rows: list[list] = [
        [Paragraph("TOP", styles["table_head"]), Paragraph("Gegenstand", styles["table_head"])]
    ]
    for item in items:
        rows.append(_agenda_row(item))
    table = Table(
        rows,
        colWidths=[NUMBER_WIDTH, CONTENT_WIDTH - NUMBER_WIDTH],
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(ruled_table_style())
    return table


def _agenda_row(item: AgendaItem) -> list:
    styles = paragraph_styles()
    indent = SUB_ITEM_INDENT if item.parent_id else 0
    number_style = styles["table"] if indent else styles["table_strong"]
    cell = [Paragraph(escape(item.title), _indented(styles["table"], indent))]
    consultation = getattr(item, "consultation", None)
    if consultation is not None:
        reference = f"Vorlage {escape(consultation.paper.reference)}"
        cell.append(Paragraph(reference, _indented(styles["table_small"], indent)))
    return [Paragraph(escape(item.number), _indented(number_style, indent)), cell]


def _indented(style: ParagraphStyle, indent: int) -> ParagraphStyle:
    if not indent:
        return style
    return ParagraphStyle(f"{style.name}-sub", parent=style, leftIndent=indent)
