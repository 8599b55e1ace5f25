"""An item that consults a paper (Vorlage) shows the paper's reference and title and its
proposed resolution (Beschlussvorschlag), in the record and in both PDFs."""

from meetings.models import Paper
from tests.live.fixtures import PUBLIC_TITLE
from tests.minutes.pdfs import stored, text_of
from tests.voting.ballots import RESOLUTION


def paper_of_item(final):
    return Paper.objects.get(consultations__agenda_item__title=PUBLIC_TITLE)


def test_record_names_the_paper_of_the_item(final):
    paper = paper_of_item(final)
    [item] = [item for item in final.record["items"] if item["title"] == PUBLIC_TITLE]

    assert item["paper"] == {
        "reference": paper.reference,
        "title": "Sanierung der Grundschule",
        "resolution": RESOLUTION,
    }
    assert paper.reference.startswith("V/2026/")


def test_full_pdf_gives_the_papers_reference_and_proposed_resolution(final):
    reference = paper_of_item(final).reference

    text = text_of(stored(final.full_pdf))

    assert f"Vorlage {reference}: Sanierung der Grundschule" in text
    assert f"Beschlussvorschlag: {RESOLUTION}" in text


def test_public_pdf_gives_them_for_a_public_item(final):
    reference = paper_of_item(final).reference

    text = text_of(stored(final.public_pdf))

    assert f"Vorlage {reference}: Sanierung der Grundschule" in text
    assert f"Beschlussvorschlag: {RESOLUTION}" in text
