"""The members' factions are in the minutes: beside each name in the named-vote table and in the
roll call."""

import pytest

from council.models import Membership
from tests.factories import make_faction, make_term
from tests.live.fixtures import PUBLIC_TITLE
from tests.minutes.pdfs import stored, text_of


@pytest.fixture
def factions(chair, member, others):
    """Hahn and Weber in the CDU, Schwarz and Vogt in the SPD, Aydin with the Greens."""
    weber, vogt, aydin = others
    term = make_term()
    for short_name, users in [
        ("CDU", [chair, weber]),
        ("SPD", [member, vogt]),
        ("GRÜNE", [aydin]),
    ]:
        faction = make_faction(short_name=short_name, term=term)
        Membership.objects.filter(person__user__in=users).update(faction=faction)


def test_record_gives_each_named_vote_with_the_members_faction(factions, final):
    [item] = [item for item in final.record["items"] if item["title"] == PUBLIC_TITLE]

    votes = {(v["name"], v["faction"], v["choice"]) for v in item["ballots"][0]["votes"]}

    assert votes == {
        ("Petra Hahn", "CDU", "yes"),
        ("Birgit Schwarz", "SPD", "yes"),
        ("Jonas Weber", "CDU", "yes"),
        ("Lena Vogt", "SPD", "no"),
        ("Kemal Aydin", "GRÜNE", "abstain"),
    }


def test_named_vote_table_shows_each_members_faction(factions, final):
    text = text_of(stored(final.full_pdf))

    # Two halves side by side, in alphabetical order: Aydin, Hahn, Schwarz | Vogt, Weber.
    assert "Kemal Aydin GRÜNE Enthaltung Lena Vogt SPD Nein" in text
    assert "Petra Hahn CDU Ja Jonas Weber CDU Ja" in text
    assert "Birgit Schwarz SPD Ja" in text


def test_public_named_vote_table_shows_the_factions_too(factions, final):
    text = text_of(stored(final.public_pdf))

    assert "Kemal Aydin GRÜNE Enthaltung Lena Vogt SPD Nein" in text


def test_roll_call_shows_each_members_faction(factions, final):
    text = text_of(stored(final.full_pdf))

    assert "Kemal Aydin GRÜNE im Saal" in text
    assert "Petra Hahn (Vorsitz) CDU im Saal" in text
    assert "Jonas Weber CDU per Video" in text
