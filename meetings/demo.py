"""Demo meetings of Musterstadt: papers, past meetings, the next Stadtrat meeting (invited, with
documents) and committee meetings in the coming weeks, all dated relative to today.

Seeded once: when the demo already has papers, nothing is added, so that a second run changes
nothing and work done in the demo is kept.
"""

import datetime
from xml.sax.saxutils import escape

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.platypus import Paragraph

from council.models import Body, Faction
from council.pdf import build_pdf, paragraph_styles
from meetings.models import Consultation, Meeting, Paper, StandardItem
from meetings.services.agenda import add_item, create_meeting, location_for
from meetings.services.documents import add_document
from meetings.services.invitations import send_invitation
from meetings.services.papers import create_paper

STANDARD_ITEMS = [
    (
        True,
        "Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Einladung und der "
        "Beschlussfähigkeit",
    ),
    (True, "Genehmigung der Niederschrift über die letzte Sitzung"),
    (True, "Mitteilungen der Verwaltung"),
    (True, "Anfragen der Ratsmitglieder"),
    (False, "Genehmigung der Niederschrift über den nichtöffentlichen Teil der letzten Sitzung"),
]

R = Paper.Kind.RESOLUTION_PROPOSAL
# (key, kind, title, proposed resolution, department or faction, public, path of body names)
PAPERS = [
    (
        "schule",
        R,
        "Sanierung der Grundschule „Am Lindenhof“",
        "Der Rat beschließt die Sanierung der Grundschule „Am Lindenhof“ mit Gesamtkosten von "
        "1,2 Mio. € und beauftragt die Verwaltung mit der Ausschreibung.",
        "Fachbereich Gebäudewirtschaft",
        True,
        ["Bauausschuss", "Hauptausschuss", "Stadtrat"],
    ),
    (
        "bplan",
        R,
        "Bebauungsplan Nr. 47 „Wohnen am Mühlbach“ – Aufstellungsbeschluss",
        "Der Rat beschließt die Aufstellung des Bebauungsplans Nr. 47 „Wohnen am Mühlbach“.",
        "Fachbereich Stadtplanung",
        True,
        ["Bauausschuss", "Stadtrat"],
    ),
    (
        "haushaltslage",
        Paper.Kind.REPORT,
        "Bericht zur Haushaltslage im 3. Quartal",
        "",
        "Kämmerei",
        True,
        ["Hauptausschuss"],
    ),
    (
        "radwege",
        Paper.Kind.FACTION_MOTION,
        "Sichere Radwege an der Bahnhofstraße",
        "Die Verwaltung wird beauftragt, bis zum Frühjahr ein Konzept für geschützte "
        "Radfahrstreifen an der Bahnhofstraße vorzulegen.",
        "GRÜNE",
        True,
        ["Bauausschuss", "Stadtrat"],
    ),
    (
        "haushalt",
        R,
        "Haushaltssatzung und Haushaltsplan 2027",
        "Der Rat beschließt die Haushaltssatzung 2027 mit ihren Anlagen.",
        "Kämmerei",
        True,
        ["Hauptausschuss", "Stadtrat"],
    ),
    (
        "buecherei",
        R,
        "Neufassung der Gebührensatzung der Stadtbücherei",
        "Der Rat beschließt die Gebührensatzung der Stadtbücherei in der anliegenden Fassung.",
        "Fachbereich Kultur",
        True,
        ["Hauptausschuss", "Stadtrat"],
    ),
    (
        "kita",
        Paper.Kind.FACTION_MOTION,
        "Kostenfreies Mittagessen in Kindertagesstätten prüfen",
        "Die Verwaltung prüft die Kosten eines kostenfreien Mittagessens in allen "
        "städtischen Kitas.",
        "SPD",
        True,
        ["Stadtrat"],
    ),
    (
        "breitband",
        Paper.Kind.REPORT,
        "Sachstand Breitbandausbau",
        "",
        "Stabsstelle Digitalisierung",
        True,
        ["Stadtrat"],
    ),
    (
        "grundstueck",
        R,
        "Verkauf des Grundstücks Gemarkung Musterstadt, Flur 3, Flurstück 112",
        "Der Rat stimmt dem Verkauf des Grundstücks an die Meistbietende zu.",
        "Liegenschaftsamt",
        False,
        ["Hauptausschuss", "Stadtrat"],
    ),
]

TOWN_HALL = {
    "room": "Großer Sitzungssaal",
    "street_address": "Marktplatz 1",
    "postal_code": "12345",
    "locality": "Musterstadt",
}
COMMITTEE_ROOM = {**TOWN_HALL, "room": "Sitzungsraum 2.14"}


def seed(*, with_passwords: bool) -> None:
    if Paper.objects.exists():
        return
    bodies = {body.name: body for body in Body.objects.all()}
    secretariat = get_user_model().objects.get(username="sekretariat")
    seed_standard_items(bodies.values())
    papers = {key: seed_paper(row, bodies, by=secretariat) for key, *row in PAPERS}
    seed_past_meetings(bodies, papers, by=secretariat)
    seed_next_council_meeting(bodies["Stadtrat"], papers, by=secretariat)
    seed_committee_meetings(bodies, papers, by=secretariat)


def seed_standard_items(bodies) -> None:
    for body in bodies:
        StandardItem.objects.bulk_create(
            StandardItem(body=body, position=position, title=title, is_public=is_public)
            for position, (is_public, title) in enumerate(STANDARD_ITEMS, start=1)
        )


def seed_paper(row, bodies, *, by) -> Paper:
    kind, title, resolution, originator, is_public, path = row
    faction = Faction.objects.filter(short_name=originator).first()
    paper = create_paper(
        by=by,
        kind=kind,
        title=title,
        path=[bodies[name] for name in path],
        resolution_text=resolution,
        originator_department="" if faction else originator,
        originator_faction=faction,
        is_public=is_public,
    )
    add_document(
        by=by,
        paper=paper,
        upload=demo_pdf(f"Vorlage {paper.reference}", title, resolution),
        title=f"Vorlage {paper.reference}",
    )
    return paper


def demo_pdf(heading: str, title: str, text: str) -> SimpleUploadedFile:
    styles = paragraph_styles()
    story = [
        Paragraph(escape(heading), styles["small"]),
        Paragraph(escape(title), styles["title"]),
        Paragraph(escape(text or "Die Verwaltung berichtet in der Sitzung."), styles["body"]),
    ]
    content = build_pdf(title=f"{heading}: {title}", subject=title, story=story)
    return SimpleUploadedFile("vorlage.pdf", content, content_type="application/pdf")


def evening(days_from_today: int, hour: int = 18) -> tuple[datetime.datetime, datetime.datetime]:
    """The first Tuesday or Thursday evening from that day on: councils meet on weekdays."""
    day = timezone.localdate() + datetime.timedelta(days=days_from_today)
    while day.weekday() not in (1, 3):
        day += datetime.timedelta(days=1)
    start = datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )
    return start, start + datetime.timedelta(hours=3)


def new_meeting(body, days_from_today, *, room=TOWN_HALL, by) -> Meeting:
    start, end = evening(days_from_today)
    return create_meeting(
        by=by,
        body=body,
        start=start,
        planned_end=end,
        location=location_for(**room),
        is_hybrid=True,
        public_notes="Die Sitzung ist öffentlich. Einlass ab 17:30 Uhr.",
    )


def seed_past_meetings(bodies, papers, *, by) -> None:
    """Earlier meetings whose papers went on to the next body, with their results."""
    bauausschuss = new_meeting(bodies["Bauausschuss"], -30, room=COMMITTEE_ROOM, by=by)
    for key in ("schule", "bplan", "radwege"):
        add_item(
            by=by, meeting=bauausschuss, title=papers[key].title, is_public=True, paper=papers[key]
        )
    hauptausschuss = new_meeting(bodies["Hauptausschuss"], -16, room=COMMITTEE_ROOM, by=by)
    for key in ("schule", "haushaltslage", "buecherei"):
        add_item(
            by=by,
            meeting=hauptausschuss,
            title=papers[key].title,
            is_public=True,
            paper=papers[key],
        )
    add_item(
        by=by,
        meeting=hauptausschuss,
        title=papers["grundstueck"].title,
        is_public=False,
        paper=papers["grundstueck"],
    )
    for meeting in (bauausschuss, hauptausschuss):
        Consultation.objects.filter(agenda_item__meeting=meeting).update(
            result=Consultation.Result.ACCEPTED
        )
        Meeting.objects.filter(pk=meeting.pk).update(
            state=Meeting.State.CLOSED,
            invited=meeting.start - datetime.timedelta(days=10),
            started=meeting.start,
            closed=meeting.planned_end,
        )
    Consultation.objects.filter(paper=papers["haushaltslage"]).update(
        result=Consultation.Result.NOTED
    )


def seed_next_council_meeting(stadtrat, papers, *, by) -> Meeting:
    """The Stadtrat in ten days: invited, twelve items, two of them non-public, with PDFs."""
    meeting = new_meeting(stadtrat, 10, by=by)
    for key in ("schule", "bplan", "radwege", "buecherei", "kita", "breitband"):
        add_item(by=by, meeting=meeting, title=papers[key].title, is_public=True, paper=papers[key])
    questions = meeting.agenda_items.get(title=STANDARD_ITEMS[3][1])
    for title in (
        "Anfrage der CDU-Fraktion zur Straßenbeleuchtung im Ortsteil Süd",
        "Anfrage der FDP-Fraktion zu Wartezeiten im Bürgerbüro",
    ):
        add_item(by=by, meeting=meeting, title=title, is_public=True, parent=questions)
    item = add_item(
        by=by,
        meeting=meeting,
        title=papers["grundstueck"].title,
        is_public=False,
        paper=papers["grundstueck"],
    )
    add_document(
        by=by,
        agenda_item=item,
        title="Wertgutachten (vertraulich)",
        upload=demo_pdf("Anlage", "Wertgutachten Flurstück 112", "Verkehrswert: 412.000 €"),
    )
    schule = meeting.agenda_items.get(title=papers["schule"].title)
    add_document(
        by=by,
        agenda_item=schule,
        title="Kostenschätzung",
        upload=demo_pdf("Anlage", "Kostenschätzung Grundschule", "Gesamtkosten brutto: 1,2 Mio. €"),
    )
    send_invitation(by=by, meeting=meeting)
    return meeting


def seed_committee_meetings(bodies, papers, *, by) -> None:
    """Committee meetings in the coming weeks, still drafts: the secretariat's next work."""
    hauptausschuss = new_meeting(bodies["Hauptausschuss"], 17, room=COMMITTEE_ROOM, by=by)
    add_item(
        by=by,
        meeting=hauptausschuss,
        title=papers["haushalt"].title,
        is_public=True,
        paper=papers["haushalt"],
    )
    new_meeting(bodies["Bauausschuss"], 24, room=COMMITTEE_ROOM, by=by)
