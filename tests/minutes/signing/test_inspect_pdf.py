"""What `inspect_pdf` reports about an upload: signers, roles, and any change after signing."""

import io
import subprocess

from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from minutes.signing.verify import describe, inspect_pdf, verdict


def changed_one_byte(pdf: bytes) -> bytes:
    """The file with one letter of reportlab's header comment changed (both signatures cover it)."""
    position = pdf.index(b"ReportLab")
    return pdf[:position] + b"X" + pdf[position + 1 :]


def test_both_signers_are_reported_with_their_roles(signed_pdf):
    report = inspect_pdf(signed_pdf)
    signed = [(s.signer_name, s.role) for s in report.signatures]
    assert signed == [("Sabine Schreiber", "recorder"), ("Jürgen Müller", "chair")]


def test_the_untouched_signed_file_is_reported_ok_and_the_towns(signed_pdf):
    report = inspect_pdf(signed_pdf)
    assert (report.ok, report.issued_by_town) == (True, True)
    assert not report.modified_after_signing


def test_the_recorders_signature_is_followed_only_by_the_chairs(signed_pdf):
    recorder, chair = inspect_pdf(signed_pdf).signatures
    assert (recorder.covers_whole_file, recorder.modified_after) == (False, False)
    assert chair.covers_whole_file


def test_each_signature_reports_when_it_was_made(signed_pdf):
    assert all(signature.signed_at is not None for signature in inspect_pdf(signed_pdf).signatures)


def test_one_changed_byte_breaks_both_signatures(signed_pdf):
    report = inspect_pdf(changed_one_byte(signed_pdf))
    assert [signature.intact for signature in report.signatures] == [False, False]
    assert not report.ok


def test_pdfsig_reports_the_changed_byte_too(signed_pdf, tmp_path):
    path = tmp_path / "changed.pdf"
    path.write_bytes(changed_one_byte(signed_pdf))
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." not in report
    assert report.count("Digest Mismatch.") == 2


def with_update_after_signing(pdf: bytes) -> bytes:
    """The file with an incremental update that changes the document's language."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_an_update_after_the_last_signature_is_reported_as_modified(signed_pdf):
    report = inspect_pdf(with_update_after_signing(signed_pdf))
    assert [signature.modified_after for signature in report.signatures] == [True, True]
    assert not report.ok


def test_an_update_after_signing_leaves_the_signatures_intact(signed_pdf):
    report = inspect_pdf(with_update_after_signing(signed_pdf))
    assert all(signature.intact for signature in report.signatures)


def test_bytes_appended_after_the_last_signature_are_reported(signed_pdf):
    report = inspect_pdf(signed_pdf + b"\n% appended\n")
    assert report.modified_after_signing


def test_a_random_upload_is_reported_as_no_pdf(db):
    report = inspect_pdf(b"\x00\x17 certainly not a PDF " * 100)
    assert not report.readable
    assert not report.signed


def test_an_empty_upload_is_reported_as_no_pdf(db):
    assert not inspect_pdf(b"").readable


def test_a_cut_off_signed_pdf_is_reported_as_damaged(signed_pdf):
    report = inspect_pdf(signed_pdf[: len(signed_pdf) // 2])
    assert (report.readable, report.damaged) == (False, True)


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=4)),
        min_size=1,
    )
)
def test_every_change_to_the_signed_content_is_caught_and_none_raises(signed_pdf, changes):
    # Everything before the recorder's signature value is covered by both signatures.
    covered = signed_pdf.index(b"/Contents <")
    damaged = bytearray(signed_pdf)
    for where, replacement in changes:
        position = int(where * covered)
        damaged[position : position + len(replacement)] = replacement
    report = inspect_pdf(bytes(damaged))
    assert report.ok == (bytes(damaged) == signed_pdf)


def test_an_unsigned_pdf_is_reported_as_unsigned(db, unsigned_pdf):
    report = inspect_pdf(unsigned_pdf)
    assert (report.readable, report.signed) == (True, False)


def test_the_verdict_on_garbage_says_in_german_it_is_no_pdf(db):
    with translation.override("de"):
        assert verdict(inspect_pdf(b"garbage")) == "Diese Datei ist keine gültige PDF-Datei."


def test_the_verdict_on_a_damaged_pdf_says_so(signed_pdf, english):
    assert verdict(inspect_pdf(signed_pdf[:-200])).startswith("This PDF is damaged")


def test_the_description_names_signer_role_and_validity(signed_pdf, english):
    recorder, _ = inspect_pdf(signed_pdf).signatures
    sentences = describe(recorder)
    assert sentences[0].startswith("Sabine Schreiber signed as recorder (")
    assert sentences[1:] == [
        "The signature is valid: the document is unchanged since it was signed.",
        "Certificate issued by the signing authority of Musterstadt.",
    ]


def test_the_description_of_a_changed_file_says_so(signed_pdf, english):
    _, chair = inspect_pdf(changed_one_byte(signed_pdf)).signatures
    assert "The document was changed after this signature" in " ".join(describe(chair))
