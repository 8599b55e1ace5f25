"""Where a signing key comes from: the keystore, or a person's own PKCS#12 file used once."""

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils import translation

from minutes.signing.keystore import signer_for_user
from minutes.signing.sign import RECORDER, sign_pdf
from minutes.signing.signer import SigningError, signer_from_key, signer_from_pkcs12
from minutes.signing.verify import describe, inspect_pdf
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


def test_an_own_certificate_is_not_trusted_as_the_towns(db, unsigned_pdf):
    signer = signer_from_pkcs12(own_pkcs12(passphrase="geheim"), "geheim")
    signed = sign_pdf(unsigned_pdf, signer, role=RECORDER, page=0, box=RECORDER_BOX)
    assert not inspect_pdf(signed).signatures[0].trusted


def test_an_own_signature_is_described_as_matching_but_not_the_towns(db, unsigned_pdf, english):
    signer = signer_from_pkcs12(own_pkcs12(passphrase="geheim"), "geheim")
    signed = sign_pdf(unsigned_pdf, signer, role=RECORDER, page=0, box=RECORDER_BOX)
    assert describe(inspect_pdf(signed).signatures[0])[1:] == [
        "The signature matches the document as it was signed.",
        "The certificate was not issued by the town's signing authority.",
    ]


def test_a_wrong_passphrase_is_refused_with_a_message(english):
    with pytest.raises(SigningError, match="passphrase is wrong"):
        signer_from_pkcs12(own_pkcs12(passphrase="richtig"), "falsch")


def test_a_file_that_is_no_pkcs12_is_refused_with_a_message(english):
    with pytest.raises(SigningError, match="no PKCS#12 file"):
        signer_from_pkcs12(b"%PDF-1.7 not a key at all", "geheim")


def test_an_expired_certificate_is_refused_with_a_message(english):
    with pytest.raises(SigningError, match="valid only from"):
        signer_from_pkcs12(own_pkcs12(passphrase="geheim", days=-10), "geheim")
