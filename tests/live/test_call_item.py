"""Calling an item (Aufruf) and setting item statuses during the session."""

import pytest

from meetings.models import ItemStatus, Meeting
from meetings.session.errors import LiveError
from meetings.session.services.agenda import call_item, set_item_status
from tests.meetings.factories import make_item, make_meeting

CONTINUES = {
    "de": "Die Sitzung wird im nichtöffentlichen Teil fortgesetzt.",
    "en": "The meeting continues in the non-public part.",
}


def test_called_item_becomes_current_and_goes_into_discussion(clerk, running, public_item):
    call_item(by=clerk, meeting=running, item_id=public_item.pk)

    running.refresh_from_db()
    public_item.refresh_from_db()
    assert running.current_item == public_item
    assert public_item.status == ItemStatus.IN_DISCUSSION


def test_calling_an_item_that_is_done_keeps_its_status(clerk, running, public_item):
    set_item_status(by=clerk, meeting=running, item_id=public_item.pk, status="done")

    call_item(by=clerk, meeting=running, item_id=public_item.pk)

    public_item.refresh_from_db()
    assert public_item.status == ItemStatus.DONE


@pytest.mark.parametrize("status", ["deferred", "withdrawn"])
def test_deferred_or_withdrawn_item_cannot_be_called(clerk, running, public_item, status, english):
    set_item_status(by=clerk, meeting=running, item_id=public_item.pk, status=status)

    with pytest.raises(LiveError, match="deferred or withdrawn") as refused:
        call_item(by=clerk, meeting=running, item_id=public_item.pk)

    assert refused.value.code == "conflict"
    assert Meeting.objects.get(pk=running.pk).current_item is None


def test_item_of_another_meeting_is_not_found(clerk, running, body, english):
    foreign = make_item(by=clerk, meeting=make_meeting(by=clerk, body=body), title="Fremd")

    with pytest.raises(LiveError, match="no such item") as refused:
        call_item(by=clerk, meeting=running, item_id=foreign.pk)

    assert refused.value.code == "not_found"


def test_items_are_called_only_in_a_running_meeting(clerk, meeting, public_item, english):
    with pytest.raises(LiveError, match="not running"):
        call_item(by=clerk, meeting=meeting, item_id=public_item.pk)


def test_members_hear_the_non_public_item_the_public_only_that_the_part_goes_on(
    clerk, running, secret_item
):
    event = call_item(by=clerk, meeting=running, item_id=secret_item.pk)

    assert event.views["members"]["announce"]["en"] == f"Now: N 1 {secret_item.title}"
    assert event.views["public"]["announce"] == CONTINUES
    assert event.views["public"]["state"]["current"] == {"item": None, "non_public": True}


def test_status_change_is_recorded(clerk, running, public_item):
    event = set_item_status(by=clerk, meeting=running, item_id=public_item.pk, status="done")

    public_item.refresh_from_db()
    assert public_item.status == ItemStatus.DONE
    assert event.data == {"item": public_item.pk, "number": "Ö 1", "from": "open", "to": "done"}


def test_deferring_the_current_item_leaves_no_current_item(clerk, running, public_item):
    call_item(by=clerk, meeting=running, item_id=public_item.pk)

    set_item_status(by=clerk, meeting=running, item_id=public_item.pk, status="deferred")

    assert Meeting.objects.get(pk=running.pk).current_item is None


def test_setting_the_same_status_is_refused(clerk, running, public_item, english):
    with pytest.raises(LiveError, match="Nothing to change"):
        set_item_status(by=clerk, meeting=running, item_id=public_item.pk, status="open")

    assert running.events.count() == 1


def test_unknown_status_is_refused(clerk, running, public_item, english):
    with pytest.raises(LiveError, match="Unknown item status") as refused:
        set_item_status(by=clerk, meeting=running, item_id=public_item.pk, status="postponed")

    assert refused.value.code == "invalid"


def test_status_of_a_non_public_item_is_hidden_from_the_public(clerk, running, secret_item):
    event = set_item_status(by=clerk, meeting=running, item_id=secret_item.pk, status="deferred")

    assert "public" not in event.views
    assert event.views["members"]["state"]["agenda"][1]["status"] == "deferred"


def test_deferring_the_current_non_public_item_ends_the_non_public_part_for_the_public(
    clerk, running, secret_item
):
    call_item(by=clerk, meeting=running, item_id=secret_item.pk)

    event = set_item_status(by=clerk, meeting=running, item_id=secret_item.pk, status="deferred")

    assert event.views["public"]["state"]["current"] == {"item": None, "non_public": False}
    assert secret_item.title not in str(event.views["public"])
