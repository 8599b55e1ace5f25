"""A whole meeting with a non-public part, watched from a public and a members socket: the public
one never learns anything of the non-public item, yet sees every sequence number."""

import json

import pytest
from django.urls import reverse

from meetings.models import SessionEvent
from tests.live.conftest import SECRET_DOCUMENT, SECRET_TEXT, SECRET_TITLE
from tests.live.scenario import CONFLICTED, PUBLIC_SPEAKER, REPORTER, SPEAKER
from tests.live.sockets import receive_until_seq, run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def watched(sockets, meeting, others, play):
    """Every message each socket got while the meeting was played, snapshot first."""
    public, public_snapshot = await sockets.open(meeting.pk)
    members, members_snapshot = await sockets.open(meeting.pk, others[1])
    last = await play()
    return {
        "public": [public_snapshot, *await receive_until_seq(public, last)],
        "members": [members_snapshot, *await receive_until_seq(members, last)],
        "last": last,
    }


@pytest.fixture
def secret_document_url(secret_item):
    return reverse("document-download", args=[secret_item.documents.get().pk])


def without_roll_call(message) -> str:
    """The message as text, without the roll call, as data or as rendered rows (names of who
    is present are public)."""
    message = json.loads(json.dumps(message))
    message.get("state", {}).pop("attendance", None)
    regions = message.get("regions", {})
    for region in [name for name in regions if name.startswith("live-presence")]:
        del regions[region]
    return json.dumps(message, ensure_ascii=False)


def items_named(message) -> set:
    state = message.get("state", {})
    ids = {item["id"] for item in state.get("agenda", [])}
    ids.add(state.get("current", {}).get("item"))
    ids.add(state.get("speakers", {}).get("item"))
    return ids


async def test_public_socket_never_sees_the_non_public_item(
    watched, secret_item, secret_document_url
):
    texts = [json.dumps(message, ensure_ascii=False) for message in watched["public"]]

    for forbidden in [SECRET_TITLE, SECRET_TEXT, SECRET_DOCUMENT, secret_document_url]:
        assert not [text for text in texts if forbidden in text], forbidden
    assert not [m for m in watched["public"] if secret_item.pk in items_named(m)]


async def test_public_socket_never_links_a_name_to_the_non_public_item(watched):
    texts = [without_roll_call(message) for message in watched["public"]]

    for name in [SPEAKER, REPORTER, CONFLICTED]:
        assert not [text for text in texts if name in text], name
    assert [text for text in texts if PUBLIC_SPEAKER in text]  # the public item's speaker is seen


async def test_public_socket_never_sees_failures_or_conflicts(watched):
    states = [message.get("state", {}) for message in watched["public"]]

    assert all(state.get("failures", []) == [] for state in states)
    assert all(item["conflicts"] == [] for state in states for item in state.get("agenda", []))


async def test_public_hears_only_that_the_non_public_part_goes_on(watched, public_item):
    called = [m for m in watched["public"] if m["type"] == "agenda" and m["op"] == "called"]

    assert [m["state"]["current"] for m in called] == [
        {"item": public_item.pk, "non_public": False},
        {"item": None, "non_public": True},
        {"item": public_item.pk, "non_public": False},
    ]
    assert called[1]["announce"]["de"] == "Die Sitzung wird im nichtöffentlichen Teil fortgesetzt."
    assert called[1]["state"]["speakers"] == {"item": None, "list": []}


async def test_public_socket_sees_every_seq_with_skips_for_hidden_events(watched, meeting):
    hidden = await run(
        lambda: [
            e.seq for e in SessionEvent.objects.filter(meeting=meeting) if "public" not in e.views
        ]
    )
    events = watched["public"][1:]

    assert [m["seq"] for m in events] == list(range(1, watched["last"] + 1))
    assert [m for m in events if m["type"] == "skip"] == [
        {"type": "skip", "seq": s} for s in hidden
    ]
    assert len(hidden) == 11  # 7 on the speakers' list, conflict, failure twice, status


async def test_members_socket_gets_all_of_it(watched, secret_item):
    text = json.dumps(watched["members"], ensure_ascii=False)

    assert not [m for m in watched["members"] if m["type"] == "skip"]
    for expected in [SECRET_TITLE, SECRET_DOCUMENT, SPEAKER, REPORTER, f"{SPEAKER} hat das Wort."]:
        assert expected in text, expected
    conflicts = [
        item["conflicts"]
        for m in watched["members"]
        for item in m.get("state", {}).get("agenda", [])
        if item["id"] == secret_item.pk
    ]
    assert conflicts[-1] == [{"person": conflicts[-1][0]["person"], "name": CONFLICTED}]
