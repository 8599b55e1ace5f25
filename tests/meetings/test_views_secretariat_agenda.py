"""Editing the agenda through the secretariat's pages."""

from django.urls import reverse

from meetings.models import AgendaItem
from tests.meetings.factories import make_item, make_meeting, make_paper, set_state

ENGLISH = {"accept-language": "en"}


def agenda(meeting):
    return list(meeting.agenda_items.order_by("order").values_list("number", "title"))


def add(client, meeting, **fields):
    data = {"title": "Haushalt", "is_public": "1", "parent": "", "paper": "", "text": ""}
    return client.post(reverse("agenda-edit", args=[meeting.pk]), {**data, **fields})


def test_secretariat_adds_an_item(clerk_client, meeting):
    response = add(clerk_client, meeting, title="Haushaltssatzung 2027", text="Beschluss")

    assert response.status_code == 302
    assert response.url == reverse("agenda-edit", args=[meeting.pk])
    item = meeting.agenda_items.get()
    assert (item.number, item.title, item.text) == ("Ö 1", "Haushaltssatzung 2027", "Beschluss")


def test_secretariat_adds_a_non_public_sub_item_with_a_paper(clerk, clerk_client, body, meeting):
    parent = make_item(by=clerk, meeting=meeting, title="Grundstücke", is_public=False)
    paper = make_paper(by=clerk, path=[body], is_public=False)

    add(clerk_client, meeting, title="Lindenweg", is_public="0", parent=parent.pk, paper=paper.pk)

    item = AgendaItem.objects.get(title="Lindenweg")
    assert (item.number, item.parent, item.consultation.paper) == ("N 1.1", parent, paper)


def test_refused_item_is_shown_as_form_error(clerk, clerk_client, body, meeting):
    paper = make_paper(by=clerk, path=[body], is_public=False)

    response = clerk_client.post(
        reverse("agenda-edit", args=[meeting.pk]),
        {"title": "Ankauf", "is_public": "1", "paper": paper.pk},
        headers=ENGLISH,
    )

    assert response.status_code == 200
    assert "A non-public paper cannot be discussed in the public part." in response.content.decode()
    assert not meeting.agenda_items.exists()


def test_secretariat_moves_an_item_up(clerk, clerk_client, meeting):
    make_item(by=clerk, meeting=meeting, title="A")
    second = make_item(by=clerk, meeting=meeting, title="B")
    url = reverse("agenda-item-move", args=[meeting.pk, second.pk])

    response = clerk_client.post(url, {"direction": "up"}, headers=ENGLISH)

    assert response.url == reverse("agenda-edit", args=[meeting.pk]) + f"#item-{second.pk}"
    assert agenda(meeting) == [("Ö 1", "B"), ("Ö 2", "A")]
    page = clerk_client.get(response.url, headers=ENGLISH).content.decode()
    assert "“B” is now Ö 1." in page


def test_secretariat_moves_an_item_down(clerk, clerk_client, meeting):
    first = make_item(by=clerk, meeting=meeting, title="A")
    make_item(by=clerk, meeting=meeting, title="B")

    clerk_client.post(
        reverse("agenda-item-move", args=[meeting.pk, first.pk]), {"direction": "down"}
    )

    assert agenda(meeting) == [("Ö 1", "B"), ("Ö 2", "A")]


def test_moving_past_the_edge_shows_the_error(clerk, clerk_client, meeting):
    first = make_item(by=clerk, meeting=meeting, title="A")
    url = reverse("agenda-item-move", args=[meeting.pk, first.pk])

    response = clerk_client.post(url, {"direction": "up"}, headers=ENGLISH, follow=True)

    assert "The item is already at the edge of its part." in response.content.decode()
    assert agenda(meeting) == [("Ö 1", "A")]


def test_item_of_another_meeting_is_not_found(clerk, clerk_client, body, meeting):
    other = make_item(by=clerk, meeting=make_meeting(by=clerk, body=body), title="Fremd")

    response = clerk_client.post(reverse("agenda-item-delete", args=[meeting.pk, other.pk]))

    assert response.status_code == 404
    assert AgendaItem.objects.filter(pk=other.pk).exists()


def test_secretariat_removes_an_item(clerk, clerk_client, meeting):
    first = make_item(by=clerk, meeting=meeting, title="A")
    make_item(by=clerk, meeting=meeting, title="B")

    response = clerk_client.post(reverse("agenda-item-delete", args=[meeting.pk, first.pk]))

    assert response.url == reverse("agenda-edit", args=[meeting.pk])
    assert agenda(meeting) == [("Ö 1", "B")]


def test_secretariat_edits_an_item(clerk, clerk_client, meeting):
    item = make_item(by=clerk, meeting=meeting, title="Haushalt")

    clerk_client.post(
        reverse("agenda-item-edit", args=[meeting.pk, item.pk]),
        {"action": "edit", "title": "Haushalt 2027", "text": "Zweite Lesung"},
    )

    item.refresh_from_db()
    assert (item.title, item.text) == ("Haushalt 2027", "Zweite Lesung")


def test_agenda_of_a_closed_meeting_takes_no_new_items(clerk_client, meeting):
    set_state(meeting, "closed")

    response = add(clerk_client, meeting, title="Nachzügler")

    assert response.status_code == 200
    assert not meeting.agenda_items.exists()
