"""/minutes/verify/: an uploaded PDF is recognised as published minutes, or as a changed or
extended copy, or as unknown; each signature is described; nothing non-public reaches outsiders."""

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from minutes import services
from minutes.signing.keystore import signer_for_user
from minutes.signing.signer import signer_from_pkcs12
from tests.live.fixtures import SECRET_TITLE
from tests.minutes.pdfs import stored
from tests.minutes.signing.documents import own_pkcs12
from tests.minutes.signing.test_inspect_pdf import with_update_after_signing

URL = "/minutes/verify/"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def published(final, keys, clerk, chair):
    services.sign_version(by=clerk, minutes=final.minutes, signer=signer_for_user(clerk))
    services.sign_version(by=chair, minutes=final.minutes, signer=signer_for_user(chair))
    version = services.publish(by=clerk, minutes=final.minutes)
    version.refresh_from_db()
    return version


@pytest.fixture
def published_with_own_key(final, keys, clerk, chair):
    """The recorder signs with their own PKCS#12 file, the chair with the town's key."""
    own = signer_from_pkcs12(own_pkcs12(passphrase="geheim", name="Sabine Eigen"), "geheim")
    services.sign_version(by=clerk, minutes=final.minutes, signer=own)
    services.sign_version(by=chair, minutes=final.minutes, signer=signer_for_user(chair))
    version = services.publish(by=clerk, minutes=final.minutes)
    version.refresh_from_db()
    return version


def verify(client, content: bytes, name: str = "niederschrift.pdf") -> str:
    response = client.post(
        URL, {"file": SimpleUploadedFile(name, content)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_copy_is_recognised_with_its_signatures(client, published):
    page = verify(client, stored(published.signed_public_pdf))

    assert "unchanged copy of the public minutes (version 1)" in page
    assert f"/minutes/{published.pk}/oeffentlich.pdf" in page
    assert "All signatures are valid and the document has not been changed since.<" in page
    assert page.count("Certificate issued by the signing authority of Musterstadt.") == 2
    assert "Petra Hahn signed as chair" in page


def test_one_changed_byte_is_no_published_copy_and_breaks_the_signature(client, published):
    content = bytearray(stored(published.signed_public_pdf))
    position = len(content) // 3
    content[position] = (content[position] + 1) % 256

    page = verify(client, bytes(content))

    assert "This file is an unchanged copy" not in page
    assert "not a copy of any minutes published here" in page
    assert "at least one signature does not hold" in page
    assert "it no longer matches the content" in page


def test_appended_bytes_are_reported(client, published):
    content = with_update_after_signing(stored(published.signed_public_pdf))

    page = verify(client, content)

    assert "but something was appended to them" in page
    assert "Something was added to the file after this signature." in page


def test_garbage_gets_a_clear_message(client, db):
    page = verify(client, b"\x00\x01 kein PDF " * 100, name="foto.pdf")

    assert "This file is not a PDF document." in page


def test_a_damaged_pdf_is_answered(client, db):
    page = verify(client, b"%PDF-1.7\n" + b"\xff" * 500)

    assert "This PDF is damaged" in page or "not a valid PDF" in page


def test_an_empty_upload_is_refused(client, db):
    page = verify(client, b"")

    assert "The submitted file is empty." in page


def test_anonymous_learns_only_the_meeting_of_a_full_copy(client, published):
    page = verify(client, stored(published.signed_full_pdf))

    assert "This file is an unchanged copy of published minutes of the 1. meeting" in page
    assert "full minutes" not in page
    assert f"/minutes/{published.pk}/niederschrift.pdf" not in page
    assert SECRET_TITLE not in page


def test_a_member_learns_which_full_version_it_is(client, published, member):
    client.force_login(member)

    page = verify(client, stored(published.signed_full_pdf))

    assert "unchanged copy of the full minutes (version 1)" in page
    assert f"/minutes/{published.pk}/niederschrift.pdf" in page


def test_an_upload_without_the_csrf_token_is_refused(published):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(URL, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7")})

    assert response.status_code == 403


def test_the_archive_links_to_the_verification(client, db):
    assert URL in client.get("/minutes/").content.decode()


def test_bytes_appended_without_an_update_are_reported(client, published):
    page = verify(client, stored(published.signed_public_pdf) + b"\n% nachgetragen\n")

    assert "but something was appended to them" in page


def test_a_file_of_endless_updates_is_answered_quickly(client, published):
    content = stored(published.signed_public_pdf) + b"%%EOF\n" * 200_000
    started = time.perf_counter()

    page = verify(client, content)

    assert time.perf_counter() - started < 5
    assert "but something was appended to them" in page


def test_each_signature_names_its_role_in_the_readers_language(client, published):
    upload = SimpleUploadedFile("niederschrift.pdf", stored(published.signed_public_pdf))
    with translation.override("de"):
        page = client.post(URL, {"file": upload}, HTTP_ACCEPT_LANGUAGE="de").content.decode()

    roles = re.findall(r"Funktion</dt>\s*<dd[^>]*>([^<]*)</dd>", page)
    assert [role.strip() for role in roles] == ["Schriftführer/in", "Vorsitzende/r"]


def test_minutes_signed_with_an_own_key_file_are_a_valid_unchanged_copy(
    client, published_with_own_key
):
    page = verify(client, stored(published_with_own_key.signed_public_pdf))

    copy = page.index("This file is an unchanged copy of the public minutes (version 1)")
    assert copy < page.index("All signatures are valid and the document has not been changed")
    assert "At least one signer used their own certificate" in page
    assert "does not hold" not in page
    assert (
        "Own certificate, not issued by Musterstadt: only the certificate itself vouches for "
        "the signer&#x27;s identity (issuer named in it: Fremde CA)." in page
    )
    assert "Certificate issued by the signing authority of Musterstadt." in page


def test_the_own_certificate_is_named_as_such_in_german(client, published_with_own_key):
    upload = SimpleUploadedFile(
        "niederschrift.pdf", stored(published_with_own_key.signed_public_pdf)
    )
    with translation.override("de"):
        page = client.post(URL, {"file": upload}, HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert "Eigenes Zertifikat, nicht von der Kommune Musterstadt ausgestellt" in page
    assert "Zertifikat von der Signaturstelle der Kommune Musterstadt ausgestellt." in page
    assert "Achtung" not in page


def test_a_changed_byte_in_minutes_signed_with_an_own_key_breaks_the_signature(
    client, published_with_own_key
):
    content = bytearray(stored(published_with_own_key.signed_public_pdf))
    position = len(content) // 3
    content[position] = (content[position] + 1) % 256

    page = verify(client, bytes(content))

    assert "at least one signature does not hold" in page
    assert "All signatures are valid" not in page
