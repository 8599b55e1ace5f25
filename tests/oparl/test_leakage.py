"""Nothing non-public reaches the API: walk all of it and look for every non-public text."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.models import Person
from meetings.models import AgendaItem, Document, Meeting, Paper
from meetings.services.agenda import update_item
from meetings.services.documents import add_document
from minutes.models import ItemNote, Version
from tests.meetings.factories import pdf_bytes
from tests.oparl.crawler import walk

pytestmark = pytest.mark.django_db

SECRET_TEXT = "GEHEIMTEXT Kaufpreis 412.000 €"


def secrets_in_database() -> set[str]:
    """Every title, text, reference and file address of something non-public, minus what a
    public object shares (a standard item's title, say)."""
    hidden_items = AgendaItem.objects.filter(is_public=False) | AgendaItem.objects.filter(
        meeting__invited__isnull=True
    )
    hidden_papers = Paper.objects.filter(is_public=False)
    hidden_documents = Document.objects.exclude(pk__in=public_documents())
    secrets = {
        *(value for item in hidden_items for value in (item.title, item.text)),
        *(value for paper in hidden_papers for value in (paper.title, paper.reference)),
        *(paper.resolution_text for paper in hidden_papers),
        *(document.title for document in hidden_documents),
        *(reverse("document-download", args=[document.pk]) for document in hidden_documents),
        *(reverse("invitation-pdf", args=[meeting.pk]) for meeting in Meeting.objects.all()),
        *(reverse("minutes-full-pdf", args=[version.pk]) for version in Version.objects.all()),
        *(
            reverse("minutes-public-pdf", args=[version.pk])
            for version in Version.objects.exclude(state=Version.State.PUBLISHED)
        ),
        *(note.discussion for note in ItemNote.objects.filter(item__in=hidden_items)),
        *(person.email for person in Person.objects.all()),
        *(user.email for user in get_user_model().objects.all()),
    }
    shared = {
        *(item.title for item in AgendaItem.objects.exclude(pk__in=hidden_items)),
        *(paper.title for paper in Paper.objects.filter(is_public=True)),
    }
    return {secret for secret in secrets - shared if secret}


def public_documents():
    return (
        Document.objects.filter(paper__is_public=True)
        | Document.objects.filter(
            agenda_item__is_public=True, agenda_item__meeting__invited__isnull=False
        )
    ).values("pk")


def leaks(crawl) -> dict[str, int]:
    everything = "\n".join(crawl.texts)
    return {
        secret: everything.count(secret) for secret in secrets_in_database() if secret in everything
    }


def test_demo_has_non_public_items_papers_and_files_to_hide(demo):
    assert AgendaItem.objects.filter(is_public=False, meeting__invited__isnull=False).exists()
    assert Document.objects.filter(paper__is_public=False).exists()
    assert Document.objects.filter(agenda_item__is_public=False).exists()
    assert Meeting.objects.filter(invited__isnull=True).exists()


def test_no_non_public_title_text_or_file_appears_anywhere(crawl):
    assert len(secrets_in_database()) > 10
    assert leaks(crawl) == {}


def test_text_and_late_file_of_a_non_public_item_stay_hidden(demo, client):
    item = AgendaItem.objects.filter(is_public=False, meeting__state=Meeting.State.INVITED).first()
    update_item(by=None, item=item, title=item.title, text=SECRET_TEXT)
    add_document(
        by=None,
        agenda_item=item,
        title="GEHEIMANLAGE Nachtrag",
        upload=SimpleUploadedFile(
            "geheim.pdf", pdf_bytes("GEHEIM"), content_type="application/pdf"
        ),
    )

    crawl = walk(client)

    assert SECRET_TEXT in secrets_in_database()
    assert leaks(crawl) == {}


def test_a_person_shows_no_contact_data(crawl):
    people = crawl.of_type("Person").values()

    assert people
    for person in people:
        assert not {"email", "phone", "location", "locationObject"} & set(person)
