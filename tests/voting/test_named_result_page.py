"""The live page lists a closed named vote by name and choice; the socket carried only ids."""

import pytest
from django.urls import reverse

from meetings.session.services.agenda import call_item
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

    rows = page.content.decode()
    assert 'Birgit Schwarz</th><td class="kern-table__cell">Nein' in rows
    assert 'Jonas Weber</th><td class="kern-table__cell">Ja</td>' in rows
    assert "mündlich abgegeben, vom Sitzungsdienst erfasst" in rows
