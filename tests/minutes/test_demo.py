"""`manage.py seed_demo` writes, signs and publishes the minutes of the demo's past Stadtrat
meeting, and leaves those of the past Hauptausschuss meeting final, awaiting signatures."""

import io
import re
import subprocess

import pytest
from django.core.management import call_command

from minutes.models import Minutes, Signature, Version
from minutes.signing import keystore
from minutes.signing.verify import inspect_pdf
from tests.minutes.pdfs import stored, text_of
from voting.demo import NON_PUBLIC


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def demo_files(settings, tmp_path):
    """Files and keys in the test's own directories; the keystore has a passphrase."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_KEYSTORE_DIR = tmp_path / "signing"
    settings.SIGNING_PASSPHRASE = "test-passphrase"


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    """The demo seeded as `make run` does: what waits for a commit runs (the close of a meeting
    starts its minutes)."""
    with django_capture_on_commit_callbacks(execute=True):
        seed()


def council_minutes() -> Minutes:
    return Minutes.objects.get(meeting__body__name="Stadtrat")


def published() -> Version:
    return Version.objects.get(minutes=council_minutes())


def pdfsig(content: bytes, tmp_path) -> str:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def test_the_past_council_meeting_has_published_minutes(seeded):
    minutes = council_minutes()

    assert minutes.state == Minutes.State.PUBLISHED
    assert published().state == Version.State.PUBLISHED


def test_recorder_and_chair_signed_both_files(seeded):
    signed = Signature.objects.filter(version=published())

    assert sorted(signed.values_list("document", "role", "signer__username")) == [
        ("full", "chair", "vorsitz"),
        ("full", "recorder", "sekretariat"),
        ("public", "chair", "vorsitz"),
        ("public", "recorder", "sekretariat"),
    ]


def test_pdfsig_reports_both_signatures_of_the_public_minutes_valid(seeded, tmp_path):
    report = pdfsig(stored(published().signed_public_pdf), tmp_path)

    assert re.findall(r"Signature Validation: (.+)", report) == ["Signature is Valid."] * 2


def test_the_signatures_chain_to_the_towns_authority_recorder_first(seeded):
    report = inspect_pdf(stored(published().signed_full_pdf))

    assert (report.ok, report.issued_by_town) == (True, True)
    assert [signature.role for signature in report.signatures] == ["recorder", "chair"]


def test_the_demo_minutes_keep_the_non_public_item_out_of_the_public_file(seeded):
    version = published()

    assert NON_PUBLIC in text_of(stored(version.signed_full_pdf))
    assert NON_PUBLIC not in text_of(stored(version.signed_public_pdf))


def test_the_hauptausschuss_minutes_await_the_signatures(seeded):
    minutes = Minutes.objects.get(meeting__body__name="Hauptausschuss")

    assert minutes.state == Minutes.State.FINAL
    assert minutes.recorder.username == "sekretariat"
    assert minutes.chair.user.username == "vorsitz"
    assert not Signature.objects.filter(version__minutes=minutes).exists()


def test_seeding_again_changes_nothing(seeded):
    seed()

    assert Version.objects.count() == 2
    assert Signature.objects.count() == 4


def test_without_a_passphrase_the_minutes_stay_final_and_the_command_says_so(db, settings):
    settings.SIGNING_PASSPHRASE = ""

    output = seed()

    assert council_minutes().state == Minutes.State.FINAL
    assert "final but unsigned" in output


def test_seeding_again_with_a_passphrase_signs_and_publishes_them(db, settings):
    settings.SIGNING_PASSPHRASE = ""
    seed()
    settings.SIGNING_PASSPHRASE = "test-passphrase"

    seed()

    assert council_minutes().state == Minutes.State.PUBLISHED


def test_demo_passwords_sign_with_the_development_passphrase_outside_debug(db, settings):
    settings.SIGNING_PASSPHRASE = ""

    seed("--demo-passwords")

    assert council_minutes().state == Minutes.State.PUBLISHED


def test_a_keystore_locked_with_another_passphrase_leaves_them_unsigned(db, settings):
    settings.SIGNING_PASSPHRASE = "another-passphrase"
    keystore.create_authority(municipality_name="Musterstadt")
    settings.SIGNING_PASSPHRASE = "test-passphrase"

    output = seed()

    assert council_minutes().state == Minutes.State.FINAL
    assert "final but unsigned" in output
