"""A Meeting's `resultsProtocol`: the published public minutes as a File, never the full ones."""

import hashlib

import pytest
from django.utils import timezone

from minutes import services
from minutes.models import Minutes, Version
from tests.minutes.pdfs import stored
from tests.oparl.addresses import API, SITE_URL

pytestmark = pytest.mark.django_db


def published() -> Version:
    return Version.objects.select_related("minutes").get(state=Version.State.PUBLISHED)


def protocol_of(client, meeting_id: int) -> dict | None:
    return client.get(f"/oparl/v1/meeting/{meeting_id}").json().get("resultsProtocol")


def test_a_meeting_with_published_minutes_names_them_as_results_protocol(demo, client):
    version = published()

    protocol = protocol_of(client, version.minutes.meeting_id)

    assert protocol["id"] == f"{API}meeting/{version.minutes.meeting_id}/results-protocol"
    assert protocol["accessUrl"] == f"{SITE_URL}/minutes/{version.pk}/oeffentlich.pdf"
    assert protocol["downloadUrl"] == protocol["accessUrl"]
    assert protocol["mimeType"] == "application/pdf"


def test_the_results_protocol_describes_the_signed_public_file(demo, client):
    version = published()
    content = stored(version.signed_public_pdf)

    protocol = protocol_of(client, version.minutes.meeting_id)

    assert protocol["size"] == len(content)
    assert protocol["sha512Checksum"] == hashlib.sha512(content).hexdigest()
    assert protocol["date"] == timezone.localdate(version.published).isoformat()


def test_the_results_protocol_is_never_the_full_minutes(demo, client):
    version = published()
    full = stored(version.signed_full_pdf)

    protocol = protocol_of(client, version.minutes.meeting_id)

    assert protocol["sha512Checksum"] != hashlib.sha512(full).hexdigest()
    assert "niederschrift.pdf" not in protocol["accessUrl"]


def test_its_address_answers_with_the_file_and_its_meeting(demo, client):
    meeting_id = published().minutes.meeting_id

    answer = client.get(f"/oparl/v1/meeting/{meeting_id}/results-protocol")

    assert answer.status_code == 200
    assert answer.json()["meeting"] == [f"{API}meeting/{meeting_id}"]


def test_the_public_file_it_names_can_be_downloaded_by_anyone(demo, client):
    protocol = protocol_of(client, published().minutes.meeting_id)

    answer = client.get(protocol["accessUrl"].removeprefix(SITE_URL))

    assert answer.status_code == 200
    assert (
        hashlib.sha512(b"".join(answer.streaming_content)).hexdigest()
        == (protocol["sha512Checksum"])
    )


def test_minutes_awaiting_signatures_are_no_results_protocol(demo, client):
    minutes = Minutes.objects.get(state=Minutes.State.FINAL)

    assert protocol_of(client, minutes.meeting_id) is None
    assert client.get(f"/oparl/v1/meeting/{minutes.meeting_id}/results-protocol").status_code == 404


def test_a_published_version_stays_the_results_protocol_while_its_correction_is_drafted(
    demo, client
):
    version = published()
    services.reopen(by=version.minutes.recorder, minutes=version.minutes)

    protocol = protocol_of(client, version.minutes.meeting_id)

    assert protocol["accessUrl"] == f"{SITE_URL}/minutes/{version.pk}/oeffentlich.pdf"


def test_the_file_list_holds_the_results_protocol(demo, client):
    meeting_id = published().minutes.meeting_id
    body = client.get("/oparl/v1/body").json()["data"][0]

    files = client.get(body["file"].removeprefix(SITE_URL), {"limit": 500}).json()["data"]

    assert f"{API}meeting/{meeting_id}/results-protocol" in {file["id"] for file in files}
