"""The rendered minutes: what the full and the public PDF say, their metadata, the embedded
record and where the signature boxes are."""

from django.utils import timezone

from meetings.models import PresencePeriod
from minutes.pdf import quorum_words, render
from minutes.record import minutes_record, public_record
from tests.live.fixtures import PUBLIC_TITLE, SECRET_TEXT, SECRET_TITLE
from tests.minutes.pdfs import embedded_record, reader, stored, text_of
from tests.minutes.session import DECISION, INTERRUPTION
from voting.models import Ballot

VOTE_TABLE = "Name Fraktion Stimme Name Fraktion Stimme"


def test_full_pdf_states_every_result(final):
    text = text_of(stored(final.full_pdf))

    for ballot in Ballot.objects.filter(meeting=final.minutes.meeting):
        assert ballot.result_text in text
    assert "Namentliche Abstimmung" in text
    assert "vertagt" in text


def test_full_pdf_states_the_conflict_and_the_chairs_decision(final):
    text = text_of(stored(final.full_pdf))

    assert "Kemal Aydin war befangen und hat an Beratung und Abstimmung nicht teilgenommen." in text
    assert DECISION in text
    assert INTERRUPTION in text


def test_full_pdf_lists_every_arrival_and_departure(final):
    text = text_of(stored(final.full_pdf))

    for period in PresencePeriod.objects.filter(meeting=final.minutes.meeting):
        arrived, left = timezone.localtime(period.arrived), timezone.localtime(period.left)
        assert f"{arrived:%H:%M}–{left:%H:%M}" in text


def test_public_pdf_omits_non_public_titles_texts_and_votes(final):
    text = text_of(stored(final.public_pdf))

    assert PUBLIC_TITLE in text
    assert SECRET_TITLE not in text
    assert SECRET_TEXT not in text
    assert "befangen" not in text
    assert "einstimmig beschlossen" not in text  # the non-public item's result
    assert text.count(VOTE_TABLE) == 1  # the public item's named vote only
    assert "Nichtöffentlicher Teil" in text


def test_full_pdf_has_both_named_vote_tables(final):
    assert text_of(stored(final.full_pdf)).count(VOTE_TABLE) == 2


def test_embedded_record_matches_the_database(final):
    record = embedded_record(stored(final.full_pdf))

    assert record == final.record
    assert record == minutes_record(final.minutes)
    ballots = {b["id"]: b for item in record["items"] for b in item["ballots"]}
    for ballot in Ballot.objects.filter(meeting=final.minutes.meeting):
        assert (ballots[ballot.pk]["yes"], ballots[ballot.pk]["no"]) == (ballot.yes, ballot.no)


def test_public_pdf_embeds_the_public_record(final):
    assert embedded_record(stored(final.public_pdf)) == public_record(final.record)


def test_pdf_metadata_names_title_author_subject_and_language(final):
    pdf = reader(stored(final.full_pdf))

    assert pdf.metadata.title == "Niederschrift über die 1. Sitzung – Stadtrat"
    assert pdf.metadata.author == "Musterstadt"
    assert "Fassung 1" in pdf.metadata.subject
    assert pdf.trailer["/Root"]["/Lang"] == "de-DE"


def test_every_page_says_which_of_how_many_it_is(final):
    pdf = reader(stored(final.full_pdf))
    count = len(pdf.pages)

    assert f"Seite {count} von {count}" in pdf.pages[-1].extract_text()


def test_signature_boxes_are_reported_on_the_page_they_are_drawn(minutes):
    rendered = render(minutes_record(minutes), version=1)
    pages = reader(rendered.pdf).pages
    recorder, chair = rendered.slots["recorder"], rendered.slots["chair"]

    assert recorder.page == chair.page == len(pages) - 1
    assert "Unterschriften" in pages[recorder.page].extract_text()
    x1, y1, x2, y2 = recorder.box
    assert 0 < x1 < x2 < chair.box[0] < chair.box[2] < float(pages[0].mediabox.width)
    assert 0 < y1 < y2 < float(pages[0].mediabox.height)


def test_user_text_is_printed_literally_not_as_markup(minutes, secret_item):
    minutes.notes.create(item=secret_item, discussion="<b>fett</b> & <i>so</i>")

    text = text_of(render(minutes_record(minutes), version=1).pdf)

    assert "<b>fett</b> & <i>so</i>" in text


def test_an_annulled_ballot_says_so_and_why(minutes):
    record = minutes_record(minutes)
    ballot = next(b for item in record["items"] for b in item["ballots"] if b["kind"] == "named")
    ballot.update(state="annulled", annul_reason="Verbindungsstörung bei einem Mitglied")

    text = text_of(render(record, version=1).pdf)

    assert "Die Abstimmung wurde aufgehoben: Verbindungsstörung bei einem Mitglied" in text
    assert f"Ergebnis vor der Aufhebung: {ballot['text']}" in text


def test_quorum_is_stated_when_reached_lost_and_regained():
    def change(at, has_quorum, present):
        return {"at": at, "has_quorum": has_quorum, "present": present, "required": 16, "legal": 31}

    words = quorum_words(
        [
            change("2026-12-03T18:05:00+01:00", True, 16),
            change("2026-12-03T19:30:00+01:00", False, 15),
            change("2026-12-03T19:40:00+01:00", True, 17),
        ]
    )

    assert words == (
        "festgestellt um 18:05 Uhr (16 von 31 Mitgliedern anwesend, erforderlich 16); "
        "verloren um 19:30 Uhr (15 von 31 Mitgliedern anwesend, erforderlich 16); "
        "wieder gegeben um 19:40 Uhr (17 von 31 Mitgliedern anwesend, erforderlich 16)"
    )
