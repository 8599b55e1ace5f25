"""Creating a meeting: the next number of its body, a draft, and the body's standard items."""

from meetings.models import StandardItem
from tests.factories import make_body
from tests.meetings.factories import make_item, make_meeting


def agenda(meeting):
    return list(meeting.agenda_items.order_by("order").values_list("number", "title"))


def test_meetings_are_numbered_per_body(clerk, body):
    committee = make_body(name="Bauausschuss")

    first, second = make_meeting(by=clerk, body=body), make_meeting(by=clerk, body=body)
    other = make_meeting(by=clerk, body=committee)

    assert (first.number, second.number, other.number) == (1, 2, 1)


def test_new_meeting_is_a_draft_with_nothing_sent(clerk, body):
    meeting = make_meeting(by=clerk, body=body)

    assert meeting.state == "draft"
    assert (meeting.calendar_sequence, meeting.agenda_version) == (0, 0)
    assert not meeting.dispatches.exists()
    assert not meeting.notices.exists()


def test_new_meeting_starts_with_the_standard_items_of_its_body_in_order(clerk, body):
    StandardItem.objects.create(body=body, position=2, title="Niederschrift", is_public=True)
    StandardItem.objects.create(body=body, position=1, title="Personalsachen", is_public=False)
    StandardItem.objects.create(body=body, position=1, title="Eröffnung", is_public=True)
    StandardItem.objects.create(body=body, position=3, title="Anfragen", is_public=True)

    meeting = make_meeting(by=clerk, body=body)

    assert agenda(meeting) == [
        ("Ö 1", "Eröffnung"),
        ("Ö 2", "Niederschrift"),
        ("Ö 3", "Anfragen"),
        ("N 1", "Personalsachen"),
    ]


def test_standard_items_of_other_bodies_are_not_copied(clerk, body):
    StandardItem.objects.create(body=make_body(), position=1, title="Fremder Punkt")

    meeting = make_meeting(by=clerk, body=body)

    assert agenda(meeting) == []


def test_items_added_later_come_after_the_standard_items_of_their_part(clerk, body):
    StandardItem.objects.create(body=body, position=1, title="Eröffnung", is_public=True)
    StandardItem.objects.create(body=body, position=1, title="Personalsachen", is_public=False)
    meeting = make_meeting(by=clerk, body=body)

    make_item(by=clerk, meeting=meeting, title="Grundstück", is_public=False)
    make_item(by=clerk, meeting=meeting, title="Haushalt", is_public=True)

    assert agenda(meeting) == [
        ("Ö 1", "Eröffnung"),
        ("Ö 2", "Haushalt"),
        ("N 1", "Personalsachen"),
        ("N 2", "Grundstück"),
    ]


def test_meeting_keeps_its_items_when_the_standard_items_change_later(clerk, body):
    StandardItem.objects.create(body=body, position=1, title="Eröffnung", is_public=True)
    meeting = make_meeting(by=clerk, body=body)

    body.standard_items.all().delete()

    assert agenda(meeting) == [("Ö 1", "Eröffnung")]
