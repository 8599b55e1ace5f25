"""The signing page: the recorder and then the chair sign through it, with the town's stored
key or their own PKCS#12 file; refusals are said on the page and change nothing."""

import logging
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from minutes.models import Signature
from tests.minutes.signing.documents import own_pkcs12


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def url(final) -> str:
    return f"/meetings/{final.minutes.meeting_id}/minutes/sign/"


def post(client, final, data):
    return client.post(url(final), data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_recorder_sees_the_form_and_the_chair_waits(client, final, clerk, chair):
    client.force_login(clerk)
    assert "Sign both files" in client.get(url(final), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    client.force_login(chair)
    page = client.get(url(final), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign both files" not in page
    assert "It is not your turn" in page


def test_recorder_then_chair_sign_with_the_stored_keys(client, final, keys, clerk, chair):
    client.force_login(clerk)
    started = time.perf_counter()
    response = post(client, final, {"key_source": "stored"})
    seconds = time.perf_counter() - started
    client.force_login(chair)
    post(client, final, {"key_source": "stored"})

    assert response.status_code == 302
    assert Signature.objects.count() == 4
    assert seconds < 2  # two PAdES signatures and their files: measured about 0.3 s here


def test_the_chair_is_refused_before_the_recorder(client, final, keys, chair):
    client.force_login(chair)

    response = post(client, final, {"key_source": "stored"})

    assert "The recorder signs first" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_member_finds_no_signing_page(client, final, member):
    client.force_login(member)

    assert client.get(url(final)).status_code == 404


def test_an_own_key_file_signs(client, final, keys, clerk):
    client.force_login(clerk)
    key_file = SimpleUploadedFile("eigen.p12", own_pkcs12(passphrase="richtig", name="Sabine E."))

    post(client, final, {"key_source": "own", "key_file": key_file, "passphrase": "richtig"})

    assert set(Signature.objects.values_list("signer_name", flat=True)) == {"Sabine E."}


def test_a_wrong_passphrase_is_refused_stores_nothing_and_is_not_echoed(client, final, keys, clerk):
    client.force_login(clerk)
    key_file = SimpleUploadedFile("eigen.p12", own_pkcs12(passphrase="richtig"))

    response = post(
        client, final, {"key_source": "own", "key_file": key_file, "passphrase": "falsch-42"}
    )

    page = response.content.decode()
    assert "the passphrase is wrong" in page
    assert "falsch-42" not in page
    assert not Signature.objects.exists()


def test_an_own_key_needs_its_file_and_passphrase(client, final, keys, clerk):
    client.force_login(clerk)

    page = post(client, final, {"key_source": "own"}).content.decode()

    assert "Choose your key file." in page
    assert "Enter the passphrase of your key file." in page


def test_without_a_stored_key_the_page_says_what_to_do(client, final, keystore, clerk):
    client.force_login(clerk)

    page = post(client, final, {"key_source": "stored"}).content.decode()

    assert "No signing key is stored for you" in page
    assert not Signature.objects.exists()


def test_the_meeting_page_links_the_signer_whose_turn_it_is(client, final, clerk):
    client.force_login(clerk)

    page = client.get(f"/meetings/{final.minutes.meeting_id}/").content.decode()

    assert url(final) in page


def test_the_passphrase_is_never_logged(client, final, keys, clerk, caplog):
    client.force_login(clerk)
    key_file = SimpleUploadedFile("eigen.p12", own_pkcs12(passphrase="richtig"))

    with caplog.at_level(logging.DEBUG):
        post(client, final, {"key_source": "own", "key_file": key_file, "passphrase": "falsch-42"})

    assert "falsch-42" not in caplog.text


def test_locked_minutes_say_that_nothing_awaits_signatures(client, minutes, clerk):
    client.force_login(clerk)

    response = client.post(
        f"/meetings/{minutes.meeting_id}/minutes/sign/",
        {"key_source": "stored"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Only final minutes awaiting signatures can be signed." in response.content.decode()
