"""The minutes' state changes are in the audit log, in their own transactions."""

import datetime

import pytest

from council.models import AuditEntry
from minutes import services
from minutes.errors import MinutesError
from tests.minutes.stand_in_signatures import sign_all


def actions(meeting) -> list[str]:
    entries = AuditEntry.objects.filter(target_type="meeting", target_id=meeting.pk)
    return [a for a in entries.order_by("pk").values_list("action", flat=True) if "minutes" in a]


def test_finalize_sign_publish_and_reopen_are_recorded(final, clerk, chair):
    sign_all(final, recorder=clerk, chair=chair)
    services.publish(by=clerk, minutes=final.minutes)
    services.reopen(by=clerk, minutes=final.minutes)

    assert actions(final.minutes.meeting) == [
        "minutes.edited",
        "minutes.finalized",
        *["minutes.signed"] * 4,
        "minutes.published",
        "minutes.reopened",
    ]
    published = AuditEntry.objects.get(action="minutes.published")
    assert published.details["public_sha256"] == final.minutes.versions.get().signed_public_sha256


def test_a_correction_is_recorded_with_its_reason(minutes, clerk):
    closed = minutes.meeting.closed
    services.correct_session_times(
        by=clerk,
        minutes=minutes,
        started=closed - datetime.timedelta(hours=2),
        closed=closed,
        reason="Uhr der Sitzungsleitung ging nach",
    )

    entry = AuditEntry.objects.get(action="minutes.corrected")
    assert (entry.actor, entry.details["reason"]) == (clerk, "Uhr der Sitzungsleitung ging nach")


def test_a_refused_finalize_records_nothing(minutes, clerk):
    services.finalize(by=clerk, minutes=minutes)

    with pytest.raises(MinutesError):
        services.finalize(by=clerk, minutes=minutes)

    assert actions(minutes.meeting) == ["minutes.edited", "minutes.finalized"]


def test_a_draft_edit_is_recorded_with_the_fields_it_changed_not_their_text(
    minutes, clerk, secret_item
):
    services.update_minutes(
        by=clerk,
        minutes=minutes,
        recorder=clerk,
        chair=minutes.chair,
        opening="Die Vorsitzende begrüßt die Anwesenden.",
        notes={secret_item.pk: ("Die Verwaltung berichtete.", "")},
    )

    entry = AuditEntry.objects.filter(action="minutes.edited").latest("pk")
    assert (entry.actor, entry.target_id) == (clerk, minutes.meeting_id)
    assert entry.details == {"fields": ["opening", f"discussion {secret_item.number}"]}


def test_saving_an_unchanged_draft_records_nothing(minutes, clerk):
    before = actions(minutes.meeting)

    services.update_minutes(by=clerk, minutes=minutes, recorder=clerk, chair=minutes.chair)

    assert actions(minutes.meeting) == before


def test_the_audit_page_lists_a_draft_edit(client, minutes, clerk):
    services.update_minutes(
        by=clerk, minutes=minutes, recorder=clerk, chair=minutes.chair, closing="Ende 20 Uhr"
    )
    client.force_login(clerk)

    page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Draft of the minutes edited" in page
    assert '<td class="kern-table__cell">closing</td>' in page
    assert "Ende 20 Uhr" not in page
