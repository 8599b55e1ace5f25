"""One rendering path: the regions the events bring a page are, for every audience, what a fresh
load of the page shows at the same seq, but for each user's own part (their token, their vote)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.live.pages import Elements, element, shared_part
from tests.live.sockets import act, receive_until_seq, run

pytestmark = pytest.mark.django_db(transaction=True)
ROLL_CALLS = ("live-rollcall", "live-presence")


def page_of(user, meeting_id) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(reverse("meeting-live", args=[meeting_id])).content.decode()


def rows_of(html: str, prefix: str) -> dict[str, str]:
    """The roll call's rows and headings, each a region of its own that events replace (the
    lists hold whichever rows the page moved into them)."""
    replaced = re.compile(rf"{prefix}-(\d+|heading-\w+)")
    return {
        attrs["id"]: html[start:end]
        for attrs, start, _inner, end in Elements(html).found
        if replaced.fullmatch(attrs.get("id", ""))
    }


def shown_after(snapshot: dict, messages: list[dict]) -> dict[str, str]:
    """What the page shows once it has applied every event, region by region."""
    shown = {}
    for region_id, html in snapshot["regions"].items():
        shown.update(rows_of(html, region_id) if region_id in ROLL_CALLS else {region_id: html})
    for message in messages:
        shown.update(message.get("regions", {}))
    return shown


async def vote_on(m, item, *, chair, member):
    prepared = await act(chair, m, "ballot.prepare", item=item.pk, kind="named")
    ballot = prepared.data["ballot"]
    await act(chair, m, "ballot.open", ballot=ballot)
    await act(member, m, "cast", ballot=ballot, choice="yes", request_id="c1")
    return await act(chair, m, "ballot.close", ballot=ballot)


@pytest.mark.parametrize("who", ["public", "member", "clerk", "chair"])
async def test_every_region_an_event_brings_equals_a_fresh_page_load(
    sockets, meeting, play, who, request
):
    user = None if who == "public" else request.getfixturevalue(who)
    socket, first = await sockets.open(meeting.pk, user, page=True)
    last = await play()

    messages = await receive_until_seq(socket, last)
    page = await run(page_of, user, meeting.pk)

    shown = shown_after(first, messages)
    assert len(shown) >= 10  # five regions and five roll-call rows at least
    for region_id, html in shown.items():
        assert shared_part(html) == shared_part(element(page, region_id)), region_id


@pytest.mark.parametrize("who", ["public", "member", "chair"])
async def test_a_roll_call_and_a_vote_reach_each_audience_as_a_fresh_page_shows_them(
    sockets, running, chair, member, others, public_item, who, request
):
    user = None if who == "public" else request.getfixturevalue(who)
    socket, first = await sockets.open(running.pk, user, page=True)
    for person in (chair.person, member.person, others[0].person):
        await act(chair, running.pk, "attendance.mark", person=person.pk, state="hall")
    await act(chair, running.pk, "agenda.call", item=public_item.pk)

    closed = await vote_on(running.pk, public_item, chair=chair, member=member)
    messages = await receive_until_seq(socket, closed.seq)
    page = await run(page_of, user, running.pk)

    shown = shown_after(first, messages)
    assert "Birgit Schwarz" in shown["live-ballot"]  # the named result
    for region_id, html in shown.items():
        assert shared_part(html) == shared_part(element(page, region_id)), region_id
