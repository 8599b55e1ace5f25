"""Recorder and chair sign the minutes in turn: two PAdES signatures that both hold."""

import io
import re
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from minutes.signing.keystore import ca_certificate, signer_for_user
from minutes.signing.sign import RECORDER, sign_pdf
from minutes.signing.signer import SigningError, asn1_certificate
from tests.minutes.signing.conftest import RECORDER_BOX


def pdfsig(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def test_pdfsig_finds_both_signatures_valid(signed_pdf, tmp_path):
    report = pdfsig(signed_pdf, tmp_path)
    validations = re.findall(r"Signature Validation: (.+)", report)
    assert validations == ["Signature is Valid.", "Signature is Valid."]


def test_pdfsig_sees_the_chairs_signature_cover_the_whole_document(signed_pdf, tmp_path):
    report = pdfsig(signed_pdf, tmp_path)
    assert report.count("Total document signed") == 1
    assert report.index("Not total document signed") < report.index("Total document signed")


def test_pyhanko_validates_both_signatures_as_trusted_by_the_town(signed_pdf):
    context = ValidationContext(trust_roots=[asn1_certificate(ca_certificate())])
    signatures = PdfFileReader(io.BytesIO(signed_pdf)).embedded_signatures
    statuses = [validate_pdf_signature(signature, context) for signature in signatures]
    assert [(s.intact, s.valid, s.trusted) for s in statuses] == [(True, True, True)] * 2


def test_the_role_is_the_signatures_reason(signed_pdf):
    signatures = PdfFileReader(io.BytesIO(signed_pdf)).embedded_signatures
    reasons = [str(signature.sig_object["/Reason"]) for signature in signatures]
    assert reasons == ["Schriftführer/in", "Vorsitz"]


def test_the_visible_box_shows_the_role_and_the_time(signed_pdf):
    [_, chair] = PdfFileReader(io.BytesIO(signed_pdf)).embedded_signatures
    appearance = chair.sig_field["/Kids"][0] if "/Kids" in chair.sig_field else chair.sig_field
    text = appearance["/AP"]["/N"].data
    assert b"(Vorsitz)" in text
    assert b" Uhr) Tj" in text


def test_the_place_of_signing_is_recorded(signers_with_keys, unsigned_pdf):
    recorder, _ = signers_with_keys
    signer = signer_for_user(recorder)
    signed = sign_pdf(
        unsigned_pdf, signer, role=RECORDER, page=0, box=RECORDER_BOX, location="Musterstadt"
    )
    [signature] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert signature.sig_object["/Location"] == "Musterstadt"


def test_signing_keeps_the_earlier_bytes_as_they_were(signers_with_keys, unsigned_pdf):
    recorder, _ = signers_with_keys
    signed = sign_pdf(
        unsigned_pdf, signer_for_user(recorder), role=RECORDER, page=0, box=RECORDER_BOX
    )
    assert signed.startswith(unsigned_pdf)


def test_a_role_signs_only_once(signers_with_keys, signed_pdf):
    recorder, _ = signers_with_keys
    with pytest.raises(SigningError):
        sign_pdf(signed_pdf, signer_for_user(recorder), role=RECORDER, page=0, box=RECORDER_BOX)
