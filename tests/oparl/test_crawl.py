"""A crawler walking /oparl/v1/system finds every public object of the demo town and nothing
else, and every address it meets answers."""

import pytest

from council.models import Body, Faction, LegislativeTerm, Membership, Person
from meetings.models import AgendaItem, Consultation, Document, Location, Meeting, Paper
from minutes.models import Version
from tests.oparl.addresses import API

pytestmark = pytest.mark.django_db


def ids(prefix: str, pks) -> set[str]:
    return {f"{API}{prefix}/{pk}" for pk in pks}


def test_every_address_in_every_object_answers_200(crawl):
    failing = {url: status for url, status in crawl.status.items() if status != 200}

    assert failing == {}
    assert len(crawl.status) > 100


def test_crawler_finds_every_public_meeting_and_no_draft(crawl):
    public = Meeting.objects.filter(invited__isnull=False).values_list("pk", flat=True)

    assert set(crawl.of_type("Meeting")) == ids("meeting", public)
    assert Meeting.objects.filter(invited__isnull=True).exists()


def test_crawler_finds_exactly_the_public_agenda_items(crawl):
    public = AgendaItem.objects.filter(is_public=True, meeting__invited__isnull=False)

    assert set(crawl.of_type("AgendaItem")) == ids(
        "agenda-item", public.values_list("pk", flat=True)
    )


def test_crawler_finds_exactly_the_public_papers_and_their_consultations(crawl):
    papers = Paper.objects.filter(is_public=True)
    consultations = Consultation.objects.filter(paper__is_public=True)

    assert set(crawl.of_type("Paper")) == ids("paper", papers.values_list("pk", flat=True))
    assert set(crawl.of_type("Consultation")) == ids(
        "consultation", consultations.values_list("pk", flat=True)
    )


def test_crawler_finds_exactly_the_public_files_invitations_and_published_minutes(crawl):
    public = Document.objects.filter(paper__is_public=True) | Document.objects.filter(
        agenda_item__is_public=True, agenda_item__meeting__invited__isnull=False
    )
    invited = Meeting.objects.filter(invited__isnull=False, notices__isnull=False).distinct()
    published = Version.objects.filter(state=Version.State.PUBLISHED)
    expected = (
        ids("file", public.values_list("pk", flat=True))
        | {f"{API}meeting/{pk}/invitation" for pk in invited.values_list("pk", flat=True)}
        | {
            f"{API}meeting/{pk}/results-protocol"
            for pk in published.values_list("minutes__meeting", flat=True)
        }
    )

    assert set(crawl.of_type("File")) == expected


def test_crawler_finds_the_whole_council_registry(crawl):
    organizations = ids("organization/gremium", Body.objects.values_list("pk", flat=True)) | ids(
        "organization/fraktion", Faction.objects.values_list("pk", flat=True)
    )

    assert set(crawl.of_type("Organization")) == organizations
    assert set(crawl.of_type("Person")) == ids(
        "person", Person.objects.values_list("pk", flat=True)
    )
    assert set(crawl.of_type("Membership")) == ids(
        "membership", Membership.objects.values_list("pk", flat=True)
    )
    assert set(crawl.of_type("LegislativeTerm")) == ids(
        "legislative-term", LegislativeTerm.objects.values_list("pk", flat=True)
    )


def test_crawler_finds_the_places_of_public_meetings_only(crawl):
    used = Location.objects.filter(meetings__invited__isnull=False).distinct()

    assert set(crawl.of_type("Location")) == ids("location", used.values_list("pk", flat=True))


def test_an_embedded_object_is_the_object_at_its_address_without_its_back_reference(crawl):
    for id_, copies in crawl.objects.items():
        if id_ not in crawl.answers:
            continue
        alone = crawl.answers[id_]
        for copy in copies:
            assert {key: value for key, value in alone.items() if key in copy} == copy, id_
