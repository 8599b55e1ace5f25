"""Conflicts of interest (Befangenheit), declared per item."""

import pytest

from meetings.models import ConflictOfInterest, SpeakerRequest
from meetings.session.errors import LiveError
from meetings.session.services.agenda import call_item
from meetings.session.services.conflicts import declare_conflict, withdraw_conflict
from meetings.session.services.speakers import request_to_speak


def test_declared_conflict_is_recorded(clerk, running, public_item, member):
    event = declare_conflict(
        by=member, meeting=running, item_id=public_item.pk, person=member.person
    )

    conflict = ConflictOfInterest.objects.get()
    assert (conflict.item, conflict.person, conflict.recorded_by) == (
        public_item,
        member.person,
        member,
    )
    (item,) = [i for i in event.views["public"]["state"]["agenda"] if i["id"] == public_item.pk]
    assert item["conflicts"] == [{"person": member.person.pk, "name": "Birgit Schwarz"}]


def test_declaring_withdraws_the_waiting_request(clerk, running, public_item, member):
    call_item(by=clerk, meeting=running, item_id=public_item.pk)
    request_to_speak(by=member, meeting=running, person=member.person, kind="speech")

    declare_conflict(by=member, meeting=running, item_id=public_item.pk, person=member.person)

    assert SpeakerRequest.objects.get().state == "withdrawn"


def test_second_declaration_is_refused(running, public_item, member, english):
    declare_conflict(by=member, meeting=running, item_id=public_item.pk, person=member.person)

    with pytest.raises(LiveError, match="already recorded") as refused:
        declare_conflict(by=member, meeting=running, item_id=public_item.pk, person=member.person)

    assert refused.value.code == "conflict"
    assert running.events.count() == 2


def test_conflict_on_a_non_public_item_is_hidden_from_the_public(running, secret_item, member):
    event = declare_conflict(
        by=member, meeting=running, item_id=secret_item.pk, person=member.person
    )

    assert "public" not in event.views
    (item,) = [i for i in event.views["members"]["state"]["agenda"] if i["id"] == secret_item.pk]
    assert item["conflicts"][0]["name"] == "Birgit Schwarz"


def test_conflict_can_be_declared_before_the_start(meeting, public_item, member):
    declare_conflict(by=member, meeting=meeting, item_id=public_item.pk, person=member.person)

    assert ConflictOfInterest.objects.filter(item=public_item).exists()


def test_withdrawn_conflict_is_gone(clerk, running, public_item, member):
    declare_conflict(by=member, meeting=running, item_id=public_item.pk, person=member.person)

    withdraw_conflict(by=clerk, meeting=running, item_id=public_item.pk, person=member.person)

    assert not ConflictOfInterest.objects.exists()


def test_withdrawing_a_conflict_nobody_declared_is_not_found(
    clerk, running, public_item, member, english
):
    with pytest.raises(LiveError, match="no such conflict") as refused:
        withdraw_conflict(by=clerk, meeting=running, item_id=public_item.pk, person=member.person)

    assert refused.value.code == "not_found"
