"""The invitation and public notice PDF: what each audience reads, and that the file is sound."""

import datetime
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetings.notice_pdf import render_notice
from meetings.services.agenda import add_item, create_meeting, location_for
from meetings.services.papers import create_paper
from tests.factories import make_body, make_municipality, make_secretariat_user

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def clerk(db):
    make_municipality(name="Musterstadt")
    return make_secretariat_user()


@pytest.fixture
def meeting(clerk):
    body = make_body(name="Stadtrat")
    start = datetime.datetime(2026, 12, 3, 18, 0, tzinfo=BERLIN)
    return create_meeting(
        by=clerk,
        body=body,
        start=start,
        planned_end=start + datetime.timedelta(hours=3),
        location=location_for(
            room="Ratssaal", street_address="Markt 1", postal_code="12345", locality="Musterstadt"
        ),
        is_hybrid=True,
        public_notes="Einlass ab 17:30 Uhr.",
    )


def pdf_file(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "notice.pdf"
    path.write_bytes(content)
    return path


def text_of(path: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def info_of(path: Path) -> dict[str, str]:
    output = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return dict(re.findall(r"^([^:\n]+):[ \t]*(.*)$", output, re.MULTILINE))


def test_public_notice_lists_public_items_and_hides_non_public_titles(tmp_path, clerk, meeting):
    add_item(by=clerk, meeting=meeting, title="Bebauungsplan Nr. 12", is_public=True)
    add_item(by=clerk, meeting=meeting, title="Grundstücksverkauf Lindenweg", is_public=False)

    text = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=False, version=1)))

    assert "Bebauungsplan Nr. 12" in text
    assert "Lindenweg" not in text
    assert "Nichtöffentlicher Teil: nur für Mitglieder" in text


def test_invitation_for_members_lists_both_parts(tmp_path, clerk, meeting):
    add_item(by=clerk, meeting=meeting, title="Bebauungsplan Nr. 12", is_public=True)
    add_item(by=clerk, meeting=meeting, title="Grundstücksverkauf Lindenweg", is_public=False)

    text = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=True, version=1)))

    assert "Bebauungsplan Nr. 12" in text
    assert "Grundstücksverkauf Lindenweg" in text
    assert "nur für Mitglieder" not in text


def test_public_notice_without_non_public_items_does_not_announce_that_part(
    tmp_path, clerk, meeting
):
    add_item(by=clerk, meeting=meeting, title="Haushaltssatzung 2027", is_public=True)

    text = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=False, version=1)))

    assert "Nichtöffentlicher Teil" not in text


def test_long_agenda_is_numbered_seite_x_von_y_on_every_page(tmp_path, clerk, meeting):
    for index in range(1, 61):
        add_item(by=clerk, meeting=meeting, title=f"Antrag Nummer {index}", is_public=True)
    path = pdf_file(tmp_path, render_notice(meeting, include_non_public=True, version=1))

    pages = int(info_of(path)["Pages"])

    assert pages > 1
    assert f"Seite 1 von {pages}" in text_of(path, 1)
    assert f"Seite {pages} von {pages}" in text_of(path, pages)
    assert "Antrag Nummer 60" in text_of(path, pages)


def test_meeting_details_are_written_in_german(tmp_path, clerk, meeting):
    text = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=False, version=1)))

    assert "Einladung zur 1. Sitzung – Stadtrat" in text
    assert "Donnerstag, 3. Dezember 2026, 18:00 Uhr" in text
    assert "Markt 1, 12345 Musterstadt" in text
    assert "Hybride Sitzung: Mitglieder können per Videokonferenz teilnehmen" in text
    assert "Einlass ab 17:30 Uhr." in text


def test_umlauts_and_german_punctuation_survive(tmp_path, clerk, meeting):
    title = "Zuschuss für „Grüne Höfe“ – Straßenfest, 5.000 €"
    add_item(by=clerk, meeting=meeting, title=title, is_public=True)

    text = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=False, version=1)))

    assert title in text


def test_markup_in_titles_is_shown_literally(tmp_path, clerk, meeting):
    add_item(by=clerk, meeting=meeting, title="<b>Fett</b> & <script>", is_public=True)

    text = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=False, version=1)))

    assert "<b>Fett</b> & <script>" in text


def test_changed_version_is_marked_as_such(tmp_path, meeting):
    first = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=True, version=1)))
    second = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=True, version=2)))

    assert "Fassung 1" in first
    assert "geänderte Fassung" not in first
    assert "Fassung 2 – geänderte Fassung" in second


def test_paper_reference_is_shown_under_the_item(tmp_path, clerk, meeting):
    paper = create_paper(
        by=clerk,
        kind="resolution_proposal",
        title="Sanierung der Grundschule",
        path=[meeting.body],
        date=datetime.date(2026, 10, 1),
    )
    add_item(
        by=clerk, meeting=meeting, title="Sanierung der Grundschule", is_public=True, paper=paper
    )

    text = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=False, version=1)))

    assert "Vorlage V/2026/001" in text


def test_sub_items_are_listed_under_their_parent(tmp_path, clerk, meeting):
    parent = add_item(by=clerk, meeting=meeting, title="Anfragen", is_public=True)
    add_item(
        by=clerk,
        meeting=meeting,
        title="Anfrage zur Straßenbeleuchtung",
        is_public=True,
        parent=parent,
    )
    add_item(by=clerk, meeting=meeting, title="Verschiedenes", is_public=True)

    text = text_of(pdf_file(tmp_path, render_notice(meeting, include_non_public=False, version=1)))

    assert text.index("Anfragen") < text.index("Straßenbeleuchtung") < text.index("Verschiedenes")
    assert re.search(r"Ö 1\.1\s+Anfrage zur Straßenbeleuchtung", text)


def test_metadata_names_title_municipality_and_language(tmp_path, meeting):
    content = render_notice(meeting, include_non_public=False, version=1)

    info = info_of(pdf_file(tmp_path, content))

    assert info["Title"] == "Einladung zur 1. Sitzung – Stadtrat"
    assert info["Author"] == "Musterstadt"
    assert info["Creator"] == "Ratssaal"
    assert info["Subject"].startswith("Öffentliche Bekanntmachung")
    assert b"/Lang (de)" in content


def test_font_is_embedded(tmp_path, meeting):
    path = pdf_file(tmp_path, render_notice(meeting, include_non_public=True, version=1))

    output = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    fonts = output.stdout.splitlines()[2:]

    assert fonts
    assert all("TrueType" in line for line in fonts)
    assert all(line.split()[-5] == "yes" for line in fonts)
