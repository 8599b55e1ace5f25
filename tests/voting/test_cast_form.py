"""A member votes without JavaScript: the live page's form posts the cast to
/meetings/<id>/live/action/; sending the same form again changes nothing."""

import re

import pytest
from django.urls import reverse

from tests.live.pages import shown
from tests.voting.ballots import cast, open_ballot
from voting.models import SecretTally, Vote

# A cast by form is committed like a real request: after it the view sends the progress through
# channels' database_sync_to_async, which closes the thread's connection (PostgreSQL) - harmless
# between requests, fatal inside a test's open transaction.
committed = pytest.mark.django_db(transaction=True)


def live_page(client, meeting) -> str:
    return shown(client.get(reverse("meeting-live", args=[meeting.pk])).content.decode())


def cast_form(page) -> dict:
    """The hidden fields of the page's voting form, as the browser would send them."""
    form = re.search(r"<form[^>]*live-ballot__choices.*?</form>", page, re.DOTALL).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    del fields["csrfmiddlewaretoken"]
    return fields


def post(client, meeting, fields):
    return client.post(reverse("meeting-live-action", args=[meeting.pk]), fields, follow=True)


@committed
def test_member_votes_with_the_plain_form(client, present, named, member):
    client.force_login(member)
    fields = cast_form(live_page(client, present))

    response = post(client, present, {**fields, "choice": "yes"})

    assert fields["type"] == "cast"
    assert fields["ballot"] == str(named.pk)
    assert response.redirect_chain == [(reverse("meeting-live", args=[present.pk]), 302)]
    vote = Vote.objects.get()
    assert (vote.person, vote.choice, vote.request_id) == (
        member.person,
        "yes",
        fields["request_id"],
    )
    assert "Ihre Stimme ist erfasst: Ja." in shown(response.content.decode())


@committed
def test_the_same_form_sent_again_changes_nothing(client, present, named, member):
    client.force_login(member)
    fields = {"type": "cast", "ballot": named.pk, "choice": "yes", "request_id": "form-1"}
    post(client, present, fields)

    response = post(client, present, {**fields, "choice": "no"})

    assert Vote.objects.get().choice == "yes"
    assert "bereits abgestimmt" not in response.content.decode()


@committed
def test_a_new_form_after_voting_is_refused_with_a_message(client, present, named, member):
    client.force_login(member)
    post(client, present, {"type": "cast", "ballot": named.pk, "choice": "yes", "request_id": "a"})

    response = post(
        client, present, {"type": "cast", "ballot": named.pk, "choice": "no", "request_id": "b"}
    )

    assert "Birgit Schwarz hat bereits abgestimmt." in response.content.decode()
    assert Vote.objects.get().choice == "yes"


@pytest.mark.django_db
def test_page_offers_no_form_once_the_member_voted(client, present, named, member):
    cast(present, named, member, "no")
    client.force_login(member)

    page = live_page(client, present)

    assert "live-ballot__choices" not in page
    assert "Ihre Stimme ist erfasst: Nein." in page


@committed
def test_secret_vote_by_form_shows_no_choice_afterwards(client, present, secret, member):
    client.force_login(member)
    fields = cast_form(live_page(client, present))

    response = post(client, present, {**fields, "choice": "abstain"})

    assert SecretTally.objects.get(ballot=secret).abstain == 1
    page = shown(response.content.decode())
    assert "Ihre Stimme ist erfasst." in page
    assert "Ihre Stimme ist erfasst: " not in page


@pytest.mark.django_db
def test_member_who_may_not_vote_gets_no_form(client, present, public_item, clerk, others):
    present.attendances.filter(person=others[0].person).update(state="absent")
    open_ballot(present, public_item, by=clerk)
    client.force_login(others[0])

    page = live_page(client, present)

    assert "live-ballot__choices" not in page
    assert "Sie stimmen bei dieser Abstimmung nicht mit" in page
