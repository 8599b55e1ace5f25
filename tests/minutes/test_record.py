"""The session record of the draft: every fact of the scripted meeting appears in it."""

import json

from meetings.models import ConnectionFailure, PresencePeriod
from minutes.record import iso, minutes_record, public_record
from tests.live.fixtures import PUBLIC_TITLE, SECRET_TEXT, SECRET_TITLE
from tests.minutes.session import DECISION, DEFERRED_TITLE, INTERRUPTION
from voting.models import Ballot


def items_by_title(record):
    return {item["title"]: item for item in record["items"]}


def test_record_has_every_result_with_its_counts(minutes):
    record = minutes_record(minutes)
    ballots = [ballot for item in record["items"] for ballot in item["ballots"]]

    expected = {
        (b.pk, b.yes, b.no, b.abstain, b.result_text)
        for b in Ballot.objects.filter(meeting=minutes.meeting)
    }
    assert {(b["id"], b["yes"], b["no"], b["abstain"], b["text"]) for b in ballots} == expected
    assert {b["text"] for b in ballots} == {
        "mehrheitlich beschlossen: 3 Ja, 1 Nein, 1 Enthaltung",
        "abgelehnt: 1 Ja, 3 Nein, 1 Enthaltung",
        "einstimmig beschlossen: 4 Ja, 0 Nein, 0 Enthaltungen",
    }


def test_record_lists_named_votes_by_name_and_choice(minutes, member):
    record = minutes_record(minutes)
    votes = items_by_title(record)[PUBLIC_TITLE]["ballots"][0]["votes"]

    assert len(votes) == 5
    assert {
        "person": member.person.pk,
        "name": "Birgit Schwarz",
        "faction": None,
        "choice": "yes",
    } in votes


def test_record_has_every_arrival_and_departure(minutes):
    record = minutes_record(minutes)
    recorded = {
        (row["person"], period["arrived"], period["left"])
        for row in record["attendance"]
        for period in row["periods"]
    }

    periods = PresencePeriod.objects.filter(meeting=minutes.meeting)
    assert recorded == {(p.person_id, iso(p.arrived), iso(p.left)) for p in periods}
    assert len(recorded) == 6  # five arrivals, and one member came back


def test_record_names_the_conflict_of_interest(minutes, others):
    aydin = others[2]
    item = items_by_title(minutes_record(minutes))[SECRET_TITLE]

    assert item["conflicts"] == [{"person": aydin.person.pk, "name": "Kemal Aydin"}]
    assert aydin.person.pk not in {vote["person"] for vote in item["ballots"][0]["votes"]}


def test_record_has_the_failure_with_the_chairs_decision_and_its_item(minutes, secret_item):
    failure = ConnectionFailure.objects.get(meeting=minutes.meeting)
    [entry] = minutes_record(minutes)["failures"]

    assert entry["decision"] == DECISION
    assert entry["fault"] == "member"
    assert entry["item"] == secret_item.pk
    assert entry["reported"] == iso(failure.reported)


def test_record_has_the_agenda_as_held_and_the_interruption(minutes):
    record = minutes_record(minutes)

    assert items_by_title(record)[DEFERRED_TITLE]["status"] == "deferred"
    assert [i["reason"] for i in record["interruptions"]] == [INTERRUPTION]
    assert record["meeting"]["closed"] == iso(minutes.meeting.closed)


def test_record_carries_recorder_chair_and_notes(minutes, clerk, secret_item):
    minutes.notes.create(item=secret_item, discussion="Aussprache", statements="Erklärung")

    record = minutes_record(minutes)

    assert record["chair"]["name"] == "Petra Hahn"
    assert record["recorder"]["name"] == clerk.get_username()
    assert items_by_title(record)[SECRET_TITLE]["discussion"] == "Aussprache"


def test_record_survives_a_round_trip_through_json(minutes):
    record = minutes_record(minutes)

    assert json.loads(json.dumps(record)) == record


def test_public_record_keeps_nothing_of_the_non_public_item(minutes, secret_item):
    minutes.notes.create(item=secret_item, discussion="Vertrauliche Aussprache")

    public = json.dumps(public_record(minutes_record(minutes)), ensure_ascii=False)

    assert SECRET_TITLE not in public
    assert SECRET_TEXT not in public
    assert "Vertrauliche Aussprache" not in public
    assert "Kemal Aydin" in public  # in the roll call, which is public
    assert '"conflicts": [{' not in public
    assert '"non_public_part": true' in public


def test_record_says_when_quorum_was_reached_in_the_roll_call(minutes):
    changes = minutes_record(minutes)["quorum"]

    assert [change["has_quorum"] for change in changes] == [True]
    assert changes[0]["required"] == 3
    assert changes[0]["present"] == 3
