"""The live page lists a closed named vote by name and choice; the socket carried only ids."""

import pytest
from django.urls import reverse

from meetings.session.services.agenda import call_item
from tests.live.pages import shown
from tests.voting.ballots import cast, close
from voting import services as voting

pytestmark = pytest.mark.django_db


def test_live_page_lists_each_members_name_and_choice(
    client, present, named, clerk, member, others
):
    call_item(by=clerk, meeting=present, item_id=named.item_id)
    cast(present, named, others[0], "yes")
    voting.record_for_member(
        by=clerk,
        meeting=present,
        ballot_id=named.pk,
        person=member.person,
        choice="no",
        request_id="hall-1",
    )
    close(present, named, by=clerk)

    page = client.get(reverse("meeting-live", args=[present.pk]), HTTP_ACCEPT_LANGUAGE="de")

    named = shown(page.content.decode())
    assert "<strong>Ja (1):</strong> Jonas Weber</p>" in named
    assert "<strong>Nein (1):</strong> Birgit Schwarz (mündlich abgegeben" in named
    assert "<strong>Enthaltung (0):</strong> –</p>" in named
