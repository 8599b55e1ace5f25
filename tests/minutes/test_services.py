"""State changes of the minutes: drafting, correcting, finalizing, signing, publishing."""

import hashlib

import pytest
from django.db import IntegrityError
from django.utils import translation

from minutes import services
from minutes.errors import MinutesError
from minutes.models import Minutes, Version
from minutes.record import minutes_record
from tests.minutes.pdfs import embedded_record, stored, text_of
from tests.minutes.stand_in_signatures import appended, sign, sign_all
from voting.models import Ballot


def test_minutes_are_only_written_for_a_closed_meeting(running):
    with pytest.raises(MinutesError):
        services.open_minutes(meeting=running)
    assert not Minutes.objects.exists()


def test_the_draft_names_the_bodys_chair(closed, chair):
    assert services.open_minutes(meeting=closed).chair == chair.person


def test_the_recorder_must_belong_to_the_secretariat(minutes, clerk, member):
    with pytest.raises(MinutesError):
        services.update_minutes(by=clerk, minutes=minutes, recorder=member, chair=minutes.chair)
    minutes.refresh_from_db()
    assert minutes.recorder == clerk


def test_finalizing_needs_recorder_and_chair(closed, clerk):
    draft = services.open_minutes(meeting=closed)

    with pytest.raises(MinutesError):
        services.finalize(by=clerk, minutes=draft)
    assert not Version.objects.exists()


def test_finalizing_stores_both_files_with_their_checksums(final):
    assert final.minutes.state == Minutes.State.FINAL
    assert hashlib.sha256(stored(final.full_pdf)).hexdigest() == final.full_sha256
    assert hashlib.sha256(stored(final.public_pdf)).hexdigest() == final.public_sha256
    assert set(final.slots) == {"full", "public"}


def test_final_minutes_are_locked(final, clerk, secret_item):
    with pytest.raises(MinutesError):
        services.update_minutes(
            by=clerk,
            minutes=final.minutes,
            recorder=clerk,
            chair=final.minutes.chair,
            notes={secret_item.pk: ("Nachträglich", "")},
        )
    assert not final.minutes.notes.exists()


def test_a_ballot_correction_recomputes_the_result_and_is_listed(minutes, clerk):
    ballot = Ballot.objects.get(meeting=minutes.meeting, kind="show_of_hands")

    services.correct_ballot(
        by=clerk, minutes=minutes, ballot=ballot, yes=3, no=1, abstain=1, reason="Verzählt"
    )

    record = minutes_record(minutes)
    corrected = next(b for item in record["items"] for b in item["ballots"] if b["id"] == ballot.pk)
    assert corrected["text"] == "mehrheitlich beschlossen: 3 Ja, 1 Nein, 1 Enthaltung"
    assert record["corrections"][0]["previous"] == {"yes": 1, "no": 3, "abstain": 1}
    ballot.refresh_from_db()
    assert ballot.result_text == "abgelehnt: 1 Ja, 3 Nein, 1 Enthaltung"  # the session's record


def test_the_counts_of_a_named_vote_cannot_be_corrected(minutes, clerk):
    ballot = Ballot.objects.get(meeting=minutes.meeting, item__is_public=True, kind="named")

    with translation.override("de"), pytest.raises(MinutesError) as refusal:
        services.correct_ballot(
            by=clerk, minutes=minutes, ballot=ballot, yes=2, no=2, abstain=1, reason="Verzählt"
        )

    assert "namentlichen Abstimmung" in str(refusal.value)
    assert not minutes.corrections.exists()
    record = minutes_record(minutes)
    named = next(b for item in record["items"] for b in item["ballots"] if b["id"] == ballot.pk)
    assert (named["yes"], named["no"], named["abstain"]) == (3, 1, 1)


def test_a_correction_needs_a_reason(minutes, clerk):
    ballot = Ballot.objects.get(meeting=minutes.meeting, kind="show_of_hands")

    with pytest.raises(MinutesError):
        services.correct_ballot(
            by=clerk, minutes=minutes, ballot=ballot, yes=3, no=1, abstain=1, reason="  "
        )
    assert not minutes.corrections.exists()


def test_an_attendance_correction_appears_in_the_pdf(minutes, clerk, others):
    vogt = others[1].person
    services.correct_attendance(
        by=clerk,
        minutes=minutes,
        person=vogt,
        state="excused",
        arrived=None,
        left=None,
        reason="Irrtümlich als anwesend erfasst",
    )

    version = services.finalize(by=clerk, minutes=minutes)

    text = text_of(stored(version.full_pdf))
    assert "Anwesenheit von Lena Vogt: entschuldigt" in text
    assert "Irrtümlich als anwesend erfasst" in text
    row = next(
        r for r in embedded_record(stored(version.full_pdf))["attendance"] if r["person"] == vogt.pk
    )
    assert (row["state"], row["periods"]) == ("excused", [])


def test_the_recorder_signs_before_the_chair(final, chair):
    with pytest.raises(MinutesError):
        sign(final, chair, role="chair", document="full")
    assert not final.signatures.exists()


def test_only_the_named_recorder_signs_as_recorder(final, member):
    with pytest.raises(MinutesError):
        sign(final, member, role="recorder", document="full")
    assert not final.signatures.exists()


def test_a_signature_must_extend_the_file_not_rewrite_it(final, clerk):
    rewritten = appended(stored(final.full_pdf), "recorder").replace(b"%PDF", b"%PDX", 1)

    with pytest.raises(MinutesError):
        services.store_signature(
            by=clerk,
            version=final,
            document="full",
            role="recorder",
            signed_pdf=rewritten,
            signer_name="x",
            signed_at=final.finalized,
            certificate_subject="CN=x",
            certificate_serial="1",
            signed_length=len(rewritten),
        )
    assert not final.signatures.exists()


def test_four_signatures_sign_the_version(final, clerk, chair):
    sign_all(final, recorder=clerk, chair=chair)

    final.refresh_from_db()
    assert final.state == Version.State.SIGNED
    assert final.minutes.state == Minutes.State.SIGNED
    assert stored(final.signed_full_pdf).startswith(stored(final.full_pdf))


def test_publishing_needs_signatures(final, clerk):
    with pytest.raises(MinutesError):
        services.publish(by=clerk, minutes=final.minutes)
    final.refresh_from_db()
    assert final.published is None


def test_a_corrected_version_replaces_the_published_one(final, clerk, chair):
    sign_all(final, recorder=clerk, chair=chair)
    services.publish(by=clerk, minutes=final.minutes)
    services.reopen(by=clerk, minutes=final.minutes)

    with pytest.raises(MinutesError):
        services.finalize(by=clerk, minutes=final.minutes)
    second = services.finalize(by=clerk, minutes=final.minutes, changes="Tippfehler berichtigt")
    sign_all(second, recorder=clerk, chair=chair)
    services.publish(by=clerk, minutes=final.minutes)

    final.refresh_from_db()
    second.refresh_from_db()
    assert (final.state, second.state) == (Version.State.SUPERSEDED, Version.State.PUBLISHED)
    assert "Änderungen gegenüber Fassung 1: Tippfehler berichtigt" in text_of(
        stored(second.full_pdf)
    )


def test_reopening_before_publication_discards_the_version(final, clerk):
    services.reopen(by=clerk, minutes=final.minutes)

    final.refresh_from_db()
    assert final.state == Version.State.DISCARDED
    assert final.minutes.state == Minutes.State.DRAFT


def test_the_database_holds_one_published_version_per_meeting(final, clerk, chair):
    sign_all(final, recorder=clerk, chair=chair)
    services.publish(by=clerk, minutes=final.minutes)
    copy = Version.objects.get(pk=final.pk)
    copy.pk, copy.number = None, 2
    copy.changes = "Kopie"

    with pytest.raises(IntegrityError):
        copy.save()


def test_a_chair_without_an_account_cannot_be_left_to_sign(minutes, clerk, chair):
    person = chair.person
    person.user = None
    person.save()

    with pytest.raises(MinutesError):
        services.finalize(by=clerk, minutes=minutes)
    assert not Version.objects.exists()


def test_a_correction_of_an_unknown_member_is_refused(minutes, clerk, outsider):
    with pytest.raises(MinutesError):
        services.correct_attendance(
            by=clerk,
            minutes=minutes,
            person=outsider.person,
            state="excused",
            arrived=None,
            left=None,
            reason="Irrtum",
        )
    assert not minutes.corrections.exists()
