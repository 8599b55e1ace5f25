"""`manage.py seed_demo` drafts and finalizes the minutes of the demo's past Stadtrat meeting."""

import io

import pytest
from django.core.management import call_command

from minutes.models import Minutes, Version
from tests.minutes.pdfs import stored, text_of
from voting.demo import NON_PUBLIC


@pytest.fixture
def seeded(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())


def test_the_past_meeting_has_final_minutes_awaiting_signatures(seeded):
    minutes = Minutes.objects.get()

    assert minutes.state == Minutes.State.FINAL
    assert minutes.recorder.username == "sekretariat"
    assert minutes.chair.user.username == "vorsitz"
    assert Version.objects.get(minutes=minutes).state == Version.State.FINAL


def test_the_demo_minutes_keep_the_non_public_item_out_of_the_public_file(seeded):
    version = Version.objects.get()

    assert NON_PUBLIC in text_of(stored(version.full_pdf))
    assert NON_PUBLIC not in text_of(stored(version.public_pdf))


def test_seeding_again_changes_nothing(seeded):
    call_command("seed_demo", stdout=io.StringIO())

    assert Version.objects.count() == 1
