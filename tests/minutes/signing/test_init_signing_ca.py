"""`manage.py init_signing_ca`: the town's authority and people's keys, made once and kept."""

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import CommandError, call_command

from council.models import Membership
from minutes.signing import keystore
from tests.factories import make_body, make_member_user


def run(*args) -> str:
    out = io.StringIO()
    call_command("init_signing_ca", *args, stdout=out)
    return out.getvalue()


def key_file(user):
    return keystore.keystore_dir() / "people" / f"{user.pk}.p12"


def test_command_creates_an_authority_named_after_the_town(town):
    run()
    subject = keystore.ca_certificate().subject.rfc4514_string()
    assert "Musterstadt" in subject


def test_all_signers_are_the_secretariat_and_the_chairs(recorder, chair):
    member = make_member_user(make_body())
    run("--all-signers")
    assert key_file(recorder).exists()
    assert key_file(chair).exists()
    assert not key_file(member).exists()


def test_all_signers_include_deputies_but_not_former_chairs(town):
    deputy = make_member_user(make_body(), role=Membership.Role.DEPUTY_CHAIR)
    former = make_member_user(
        make_body(), role=Membership.Role.CHAIR, end_date=datetime.date(2025, 12, 31)
    )
    run("--all-signers")
    assert (key_file(deputy).exists(), key_file(former).exists()) == (True, False)


def test_a_named_user_gets_a_key(town):
    member = make_member_user(make_body())
    run("--user", member.username)
    assert key_file(member).exists()


def test_an_unknown_user_is_refused_before_anything_is_made(town):
    with pytest.raises(CommandError, match="nobody"):
        run("--user", "nobody")
    assert keystore.ca_certificate() is None


def test_a_second_run_keeps_the_authority_and_the_keys(recorder):
    run("--user", recorder.username)
    before = (keystore.ca_certificate(), key_file(recorder).read_bytes())
    output = run("--user", recorder.username)
    assert (keystore.ca_certificate(), key_file(recorder).read_bytes()) == before
    assert "kept" in output


def test_force_replaces_the_authority_and_reissues_every_key(recorder):
    run("--user", recorder.username)
    old_authority = keystore.ca_certificate()
    run("--force")
    _, certificate, _ = pkcs12.load_key_and_certificates(
        key_file(recorder).read_bytes(), b"test-passphrase"
    )
    assert keystore.ca_certificate() != old_authority
    certificate.verify_directly_issued_by(keystore.ca_certificate())


def test_stored_person_key_cannot_be_opened_without_the_passphrase(recorder):
    run("--user", recorder.username)
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(key_file(recorder).read_bytes(), None)


def test_stored_authority_key_cannot_be_opened_without_the_passphrase(town):
    run()
    pem = (keystore.keystore_dir() / "ca-key.pem").read_bytes()
    with pytest.raises(TypeError, match="encrypted"):
        serialization.load_pem_private_key(pem, None)


def test_without_passphrase_outside_debug_the_command_says_what_is_missing(town, settings, english):
    settings.SIGNING_PASSPHRASE = ""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="passphrase"):
        run()
    assert keystore.ca_certificate() is None


def test_in_debug_a_missing_passphrase_falls_back_with_a_warning(town, settings):
    settings.SIGNING_PASSPHRASE = ""
    settings.DEBUG = True
    with pytest.warns(UserWarning, match="SIGNING_PASSPHRASE"):
        run()
    assert isinstance(keystore.ca_certificate(), x509.Certificate)


def test_the_command_needs_the_municipality(db):
    with pytest.raises(CommandError, match="municipality"):
        run()
