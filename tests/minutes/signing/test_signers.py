"""Where a signing key comes from: the keystore, or a person's own PKCS#12 file used once."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils import translation

from minutes.signing.keystore import ca_certificate, signer_for_user
from minutes.signing.sign import RECORDER, sign_pdf
from minutes.signing.signer import SigningError, signer_from_key, signer_from_pkcs12
from minutes.signing.verify import describe, inspect_pdf, verdict
from tests.minutes.signing.conftest import RECORDER_BOX
from tests.minutes.signing.documents import own_pkcs12


def test_a_user_without_a_stored_key_is_told_so_in_german(recorder):
    with translation.override("de"), pytest.raises(SigningError) as refusal:
        signer_for_user(recorder)
    assert "Für Sie ist kein Signaturschlüssel hinterlegt" in str(refusal.value)


def test_a_stored_key_does_not_open_with_another_passphrase(signers_with_keys, settings, english):
    recorder, _ = signers_with_keys
    settings.SIGNING_PASSPHRASE = "another-passphrase"
    with pytest.raises(SigningError, match="cannot be opened"):
        signer_for_user(recorder)


def test_a_stored_key_signs_in_the_persons_name(signers_with_keys):
    recorder, _ = signers_with_keys
    assert signer_for_user(recorder).name == "Sabine Schreiber"


def test_an_own_pkcs12_file_signs(db, unsigned_pdf):
    signer = signer_from_pkcs12(own_pkcs12(passphrase="geheim"), "geheim")
    signed = sign_pdf(unsigned_pdf, signer, role=RECORDER, page=0, box=RECORDER_BOX)
    [signature] = inspect_pdf(signed).signatures
    assert (signature.signer_name, signature.intact, signature.valid) == ("Erika Eigen", True, True)


def test_an_own_rsa_key_signs_validly(db, unsigned_pdf):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signer = signer_from_pkcs12(own_pkcs12(passphrase="geheim", key=key), "geheim")
    signed = sign_pdf(unsigned_pdf, signer, role=RECORDER, page=0, box=RECORDER_BOX)
    [signature] = inspect_pdf(signed).signatures
    assert (signature.intact, signature.valid) == (True, True)


def test_a_key_that_does_not_match_its_certificate_is_refused(english):
    _, certificate, _ = pkcs12.load_key_and_certificates(own_pkcs12(passphrase="geheim"), b"geheim")
    other = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(SigningError, match="does not belong to its certificate"):
        signer_from_key(other, certificate, [])


def signed_with_own_key(pdf: bytes, **certificate) -> bytes:
    signer = signer_from_pkcs12(own_pkcs12(passphrase="geheim", **certificate), "geheim")
    return sign_pdf(pdf, signer, role=RECORDER, page=0, box=RECORDER_BOX)


def test_an_own_certificate_holds_but_is_not_the_towns(signers_with_keys, unsigned_pdf):
    [signature] = inspect_pdf(signed_with_own_key(unsigned_pdf)).signatures
    assert (signature.ok, signature.issued_by_town) == (True, False)


def test_an_own_signature_is_described_as_valid_but_not_the_towns(town, unsigned_pdf, english):
    [signature] = inspect_pdf(signed_with_own_key(unsigned_pdf)).signatures
    assert describe(signature)[1:] == [
        "The signature is valid: the document is unchanged since it was signed.",
        "Own certificate, not issued by Musterstadt: only the certificate itself vouches for "
        "the signer's identity (issuer named in it: Fremde CA).",
    ]


def test_the_verdict_on_an_own_signature_says_in_german_it_holds_and_whose_it_is(
    town, unsigned_pdf
):
    report = inspect_pdf(signed_with_own_key(unsigned_pdf))
    with translation.override("de"):
        assert verdict(report).startswith("Alle Signaturen sind gültig")
        assert "mit einem eigenen Zertifikat" in verdict(report)
        assert describe(report.signatures[0])[-1].startswith(
            "Eigenes Zertifikat, nicht von der Kommune Musterstadt ausgestellt"
        )


def test_a_certificate_naming_the_towns_authority_without_its_signature_is_not_the_towns(
    signers_with_keys, unsigned_pdf
):
    forged = signed_with_own_key(unsigned_pdf, authority_name=ca_certificate().subject)
    [signature] = inspect_pdf(forged).signatures
    assert signature.issuer_name == "Musterstadt – Ratssaal-Signaturstelle"
    assert not signature.issued_by_town


def test_a_wrong_passphrase_is_refused_with_a_message(english):
    with pytest.raises(SigningError, match="passphrase is wrong"):
        signer_from_pkcs12(own_pkcs12(passphrase="richtig"), "falsch")


def test_a_file_that_is_no_pkcs12_is_refused_with_a_message(english):
    with pytest.raises(SigningError, match="no PKCS#12 file"):
        signer_from_pkcs12(b"%PDF-1.7 not a key at all", "geheim")


def test_an_expired_certificate_is_refused_with_a_message(english):
    with pytest.raises(SigningError, match="valid only from"):
        signer_from_pkcs12(own_pkcs12(passphrase="geheim", days=-10), "geheim")
