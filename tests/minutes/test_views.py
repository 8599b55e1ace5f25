"""The minutes pages: who sees what, forms that change the minutes, and the public archive."""

import re

from minutes import services
from minutes.models import Correction, Minutes, Version
from tests.factories import make_user
from tests.live.fixtures import SECRET_TITLE
from tests.minutes.pdfs import text_of
from tests.minutes.stand_in_signatures import sign_all
from voting.models import Ballot


def published(final, clerk, chair) -> Version:
    sign_all(final, recorder=clerk, chair=chair)
    return services.publish(by=clerk, minutes=final.minutes)


def test_the_edit_page_opens_the_draft_for_the_secretariat(client, closed, clerk):
    client.force_login(clerk)

    response = client.get(f"/meetings/{closed.pk}/minutes/")

    assert response.status_code == 200
    assert Minutes.objects.get(meeting=closed).state == Minutes.State.DRAFT


def test_members_cannot_open_the_edit_page(client, closed, member):
    client.force_login(member)

    assert client.get(f"/meetings/{closed.pk}/minutes/").status_code == 403
    assert not Minutes.objects.exists()


def test_the_edit_page_escapes_what_the_recorder_wrote(client, minutes, clerk, secret_item):
    minutes.notes.create(item=secret_item, discussion="<script>alert(1)</script>")
    client.force_login(clerk)

    content = client.get(f"/meetings/{minutes.meeting_id}/minutes/").content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_saving_the_form_stores_notes_per_item(client, minutes, clerk, chair, secret_item):
    client.force_login(clerk)
    data = {"recorder": clerk.pk, "chair": chair.person.pk, "opening": "Begrüßung"}
    data[f"discussion_{secret_item.pk}"] = "Die Verwaltung berichtete."

    response = client.post(f"/meetings/{minutes.meeting_id}/minutes/", data)

    assert response.status_code == 302
    assert minutes.notes.get(item=secret_item).discussion == "Die Verwaltung berichtete."
    minutes.refresh_from_db()
    assert minutes.opening == "Begrüßung"


def test_the_correction_form_records_a_ballot_correction(client, minutes, clerk):
    ballot = Ballot.objects.get(meeting=minutes.meeting, kind="show_of_hands")
    client.force_login(clerk)

    response = client.post(
        f"/meetings/{minutes.meeting_id}/minutes/correct/",
        {
            "kind": "ballot",
            "ballot-ballot": ballot.pk,
            "ballot-yes": 2,
            "ballot-no": 2,
            "ballot-abstain": 1,
            "ballot-reason": "Verzählt",
        },
    )

    assert response.status_code == 302
    assert Correction.objects.get().value == {"yes": 2, "no": 2, "abstain": 1}


def test_the_correction_page_offers_no_named_vote_and_says_why(client, minutes, clerk):
    ballots = Ballot.objects.filter(meeting=minutes.meeting)
    client.force_login(clerk)

    page = client.get(
        f"/meetings/{minutes.meeting_id}/minutes/correct/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    select = re.search(r'<select name="ballot-ballot".*?</select>', page, re.DOTALL).group()
    offered = {int(pk) for pk in re.findall(r'value="(\d+)"', select)}
    assert offered == set(ballots.exclude(kind="named").values_list("pk", flat=True))
    assert "Named votes are not listed: their counts follow from each member" in page


def test_a_posted_named_vote_is_refused_and_nothing_recorded(client, minutes, clerk):
    named = Ballot.objects.filter(meeting=minutes.meeting, kind="named").first()
    client.force_login(clerk)

    response = client.post(
        f"/meetings/{minutes.meeting_id}/minutes/correct/",
        {
            "kind": "ballot",
            "ballot-ballot": named.pk,
            "ballot-yes": 2,
            "ballot-no": 2,
            "ballot-abstain": 1,
            "ballot-reason": "Verzählt",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Correction.objects.exists()


def test_a_correction_without_reason_is_refused_with_a_message(client, minutes, clerk):
    client.force_login(clerk)

    response = client.post(
        f"/meetings/{minutes.meeting_id}/minutes/correct/",
        {"kind": "session", "session-started": "18:00", "session-closed": "20:00"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Correction.objects.exists()


def test_the_finalize_button_renders_the_version(client, minutes, clerk):
    client.force_login(clerk)

    response = client.post(f"/meetings/{minutes.meeting_id}/minutes/finalize/")

    assert response.status_code == 302
    assert Version.objects.get(minutes=minutes).number == 1


def test_the_public_cannot_download_unpublished_minutes(client, final):
    assert client.get(f"/minutes/{final.pk}/oeffentlich.pdf").status_code == 404
    assert client.get(f"/minutes/{final.pk}/niederschrift.pdf").status_code == 404


def test_the_public_downloads_the_signed_public_minutes(client, final, clerk, chair):
    version = published(final, clerk, chair)

    response = client.get(f"/minutes/{version.pk}/oeffentlich.pdf")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).endswith(b"% signature of the chair\n%%EOF\n")


def test_only_members_and_staff_download_the_full_minutes(client, final, clerk, chair, member):
    version = published(final, clerk, chair)
    outsider = make_user()

    client.force_login(outsider)
    assert client.get(f"/minutes/{version.pk}/niederschrift.pdf").status_code == 404
    client.force_login(member)
    assert client.get(f"/minutes/{version.pk}/niederschrift.pdf").status_code == 200


def test_the_archive_lists_published_minutes_with_their_checksum(client, final, clerk, chair):
    version = published(final, clerk, chair)

    content = client.get("/minutes/").content.decode()

    assert version.signed_public_sha256 in content
    assert f"/minutes/{version.pk}/oeffentlich.pdf" in content
    assert SECRET_TITLE not in content


def test_the_archive_leaves_out_unpublished_minutes(client, final):
    assert final.public_sha256 not in client.get("/minutes/").content.decode()


def test_the_meeting_page_links_the_published_minutes(client, final, clerk, chair):
    version = published(final, clerk, chair)

    content = client.get(f"/meetings/{final.minutes.meeting_id}/").content.decode()

    assert f"/minutes/{version.pk}/oeffentlich.pdf" in content
    assert f"/minutes/{version.pk}/niederschrift.pdf" not in content


def test_the_edit_page_lists_corrections_as_the_minutes_print_them(client, minutes, clerk):
    ballot = Ballot.objects.get(meeting=minutes.meeting, kind="show_of_hands")
    services.correct_ballot(
        by=clerk, minutes=minutes, ballot=ballot, yes=2, no=2, abstain=1, reason="Verzählt"
    )
    client.force_login(clerk)

    content = client.get(f"/meetings/{minutes.meeting_id}/minutes/").content.decode()

    assert (
        "Abstimmungsergebnis: 2 Ja, 2 Nein, 1 Enthaltung (bisher: 1 Ja, 3 Nein, 1 Enthaltung)"
        in content
    )
    assert "Verzählt" in content


def test_the_start_page_links_recently_published_minutes(client, final, clerk, chair):
    version = published(final, clerk, chair)

    content = client.get("/").content.decode()

    assert f"/minutes/{version.pk}/oeffentlich.pdf" in content


def test_the_preview_renders_the_draft_as_it_stands(client, minutes, clerk, secret_item):
    minutes.notes.create(item=secret_item, discussion="Entwurf der Beratung")
    client.force_login(clerk)

    response = client.get(f"/meetings/{minutes.meeting_id}/minutes/preview.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert "Entwurf der Beratung" in text_of(b"".join(response.streaming_content))
