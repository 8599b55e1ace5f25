"""Signing a version: one submission signs the full and the public minutes in the signer's
role, with real keys, recorder first, then chair; all or nothing."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from council.models import AuditEntry
from minutes import services
from minutes.errors import MinutesError
from minutes.models import Minutes, Signature, Version
from minutes.signing.keystore import signer_for_user
from minutes.signing.signer import SigningError, signer_from_pkcs12
from tests.minutes.pdfs import stored
from tests.minutes.signing.documents import own_pkcs12


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def pdfsig(content: bytes, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(content)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    return result.stdout


def sign_in_turn(final, clerk, chair):
    services.sign_version(by=clerk, minutes=final.minutes, signer=signer_for_user(clerk))
    services.sign_version(by=chair, minutes=final.minutes, signer=signer_for_user(chair))
    final.refresh_from_db()
    return final


@pytest.mark.parametrize("document", ["full", "public"])
def test_pdfsig_reports_two_valid_signatures_on_each_file(
    final, keys, clerk, chair, tmp_path, document
):
    version = sign_in_turn(final, clerk, chair)

    field = version.signed_full_pdf if document == "full" else version.signed_public_pdf
    report = pdfsig(stored(field), tmp_path)

    assert report.count("Signature Validation: Signature is Valid.") == 2
    assert "Petra Hahn" in report


def test_both_signatures_sign_the_version_and_the_minutes(final, keys, clerk, chair):
    version = sign_in_turn(final, clerk, chair)

    assert version.state == Version.State.SIGNED
    assert version.minutes.state == Minutes.State.SIGNED
    assert set(version.signatures.values_list("document", "role")) == {
        ("full", "recorder"),
        ("public", "recorder"),
        ("full", "chair"),
        ("public", "chair"),
    }


def test_the_recorder_signs_both_files_in_one_submission(final, keys, clerk):
    signatures = services.sign_version(
        by=clerk, minutes=final.minutes, signer=signer_for_user(clerk)
    )

    assert [(s.document, s.role) for s in signatures] == [
        ("full", "recorder"),
        ("public", "recorder"),
    ]
    assert all(s.certificate_serial and s.signed_length > 0 for s in signatures)


def test_the_chair_cannot_sign_before_the_recorder(final, keys, chair):
    with pytest.raises(MinutesError, match="recorder signs first"):
        services.sign_version(by=chair, minutes=final.minutes, signer=signer_for_user(chair))

    assert not Signature.objects.exists()


def test_nobody_signs_twice(final, keys, clerk):
    services.sign_version(by=clerk, minutes=final.minutes, signer=signer_for_user(clerk))

    with pytest.raises(MinutesError, match="already signed"):
        services.sign_version(by=clerk, minutes=final.minutes, signer=signer_for_user(clerk))

    assert Signature.objects.count() == 2


def test_someone_else_cannot_sign(final, keys, member):
    signer = signer_from_pkcs12(own_pkcs12(passphrase="geheim"), "geheim")

    with pytest.raises(MinutesError, match="neither the recorder nor the chair"):
        services.sign_version(by=member, minutes=final.minutes, signer=signer)


def test_a_draft_cannot_be_signed(minutes, keys, clerk):
    with pytest.raises(MinutesError, match="Only final minutes"):
        services.sign_version(by=clerk, minutes=minutes, signer=signer_for_user(clerk))


def test_a_failing_second_file_leaves_no_signature_and_no_file(final, keys, clerk, monkeypatch):
    calls = []

    def sign_once(pdf, signer, **kwargs):
        if calls:
            raise SigningError("Der Signaturdienst ist ausgefallen.")
        calls.append(1)
        return pdf + b"\n%%EOF\n"

    monkeypatch.setattr(services, "sign_pdf", sign_once)
    files_before = media_files()

    with pytest.raises(MinutesError, match="ausgefallen"):
        services.sign_version(by=clerk, minutes=final.minutes, signer=signer_for_user(clerk))

    final.refresh_from_db()
    assert not Signature.objects.exists()
    assert (final.signed_full_sha256, final.signed_public_sha256) == ("", "")
    assert media_files() == files_before


def media_files() -> set[Path]:
    return set(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_each_signature_is_in_the_audit_log_with_role_signer_and_serial(final, keys, clerk):
    signatures = services.sign_version(
        by=clerk, minutes=final.minutes, signer=signer_for_user(clerk)
    )

    entries = AuditEntry.objects.filter(action="minutes.signed").order_by("pk")
    assert [entry.details["document"] for entry in entries] == ["full", "public"]
    assert entries[0].details["role"] == "recorder"
    assert entries[0].details["certificate_serial"] == signatures[0].certificate_serial
    assert entries[0].target_id == final.minutes.meeting_id
