"""The chair's decision on a connection failure is printed with whose side the fault was on,
in German as written (nouns keep their capital letters)."""

from tests.minutes.pdfs import stored, text_of
from tests.minutes.session import DECISION


def test_record_has_whose_side_the_fault_was_on(final):
    [failure] = final.record["failures"]

    assert (failure["fault"], failure["decision"]) == ("member", DECISION)


def test_full_pdf_says_whose_side_the_fault_was_on_with_its_capitals(final):
    text = text_of(stored(final.full_pdf))

    assert f"Im Verantwortungsbereich des Mitglieds: {DECISION}" in text
    assert "verantwortungsbereich" not in text
