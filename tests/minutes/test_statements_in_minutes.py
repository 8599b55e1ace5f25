"""Statements for the record (Erklärungen zu Protokoll) that the secretariat enters per item are
printed under their item; those on a non-public item stay out of the public minutes."""

import pytest

from minutes import services
from tests.minutes.pdfs import stored, text_of

PUBLIC_STATEMENT = "Frau Vogt erklärt, dass sie dem Haushalt nur unter Vorbehalt zustimmt."
SECRET_STATEMENT = "Herr Weber erklärt, dass er den Kaufpreis für zu niedrig hält."


@pytest.fixture
def stated(minutes, clerk, chair, public_item, secret_item):
    """The draft with a statement on the public and one on the non-public item, finalized."""
    services.update_minutes(
        by=clerk,
        minutes=minutes,
        recorder=clerk,
        chair=chair.person,
        notes={public_item.pk: ("", PUBLIC_STATEMENT), secret_item.pk: ("", SECRET_STATEMENT)},
    )
    return services.finalize(by=clerk, minutes=minutes)


def test_record_carries_the_statements_of_each_item(stated, public_item, secret_item):
    statements = {item["id"]: item["statements"] for item in stated.record["items"]}

    assert statements[public_item.pk] == PUBLIC_STATEMENT
    assert statements[secret_item.pk] == SECRET_STATEMENT


def test_full_pdf_prints_every_statement_for_the_record(stated):
    text = text_of(stored(stated.full_pdf))

    assert f"Erklärungen zu Protokoll: {PUBLIC_STATEMENT}" in text
    assert f"Erklärungen zu Protokoll: {SECRET_STATEMENT}" in text


def test_public_pdf_prints_only_the_statement_on_the_public_item(stated):
    text = text_of(stored(stated.public_pdf))

    assert f"Erklärungen zu Protokoll: {PUBLIC_STATEMENT}" in text
    assert SECRET_STATEMENT not in text
