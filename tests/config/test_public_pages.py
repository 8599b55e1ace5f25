"""Public pages are built once for every anonymous visitor and change with the next edit."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.pages import store, tables
from meetings.models import Meeting
from meetings.services.agenda import add_item
from meetings.services.invitations import send_invitation
from meetings.session.services import agenda, session
from tests.factories import make_body, make_municipality, make_secretariat_user
from tests.meetings.factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    make_municipality()
    clerk = make_secretariat_user()
    meeting = make_meeting(by=clerk, body=make_body(name="Rat"))
    make_item(by=clerk, meeting=meeting, title="Haushalt 2027")
    make_item(by=clerk, meeting=meeting, title="Radweg Nord")
    send_invitation(by=clerk, meeting=meeting)
    meeting.refresh_from_db()
    meeting.clerk = clerk
    return meeting


def queries_for(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries)


def test_a_repeated_public_page_is_answered_without_the_database(client, meeting):
    first, built_with = queries_for(client, f"/meetings/{meeting.pk}/")
    again, answered_with = queries_for(client, f"/meetings/{meeting.pk}/")

    assert built_with > 0
    assert answered_with == 0
    assert again.content == first.content


def test_a_stored_meeting_page_changes_with_the_next_edit(client, meeting):
    client.get(f"/meetings/{meeting.pk}/")

    add_item(by=meeting.clerk, meeting=meeting, title="Neuer Spielplatz", is_public=True)

    assert "Neuer Spielplatz" in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_an_edit_by_queryset_update_is_seen_too(client, meeting):
    client.get(f"/meetings/{meeting.pk}/")

    Meeting.objects.filter(pk=meeting.pk).update(public_notes="Sondersitzung")

    assert "Sondersitzung" in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_a_stored_live_page_changes_with_the_next_event(client, meeting):
    live = f"/meetings/{meeting.pk}/live/"
    item = meeting.agenda_items.get(title="Radweg Nord")
    session.start_meeting(by=meeting.clerk, meeting=meeting)
    before = client.get(live).content.decode()

    agenda.call_item(by=meeting.clerk, meeting=meeting, item_id=item.pk)

    after, queries = queries_for(client, live)
    assert queries > 0
    assert after.content.decode() != before
    assert queries_for(client, live)[1] == 0


def test_the_stored_page_is_kept_per_language(client, meeting):
    german = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chosen = client.get("/", HTTP_COOKIE="django_language=en").content.decode()

    assert 'lang="de"' in german
    assert 'lang="en"' in english
    assert chosen == english


def test_a_public_page_says_how_it_may_be_cached_and_revalidated(client, meeting):
    response = client.get(f"/meetings/{meeting.pk}/")

    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert {"cookie", "accept-language"} <= {
        part.strip().lower() for part in response["Vary"].split(",")
    }
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]


def test_a_visitor_with_the_page_gets_304(client, meeting):
    etag = client.get(f"/meetings/{meeting.pk}/")["ETag"]

    again, queries = queries_for(client, f"/meetings/{meeting.pk}/", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert queries == 0


def test_a_visitor_with_an_older_page_gets_the_new_one(client, meeting):
    etag = client.get(f"/meetings/{meeting.pk}/")["ETag"]
    add_item(by=meeting.clerk, meeting=meeting, title="Neuer Spielplatz", is_public=True)

    again = client.get(f"/meetings/{meeting.pk}/", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 200
    assert again["ETag"] != etag


def test_a_page_built_again_unchanged_keeps_its_last_modified(client, meeting, monkeypatch):
    first = client.get(f"/meetings/{meeting.pk}/")
    later = store.time.time() + 100
    monkeypatch.setattr(store.time, "time", lambda: later)
    tables.bump(tables.all_tables())

    again = client.get(f"/meetings/{meeting.pk}/")

    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]


def test_a_logged_in_member_gets_a_page_of_their_own(client, meeting):
    client.get(f"/meetings/{meeting.pk}/")
    client.force_login(meeting.clerk)

    response, queries = queries_for(client, f"/meetings/{meeting.pk}/")

    assert queries > 0
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_a_page_that_sets_a_cookie_is_not_stored(client, meeting):
    client.get("/accounts/login/")

    response, queries = queries_for(Client(), "/accounts/login/")

    assert response.cookies.get("csrftoken")
    assert queries > 0


def test_a_page_for_everyone_embeds_no_csrf_token(client, meeting):
    session.start_meeting(by=meeting.clerk, meeting=meeting)
    for path in ("/", f"/meetings/{meeting.pk}/", f"/meetings/{meeting.pk}/live/"):
        response = client.get(path)

        assert "csrfmiddlewaretoken" not in response.content.decode(), path
        assert "data-csrf" not in response.content.decode(), path
        assert not response.cookies, path


def test_the_language_can_be_chosen_without_a_token(client, meeting):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_the_start_page_is_kept_only_until_the_next_meeting_begins(client, meeting, monkeypatch):
    client.get("/")
    later = meeting.start.timestamp() + 1
    monkeypatch.setattr(store.time, "time", lambda: later)

    assert store.find(store.key("http://testserver", "/", "", "de")) is None


def test_no_page_is_stored_longer_than_the_longest_time(client, meeting, monkeypatch):
    client.get(f"/meetings/{meeting.pk}/")
    later = store.time.time() + store.LONGEST_SECONDS + 1
    monkeypatch.setattr(store.time, "time", lambda: later)

    assert store.find(store.key("http://testserver", f"/meetings/{meeting.pk}/", "", "de")) is None


def test_a_write_changes_its_tables_token_at_once(meeting):
    before = tables.tokens(["meetings_meeting"])
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(public_notes="Sondersitzung")
        during = tables.tokens(["meetings_meeting"])

    assert before != during


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_changes_the_token_again():
    make_municipality()
    with transaction.atomic():
        make_body(name="Ausschuss")
        during = tables.tokens(["council_body"])

    assert tables.tokens(["council_body"]) != during


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_nothing_to_bump_at_the_next_commit():
    with pytest.raises(RuntimeError), transaction.atomic():
        make_body(name="Ausschuss")
        raise RuntimeError
    body_token = tables.tokens(["council_body"])
    town_token = tables.tokens(["council_municipality"])

    with transaction.atomic():
        make_municipality()

    assert tables.tokens(["council_body"]) == body_token
    assert tables.tokens(["council_municipality"]) != town_token


def test_the_tables_a_statement_writes():
    assert tables.written('INSERT INTO "voting_vote" ("a") VALUES (1)') == ["voting_vote"]
    assert tables.written('UPDATE "meetings_meeting" SET "title" = %s') == ["meetings_meeting"]
    assert tables.written('DELETE FROM "council_body" WHERE 1') == ["council_body"]
    assert tables.written('TRUNCATE "a", "b";') == ["a", "b"]
    assert tables.written('SELECT 1 FROM "meetings_meeting"') == []


class StoreAway:
    """The token store while Redis is away: every call fails as a dropped connection does."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is away")

        return fail


def test_a_write_goes_on_while_the_token_store_is_away_and_its_tokens_change_after(
    client, meeting, monkeypatch
):
    client.get(f"/meetings/{meeting.pk}/")
    before = tables.tokens(["meetings_meeting"])
    working = tables.token_store()
    monkeypatch.setattr(tables, "token_store", StoreAway)

    Meeting.objects.filter(pk=meeting.pk).update(public_notes="Sondersitzung")
    during = client.get(f"/meetings/{meeting.pk}/")

    assert "Sondersitzung" in during.content.decode()
    assert "private" in during["Cache-Control"]
    monkeypatch.setattr(tables, "token_store", lambda: working)
    monkeypatch.setattr(tables, "_next_try", 0.0)
    assert tables.tokens(["meetings_meeting"]) != before
    assert not tables.lost
