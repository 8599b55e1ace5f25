"""Niederschrift as PDF: the record of `minutes.record` laid out in German, full or public.

The record itself is embedded as `sitzungsprotokoll.json`. The "Unterschriften" block at the end
has an empty box for the recorder and one for the chair; the renderer reports where they were
drawn, so that the signatures can be placed there without reading the PDF again.
"""

import datetime
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from council.pdf import (
    BERLIN,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    RULE,
    build_pdf,
    german_date,
    label_table,
    paragraph_styles,
    ruled_table_style,
)

ATTACHMENT = "sitzungsprotokoll.json"
LABEL_WIDTH = 38 * mm
ROOM_FOR_SECTION = 35 * mm
TABLE_FONT_SIZE = 9

CHOICES = {"yes": "Ja", "no": "Nein", "abstain": "Enthaltung"}
KINDS = {
    "named": "Namentliche Abstimmung",
    "show_of_hands": "Offene Abstimmung (Handzeichen)",
    "secret": "Geheime Abstimmung",
}
ELECTION_KINDS = {"secret": "Geheime Wahl", "show_of_hands": "Offene Wahl", "named": "Offene Wahl"}
STATUS = {"deferred": "vertagt", "withdrawn": "abgesetzt"}
FAULTS = {
    "undecided": "Nicht entschieden",
    "member": "Im Verantwortungsbereich des Mitglieds",
    "municipality": "Im Verantwortungsbereich der Kommune",
}
CHANGE_KINDS = {
    "schedule": "Termin geändert",
    "location": "Ort geändert",
    "item_added": "Punkt aufgenommen",
    "item_removed": "Punkt abgesetzt",
    "item_changed": "Punkt geändert",
    "item_moved": "Punkt verschoben",
    "document_added": "Unterlage nachgereicht",
}
ATTENDANCE = {
    "absent": "abwesend",
    "excused": "entschuldigt",
    "unknown": "nicht erfasst",
}
ROLES = {"recorder": "Schriftführer/in", "chair": "Vorsitz"}


@dataclass(frozen=True)
class SignatureSlot:
    """Where a signature goes: `page` is the 0-based page index, `box` (x1, y1, x2, y2) in PDF
    points from the page's lower left corner."""

    page: int
    box: tuple[float, float, float, float]

    def as_json(self) -> dict:
        return {"page": self.page, "box": list(self.box)}

    @classmethod
    def from_json(cls, data: dict) -> "SignatureSlot":
        return cls(page=data["page"], box=tuple(data["box"]))


@dataclass(frozen=True)
class RenderedMinutes:
    pdf: bytes
    slots: dict[str, SignatureSlot]


class SignatureBlock(Flowable):
    """Two empty boxes side by side, recorder and chair, with their names and roles below.
    Remembers where it was drawn (page and boxes), as the signatures need it."""

    BOX_HEIGHT = 28 * mm
    CAPTION = 12 * mm
    GAP = 10 * mm

    def __init__(self, names: dict[str, str]):
        super().__init__()
        self.names = names
        self.slots: dict[str, SignatureSlot] = {}
        self.box_width = (CONTENT_WIDTH - self.GAP) / 2

    def wrap(self, available_width, available_height):
        return CONTENT_WIDTH, self.BOX_HEIGHT + self.CAPTION

    def drawOn(self, canvas, x, y, _sW=0):
        page = canvas.getPageNumber() - 1
        for index, role in enumerate(ROLES):
            left = x + index * (self.box_width + self.GAP)
            bottom = y + self.CAPTION
            self.slots[role] = SignatureSlot(
                page=page,
                box=(
                    round(left, 2),
                    round(bottom, 2),
                    round(left + self.box_width, 2),
                    round(bottom + self.BOX_HEIGHT, 2),
                ),
            )
        super().drawOn(canvas, x, y, _sW)

    def draw(self):
        canvas = self.canv
        for index, (role, label) in enumerate(ROLES.items()):
            left = index * (self.box_width + self.GAP)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.rect(left, self.CAPTION, self.box_width, self.BOX_HEIGHT)
            canvas.setStrokeColor(INK)
            canvas.line(left, self.CAPTION, left + self.box_width, self.CAPTION)
            canvas.setFillColor(INK)
            canvas.setFont(FONT_BOLD, 9.5)
            canvas.drawString(left, self.CAPTION - 4.5 * mm, self.names.get(role) or "")
            canvas.setFillColor(MUTED)
            canvas.setFont(FONT, 8.5)
            canvas.drawString(left, self.CAPTION - 9 * mm, label)


def minutes_title(record: dict) -> str:
    return (
        f"Niederschrift über die {record['meeting']['number']}. Sitzung – {record['body']['name']}"
    )


def render(record: dict, *, version: int, changes: str = "") -> RenderedMinutes:
    """The minutes of `record` (full or public, as `record["audience"]` says) as PDF bytes, with
    the record embedded and where the two signature boxes are."""
    public = record["audience"] == "public"
    title = minutes_title(record)
    signatures = SignatureBlock(
        {
            "recorder": (record.get("recorder") or {}).get("name", ""),
            "chair": (record.get("chair") or {}).get("name", ""),
        }
    )
    story = Story(record)
    story.head(title, version=version, changes=changes, public=public)
    story.attendance()
    story.agenda_overview()
    story.items()
    story.failures()
    story.corrections()
    story.closing()
    story.flowables.append(
        KeepTogether(
            [
                Paragraph("Unterschriften", story.styles["heading"]),
                Spacer(1, 4 * mm),
                signatures,
            ]
        )
    )
    kind = "Öffentliche Niederschrift" if public else "Niederschrift (vollständig)"
    # Compact: json's C encoder does not indent, and this runs on every rendering.
    embedded = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    pdf = build_pdf(
        title=title,
        subject=f"{kind}, Fassung {version}",
        story=story.flowables,
        lang="de-DE",
        attachments={
            ATTACHMENT: (embedded.encode(), "application/json", "Sitzungsverlauf als JSON")
        },
    )
    return RenderedMinutes(pdf=pdf, slots=dict(signatures.slots))


def moment(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value).astimezone(BERLIN) if value else None


def clock(value: str | None) -> str:
    local = moment(value)
    return f"{local:%H:%M}" if local else "–"


def text(value: str) -> str:
    """User text for a Paragraph: escaped, line breaks kept."""
    return "<br/>".join(escape(line) for line in value.strip().splitlines())


class Story:
    """The flowables of the minutes, section by section."""

    def __init__(self, record: dict):
        self.record = record
        self.styles = paragraph_styles()
        self.flowables: list[Flowable] = []

    def add(self, body: str, style: str = "body") -> None:
        self.flowables.append(Paragraph(body, self.styles[style]))

    def section(self, heading: str) -> None:
        self.flowables.append(CondPageBreak(ROOM_FOR_SECTION))
        self.add(escape(heading), "heading")

    def head(self, title: str, *, version: int, changes: str, public: bool) -> None:
        record, meeting = self.record, self.record["meeting"]
        self.add("Öffentliche Niederschrift" if public else "Niederschrift", "small")
        self.add(escape(title), "title")
        revision = f"Fassung {version}" + (" – berichtigte Fassung" if version > 1 else "")
        self.add(revision, "subtitle")
        started, closed = moment(meeting["started"]), moment(meeting["closed"])
        rows = [
            ("Sitzungsbeginn", escape(german_date(started)) if started else "–"),
            ("Sitzungsende", f"{closed:%H:%M} Uhr" if closed else "–"),
            ("Ort", escape(meeting["location"])),
            (
                "Sitzungsform",
                "Hybride Sitzung (Teilnahme per Videokonferenz möglich)"
                if meeting["hybrid"]
                else "Präsenzsitzung",
            ),
        ]
        for interruption in record["interruptions"]:
            rows.append(
                (
                    "Unterbrechung",
                    f"{clock(interruption['started'])}–{clock(interruption['ended'])} Uhr: "
                    f"{escape(interruption['reason'])}",
                )
            )
        rows.append(("Beschlussfähigkeit", quorum_words(record["quorum"])))
        rows.append(("Vorsitz", escape((record.get("chair") or {}).get("name", "–"))))
        rows.append(("Schriftführung", escape((record.get("recorder") or {}).get("name", "–"))))
        self.flowables.append(label_table(rows, self.styles, label_width=LABEL_WIDTH))
        if version > 1 and changes.strip():
            self.add(f"<b>Änderungen gegenüber Fassung {version - 1}:</b> {text(changes)}")
        if not public and any(not item["public"] for item in record["items"]):
            self.add(
                "Diese Niederschrift enthält den nichtöffentlichen Teil der Sitzung "
                "und ist vertraulich zu behandeln.",
                "small",
            )
        if record.get("opening", "").strip():
            self.section("Eröffnung")
            self.add(text(record["opening"]))

    def attendance(self) -> None:
        rows = self.record["attendance"]
        self.section("Anwesenheit")
        hall = sum(1 for r in rows if any(not p["remote"] for p in r["periods"]))
        remote = sum(1 for r in rows if r["periods"] and all(p["remote"] for p in r["periods"]))
        excused = sum(1 for r in rows if not r["periods"] and r["state"] == "excused")
        absent = len(rows) - hall - remote - excused
        self.add(
            f"Anwesend im Saal: {hall}, per Videokonferenz: {remote}, "
            f"entschuldigt: {excused}, abwesend: {absent}."
        )
        table = [["Name", "Fraktion", "Teilnahme", "Zeiten"]]
        for row in rows:
            name = row["name"] + (" (Vorsitz)" if row["role"] == "chair" else "")
            if not row["voting"]:
                name += " (beratend)"
            table.append([name, row["faction"] or "", participation(row), periods(row)])
        self.flowables.append(ruled(table, [62 * mm, 22 * mm, 32 * mm, CONTENT_WIDTH - 116 * mm]))

    def agenda_overview(self) -> None:
        record = self.record
        self.section("Tagesordnung")
        rows = [["TOP", "Gegenstand", "Ergebnis"]]
        for item in record["items"]:
            rows.append(
                [
                    item["number"],
                    Paragraph(escape(item["title"]), self.styles["table"]),
                    Paragraph(escape(item_result(item)), self.styles["table"]),
                ]
            )
        if record.get("non_public_part"):
            rows.append(["", "Nichtöffentlicher Teil", ""])
        self.flowables.append(ruled(rows, [18 * mm, CONTENT_WIDTH - 78 * mm, 60 * mm]))
        for change in record["agenda_changes"]:
            detail = f": {escape(change['detail'])}" if change["detail"] else ""
            self.add(f"Änderung der Tagesordnung – {CHANGE_KINDS[change['kind']]}{detail}", "small")

    def items(self) -> None:
        record = self.record
        part = None
        for item in record["items"]:
            if item["public"] != part:
                part = item["public"]
                self.section("Öffentlicher Teil" if part else "Nichtöffentlicher Teil")
            self.item(item)
        if record.get("non_public_part"):
            self.section("Nichtöffentlicher Teil")
            self.add(
                "Der nichtöffentliche Teil der Sitzung ist nicht Bestandteil der öffentlichen "
                "Niederschrift."
            )

    def item(self, item: dict) -> None:
        self.flowables.append(CondPageBreak(ROOM_FOR_SECTION))
        self.add(f"{escape(item['number'])} {escape(item['title'])}", "subheading")
        paper = item["paper"]
        if paper:
            self.add(f"Vorlage {escape(paper['reference'])}: {escape(paper['title'])}", "small")
        if item["status"] in STATUS:
            self.add(f"Der Punkt wurde {STATUS[item['status']]}.")
        if item["text"].strip():
            self.add(text(item["text"]))
        if paper and paper["resolution"].strip():
            self.add(f"<b>Beschlussvorschlag:</b> {text(paper['resolution'])}")
        for conflict in item["conflicts"]:
            self.add(
                f"{escape(conflict['name'])} war befangen und hat an Beratung und Abstimmung "
                "nicht teilgenommen."
            )
        if item.get("discussion", "").strip():
            self.add(f"<b>Beratung:</b> {text(item['discussion'])}")
        if item.get("statements", "").strip():
            self.add(f"<b>Erklärungen zu Protokoll:</b> {text(item['statements'])}")
        for ballot in item["ballots"]:
            self.ballot(ballot)

    def ballot(self, ballot: dict) -> None:
        kind = (ELECTION_KINDS if ballot["election"] else KINDS)[ballot["kind"]]
        repeated = " (Wiederholung)" if ballot["repeats"] else ""
        self.add(
            f"<b>{kind}{repeated}</b> ({clock(ballot['closed'] or ballot['opened'])} Uhr): "
            f"{text(ballot['question'])}"
        )
        if ballot["state"] == "open":
            self.add("Die Abstimmung wurde nicht abgeschlossen.")
            return
        label = "Ergebnis"
        if ballot["state"] == "annulled":
            self.add(f"Die Abstimmung wurde aufgehoben: {text(ballot['annul_reason'])}")
            if not ballot["text"]:
                return
            label = "Ergebnis vor der Aufhebung"
        self.add(
            f"<b>{label}:</b> {escape(ballot['text'])} ({ballot['eligible']} Stimmberechtigte)"
        )
        if ballot["votes"]:
            self.flowables.append(named_votes(ballot["votes"]))
            self.flowables.append(Spacer(1, 3 * mm))

    def failures(self) -> None:
        failures = self.record["failures"]
        if not failures:
            return
        self.section("Verbindungsstörungen und Entscheidungen des Vorsitzes")
        rows = [["Gemeldet", "Mitglied", "Entscheidung"]]
        for failure in failures:
            decision = FAULTS[failure["fault"]]
            if failure["decision"].strip():
                decision += f": {text(failure['decision'])}"
            rows.append(
                [
                    f"{clock(failure['reported'])} Uhr",
                    Paragraph(escape(failure["name"]), self.styles["table"]),
                    Paragraph(decision, self.styles["table"]),
                ]
            )
        self.flowables.append(ruled(rows, [24 * mm, 50 * mm, CONTENT_WIDTH - 74 * mm]))

    def corrections(self) -> None:
        corrections = self.record.get("corrections", [])
        if not corrections:
            return
        self.section("Berichtigungen")
        for correction in corrections:
            made = moment(correction["made"])
            self.add(
                f"{escape(describe(correction, self.record))}. Grund: {text(correction['reason'])} "
                f"({escape(correction['by'])}, {made:%d.%m.%Y %H:%M} Uhr)"
            )

    def closing(self) -> None:
        record = self.record
        if record.get("closing", "").strip():
            self.section("Schluss der Sitzung")
            self.add(text(record["closing"]))
        closed = moment(record["meeting"]["closed"])
        if closed:
            self.add(f"Der Vorsitz schloss die Sitzung um {closed:%H:%M} Uhr.")


def quorum_words(changes: list[dict]) -> str:
    """Festgestellt when first reached, then every loss and return."""
    if not changes:
        return "nicht festgestellt"
    words = []
    for index, change in enumerate(changes):
        if not change["has_quorum"]:
            verb = "verloren"
        else:
            verb = "wieder gegeben" if index else "festgestellt"
        words.append(
            f"{verb} um {clock(change['at'])} Uhr ({change['present']} von {change['legal']} "
            f"Mitgliedern anwesend, erforderlich {change['required']})"
        )
    return "; ".join(words)


def participation(row: dict) -> str:
    if not row["periods"]:
        return ATTENDANCE.get(row["state"], "abwesend")
    ways = []
    if any(not p["remote"] for p in row["periods"]):
        ways.append("im Saal")
    if any(p["remote"] for p in row["periods"]):
        ways.append("per Video")
    return ", ".join(ways)


def periods(row: dict) -> str:
    return "; ".join(
        f"{clock(p['arrived'])}–{clock(p['left'])}" + (" (Video)" if p["remote"] else "")
        for p in row["periods"]
    )


def item_result(item: dict) -> str:
    if item["status"] in STATUS:
        return STATUS[item["status"]]
    texts = [b["text"] for b in item["ballots"] if b["state"] == "closed" and b["text"]]
    return texts[-1] if texts else ("behandelt" if item["status"] == "done" else "")


def describe(correction: dict, record: dict) -> str:
    """What a correction changed, in words."""
    value, previous = correction["value"], correction["previous"]
    if correction["kind"] == "attendance":
        person = int(correction["target"].split(":")[1])
        name = next((r["name"] for r in record["attendance"] if r["person"] == person), "")
        return (
            f"Anwesenheit von {name}: {attendance_words(value)} "
            f"(bisher: {attendance_words(previous)})"
        )
    if correction["kind"] == "ballot":
        return f"Abstimmungsergebnis: {counts_words(value)} (bisher: {counts_words(previous)})"
    return (
        f"Sitzungszeiten: {clock(value['started'])}–{clock(value['closed'])} Uhr "
        f"(bisher: {clock(previous['started'])}–{clock(previous['closed'])} Uhr)"
    )


def counts_words(counts: dict) -> str:
    abstentions = "Enthaltung" if counts["abstain"] == 1 else "Enthaltungen"
    return f"{counts['yes']} Ja, {counts['no']} Nein, {counts['abstain']} {abstentions}"


def attendance_words(value: dict) -> str:
    if value["state"] == "hall":
        return f"im Saal {clock(value['arrived'])}–{clock(value['left'])} Uhr"
    if value["state"] == "remote":
        return f"per Video {clock(value['arrived'])}–{clock(value['left'])} Uhr"
    return ATTENDANCE.get(value["state"], value["state"])


def ruled(rows: list[list], widths: list[float]) -> Table:
    """A table with a header row; plain strings in cells are fastest to lay out."""
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = ruled_table_style()
    style.add("FONTNAME", (0, 0), (-1, 0), FONT_BOLD)
    style.add("FONTSIZE", (0, 0), (-1, -1), TABLE_FONT_SIZE)
    style.add("TOPPADDING", (0, 0), (-1, -1), 3)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 4)
    table.setStyle(style)
    return table


def named_votes(votes: list[dict]) -> Table:
    """Name, faction and vote, in two halves side by side to keep the minutes short."""
    half = (len(votes) + 1) // 2
    left, right = votes[:half], votes[half:]
    name, faction, choice = 44 * mm, 17 * mm, CONTENT_WIDTH / 2 - 61 * mm
    rows = [["Name", "Fraktion", "Stimme", "Name", "Fraktion", "Stimme"]]
    for index, vote in enumerate(left):
        other = right[index] if index < len(right) else None
        row = [fitted(vote["name"], name), vote["faction"] or "", CHOICES[vote["choice"]]]
        if other:
            row += [fitted(other["name"], name), other["faction"] or "", CHOICES[other["choice"]]]
        else:
            row += ["", "", ""]
        rows.append(row)
    return ruled(rows, [name, faction, choice] * 2)


def fitted(value: str, width: float):
    """A plain string if it fits the column (fast), else a Paragraph that wraps."""
    if stringWidth(value, FONT, TABLE_FONT_SIZE) <= width - 8:
        return value
    return Paragraph(escape(value), paragraph_styles()["table_small"])
