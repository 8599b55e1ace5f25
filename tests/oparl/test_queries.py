"""Bounded queries: a page of a list costs the same number of queries however many objects it
holds, so a crawler cannot make the server work harder per page as the council's data grows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from council.models import Body
from meetings.models import Meeting, Paper
from meetings.services.agenda import add_item
from meetings.services.documents import add_document
from meetings.services.invitations import send_invitation
from meetings.services.papers import create_paper
from tests.factories import make_faction, make_membership, make_person, make_secretariat_user
from tests.meetings.factories import in_days, make_location, make_meeting, pdf_bytes
from tests.oparl.crawler import local
from tests.oparl.lists import list_url

pytestmark = pytest.mark.django_db

# list → queries for one page: the municipality, one count per source (papers, agenda items,
# consultations and files have a second or third source: the removed ones; none in the demo),
# then the objects of each source with their prefetches. Files: documents, public notices and
# published minutes (one each on the page), and the removed ones.
QUERIES = {
    "organization": 1 + 2 + (1 + 1) + 1,
    "person": 1 + 1 + (1 + 1),
    "meeting": 1 + 1 + (1 + 1 + 1 + 1),
    "paper": 1 + 2 + (1 + 1 + 1),
    "agenda-item": 1 + 2 + (1 + 1),
    "consultation": 1 + 2 + 1,
    "file": 1 + 4 + 1 + 1 + 1,
    "location": 1 + 1 + 1,
    "legislative-term": 1 + 1 + 1,
    "membership": 1 + 1 + 1,
}


def page_queries(client, name: str, limit: int) -> int:
    url = local(list_url(name))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"limit": limit}).status_code == 200
    return len(captured)


def grow(copies: int) -> None:
    """More of everything: papers with files, invited meetings with items, people, factions."""
    clerk = make_secretariat_user()
    bodies = list(Body.objects.all())
    for number in range(copies):
        faction = make_faction()
        paper = create_paper(
            by=clerk,
            kind=Paper.Kind.REPORT,
            title=f"Bericht {number}",
            path=bodies,
            originator_faction=faction,
        )
        add_document(by=clerk, paper=paper, title="Anlage", upload=pdf(number))
        meeting = make_meeting(
            by=clerk,
            body=bodies[0],
            start=in_days(40 + number) + datetime.timedelta(minutes=number),
            location=make_location(room=f"Raum {number}"),
        )
        item = add_item(by=clerk, meeting=meeting, title=paper.title, is_public=True, paper=paper)
        add_document(by=clerk, agenda_item=item, title="Tischvorlage", upload=pdf(number))
        send_invitation(by=clerk, meeting=meeting)
        make_membership(person=make_person(), body=bodies[0], faction=faction)


def pdf(number):
    return SimpleUploadedFile(f"a{number}.pdf", pdf_bytes(), content_type="application/pdf")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_full_page_costs_a_fixed_number_of_queries(demo, client, django_assert_num_queries, name):
    url = local(list_url(name))
    with django_assert_num_queries(QUERIES[name]):
        client.get(url, {"limit": 500})
    grow(3)

    with django_assert_num_queries(QUERIES[name]):
        page = client.get(url, {"limit": 500}).json()
    assert len(page["data"]) > 1


@pytest.mark.parametrize("name", ["meeting", "paper", "person", "agenda-item", "membership"])
def test_a_short_page_costs_what_a_long_one_does(demo, client, name):
    assert page_queries(client, name, limit=1) == page_queries(client, name, limit=500)


def test_a_meeting_costs_a_fixed_number_of_queries(demo, client, django_assert_num_queries):
    meeting = Meeting.objects.filter(invited__isnull=False).first()

    # the meeting with body and location, its public items, their documents, its notices
    with django_assert_num_queries(4):
        client.get(f"/oparl/v1/meeting/{meeting.pk}")
