"""The embedded record follows its published JSON Schema (minutes/sitzungsprotokoll.schema.json)."""

import json
from pathlib import Path

import jsonschema
import pytest

from minutes import services
from minutes.record import minutes_record, public_record
from voting.models import Ballot

SCHEMA = json.loads((Path(services.__file__).parent / "sitzungsprotokoll.schema.json").read_text())


@pytest.fixture
def corrected(minutes, clerk, others):
    ballot = Ballot.objects.get(meeting=minutes.meeting, kind="show_of_hands")
    services.correct_ballot(
        by=clerk, minutes=minutes, ballot=ballot, yes=2, no=2, abstain=1, reason="Verzählt"
    )
    services.correct_attendance(
        by=clerk,
        minutes=minutes,
        person=others[1].person,
        state="excused",
        arrived=None,
        left=None,
        reason="Irrtum",
    )
    return minutes


def test_the_schema_itself_is_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_full_record_follows_the_schema(corrected):
    jsonschema.validate(minutes_record(corrected), SCHEMA)


def test_the_public_record_follows_the_schema(corrected):
    jsonschema.validate(public_record(minutes_record(corrected)), SCHEMA)


def test_the_schema_refuses_an_unknown_field(minutes):
    record = minutes_record(minutes)
    record["items"][0]["secret_note"] = "x"

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, SCHEMA)
