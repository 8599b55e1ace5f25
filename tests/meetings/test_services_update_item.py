"""Changing an agenda item's title and text."""

from meetings.services.agenda import update_item
from tests.meetings.factories import make_item


def test_title_and_text_are_saved(clerk, meeting):
    item = make_item(by=clerk, meeting=meeting, title="Haushalt")

    update_item(by=clerk, item=item, title="Haushalt 2027", text="Beratung und Beschluss")

    item.refresh_from_db()
    assert (item.title, item.text) == ("Haushalt 2027", "Beratung und Beschluss")


def test_number_and_part_stay_as_they_were(clerk, meeting):
    make_item(by=clerk, meeting=meeting, title="Eröffnung")
    item = make_item(by=clerk, meeting=meeting, title="Personal", is_public=False)

    update_item(by=clerk, item=item, title="Personalangelegenheit", text="")

    item.refresh_from_db()
    assert (item.number, item.is_public, item.order) == ("N 1", False, 2)
