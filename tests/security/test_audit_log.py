"""The audit log: the planning services record who changed what in the same transaction, and
the secretariat reads it on /audit/, filtered by meeting and by person, a page at a time."""

import pytest
from django.urls import reverse

from council import audit
from council.models import AuditEntry
from meetings.errors import MeetingError
from meetings.services.agenda import add_item, move_item, remove_item, update_item
from meetings.services.invitations import cancel_meeting, send_invitation
from meetings.services.papers import create_paper, update_paper
from tests.factories import make_secretariat_user
from tests.meetings.factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


def actions(**filters) -> list[str]:
    return list(
        AuditEntry.objects.filter(**filters).order_by("pk").values_list("action", flat=True)
    )


def test_planning_a_meeting_is_recorded_with_who_and_what(clerk, draft):
    add_item(by=clerk, meeting=draft, title="Eröffnung", is_public=True)
    item = add_item(by=clerk, meeting=draft, title="Radweg Lindenstraße", is_public=True)
    update_item(by=clerk, item=item, title="Radweg Lindenstraße (neu)", text="")
    move_item(by=clerk, item=item, up=True)
    remove_item(by=clerk, item=item)

    assert actions(target_type="meeting", target_id=draft.pk) == [
        "meeting.created",
        "agenda.item_added",
        "agenda.item_added",
        "agenda.item_changed",
        "agenda.item_moved",
        "agenda.item_removed",
    ]
    entry = AuditEntry.objects.get(action="agenda.item_changed")
    assert (entry.actor, entry.actor_name) == (clerk, clerk.username)
    assert entry.details == {"item": "Ö 2 Radweg Lindenstraße (neu)"}
    assert entry.target_label.startswith(f"{draft.number}. Stadtrat (")


def test_invitation_and_cancellation_are_recorded(clerk, draft, public_item):
    send_invitation(by=clerk, meeting=draft)
    cancel_meeting(by=clerk, meeting=draft, reason="Sturmwarnung")

    assert actions()[-2:] == ["invitation.sent", "meeting.cancelled"]
    assert AuditEntry.objects.get(action="meeting.cancelled").details == {"reason": "Sturmwarnung"}


def test_papers_are_recorded(clerk, body):
    paper = create_paper(by=clerk, kind="resolution_proposal", title="Radweg", path=[body])
    update_paper(by=clerk, paper=paper, title="Radweg Nord")

    assert actions(target_type="paper", target_id=paper.pk) == ["paper.created", "paper.changed"]


def test_a_refused_change_records_nothing(clerk, running, public_item):
    before = AuditEntry.objects.count()

    with pytest.raises(MeetingError):
        update_item(by=clerk, item=public_item, title="Zu spät", text="")

    assert AuditEntry.objects.count() == before


def test_an_unregistered_action_is_a_programming_error(clerk, draft):
    with pytest.raises(ValueError, match="unregistered"):
        audit.record(actor=clerk, action="meeting.teleported", target=draft)


def test_secretariat_sees_the_log_with_labels_newest_first(client, clerk, draft):
    make_item(by=clerk, meeting=draft, title="Radweg Lindenstraße")
    client.force_login(clerk)

    html = client.get(reverse("audit-log")).content.decode()

    assert html.index("Tagesordnungspunkt hinzugefügt") < html.index("Sitzung angelegt")
    assert "Ö 1 Radweg Lindenstraße" in html


def test_log_is_filtered_by_meeting_and_by_person(client, clerk, body, draft):
    other_clerk = make_secretariat_user(username="zweite", first_name="Zora", last_name="Zweig")
    other = make_meeting(by=other_clerk, body=body)
    make_item(by=other_clerk, meeting=other, title="Nur in der zweiten Sitzung")
    make_item(by=clerk, meeting=draft, title="Nur in der ersten Sitzung")
    client.force_login(clerk)

    by_meeting = client.get(reverse("audit-log"), {"meeting": other.pk}).content.decode()
    by_person = client.get(reverse("audit-log"), {"actor": clerk.pk}).content.decode()

    assert "Nur in der zweiten" in by_meeting and "Nur in der ersten" not in by_meeting
    assert reverse("meeting-event-log", args=[other.pk]) in by_meeting
    assert "Nur in der ersten" in by_person and "Nur in der zweiten" not in by_person
    assert "Zora Zweig" in by_meeting


def test_log_is_paginated(client, clerk, draft):
    for number in range(55):
        make_item(by=clerk, meeting=draft, title=f"Punkt Nummer {number:02}")
    client.force_login(clerk)

    first = client.get(reverse("audit-log")).content.decode()
    second = client.get(reverse("audit-log"), {"page": 2}).content.decode()

    assert "Punkt Nummer 54" in first and "Punkt Nummer 00" not in first
    assert "Punkt Nummer 00" in second and "Seite 2 von 2" in second


def test_unknown_filter_value_shows_an_error_not_a_crash(client, clerk):
    client.force_login(clerk)

    response = client.get(reverse("audit-log"), {"meeting": "abc"})

    assert response.status_code == 200
    assert "kern-error" in response.content.decode()


def test_members_may_not_read_the_log(client, member):
    client.force_login(member)

    assert client.get(reverse("audit-log")).status_code == 403
