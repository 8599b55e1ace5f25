import io

import pytest
from django.core.management import call_command
from django.utils import translation

from council.models import Membership
from minutes.signing.keystore import signer_for_user
from minutes.signing.sign import CHAIR, RECORDER, sign_pdf
from tests.factories import (
    make_body,
    make_member_user,
    make_municipality,
    make_secretariat_user,
)
from tests.minutes.signing.documents import small_pdf

RECORDER_BOX = (60, 60, 280, 130)
CHAIR_BOX = (320, 60, 540, 130)


@pytest.fixture(autouse=True)
def keystore(settings, tmp_path):
    """Each test gets its own keystore, never the project's var/signing."""
    settings.SIGNING_KEYSTORE_DIR = tmp_path / "signing"
    settings.SIGNING_PASSPHRASE = "test-passphrase"
    return settings.SIGNING_KEYSTORE_DIR


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def town(db):
    return make_municipality(name="Musterstadt")


@pytest.fixture
def recorder(town):
    return make_secretariat_user(username="sekretariat", first_name="Sabine", last_name="Schreiber")


@pytest.fixture
def chair(town):
    user = make_member_user(make_body(name="Stadtrat"), role=Membership.Role.CHAIR)
    user.person.given_name, user.person.family_name = "Jürgen", "Müller"
    user.person.save()
    return user


@pytest.fixture
def signers_with_keys(recorder, chair):
    call_command("init_signing_ca", "--all-signers", stdout=io.StringIO())
    return recorder, chair


@pytest.fixture
def unsigned_pdf():
    return small_pdf()


@pytest.fixture
def signed_pdf(signers_with_keys, unsigned_pdf):
    """The test minutes, signed by the recorder and then by the chair."""
    recorder, chair = signers_with_keys
    once = sign_pdf(
        unsigned_pdf, signer_for_user(recorder), role=RECORDER, page=1, box=RECORDER_BOX
    )
    return sign_pdf(once, signer_for_user(chair), role=CHAIR, page=1, box=CHAIR_BOX)
