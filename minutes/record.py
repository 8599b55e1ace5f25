"""Sitzungsverlauf: the record of a closed meeting as plain JSON data, full and public.

`session_record` reads the facts from the database and the event log; `minutes_record` adds what
the recorder wrote and lays the recorded corrections over the facts. The result is what the PDF
shows and what is embedded in it, so that the minutes are also machine-readable. `public_record`
is a pure filter: the non-public part is left as a bare mention.

Times are ISO 8601 in Berlin time with their offset.
"""

import copy
import datetime

from django.db.models import Prefetch

from council.models import Municipality
from council.pdf import BERLIN
from meetings.models import PRESENT_STATES, AgendaItem, Meeting, PresencePeriod
from meetings.session.state import seats
from minutes.models import Minutes
from voting.models import Ballot, Vote
from voting.rules import Counts, outcome, result_text

FORMAT = "ratssaal.sitzungsprotokoll/1"


def iso(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(BERLIN).isoformat() if moment else None


def session_record(meeting: Meeting) -> dict:
    """Everything the session itself says: who was there when, the agenda as held, the ballots."""
    municipality = Municipality.objects.first()
    location = meeting.location
    roster = list(seats(meeting))
    factions = {m.person_id: m.faction.short_name if m.faction else None for m in roster}
    return {
        "format": FORMAT,
        "audience": "full",
        "municipality": municipality.name if municipality else "",
        "body": {"id": meeting.body_id, "name": meeting.body.name},
        "meeting": {
            "id": meeting.pk,
            "number": meeting.number,
            "planned_start": iso(meeting.start),
            "started": iso(meeting.started),
            "closed": iso(meeting.closed),
            "location": f"{location.room}, {location.street_address}, "
            f"{location.postal_code} {location.locality}",
            "hybrid": meeting.is_hybrid,
            "log_length": meeting.log_length,
            "log_head": meeting.log_head,
        },
        "interruptions": [
            {"reason": i.reason, "started": iso(i.started), "ended": iso(i.ended)}
            for i in meeting.interruptions.all()
        ],
        "attendance": attendance(meeting, roster),
        "quorum": quorum_changes(meeting),
        "agenda_changes": [
            {"kind": change.kind, "detail": change.detail, "public": change.is_public}
            for change in meeting.changes.filter(dispatch__isnull=False)
        ],
        "items": items(meeting, factions),
        "failures": failures(meeting),
    }


def attendance(meeting: Meeting, roster) -> list[dict]:
    states = dict(meeting.attendances.values_list("person_id", "state"))
    periods: dict[int, list[dict]] = {}
    for period in PresencePeriod.objects.filter(meeting=meeting).order_by("arrived", "pk"):
        periods.setdefault(period.person_id, []).append(
            {"remote": period.remote, "arrived": iso(period.arrived), "left": iso(period.left)}
        )
    return [
        {
            "person": membership.person_id,
            "name": membership.person.full_name,
            "faction": membership.faction.short_name if membership.faction else None,
            "role": membership.role,
            "voting": membership.voting_right,
            "state": states.get(membership.person_id, "unknown"),
            "periods": periods.get(membership.person_id, []),
        }
        for membership in roster
    ]


def quorum_changes(meeting: Meeting) -> list[dict]:
    """Beschlussfähigkeit from the event log: when it was first reached during the roll call,
    and every loss and return after that."""
    changes, current = [], None
    events = meeting.events.filter(type="attendance").order_by("seq")
    for created, views in events.values_list("created", "views"):
        quorum = views.get("public", {}).get("state", {}).get("quorum")
        if quorum is None or quorum["has_quorum"] == current:
            continue
        current = quorum["has_quorum"]
        if current or changes:
            changes.append(
                {
                    "at": iso(created),
                    "has_quorum": current,
                    "present": quorum["present"],
                    "required": quorum["required"],
                    "legal": quorum["legal"],
                }
            )
    return changes


def items(meeting: Meeting, factions: dict) -> list[dict]:
    ballots = Ballot.objects.exclude(state=Ballot.State.PREPARED).prefetch_related(
        Prefetch(
            "votes",
            queryset=Vote.objects.select_related("person").order_by(
                "person__family_name", "person__given_name"
            ),
        )
    )
    agenda = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("consultation__paper")
        .prefetch_related(Prefetch("ballots", queryset=ballots.order_by("pk")), "conflicts__person")
        .order_by("order")
    )
    return [
        {
            "id": item.pk,
            "number": item.number,
            "title": item.title,
            "public": item.is_public,
            "status": item.status,
            "text": item.text,
            "paper": paper_of(item),
            "conflicts": [
                {"person": c.person_id, "name": c.person.full_name} for c in item.conflicts.all()
            ],
            "ballots": [ballot_record(ballot, factions) for ballot in item.ballots.all()],
        }
        for item in agenda
    ]


def paper_of(item: AgendaItem) -> dict | None:
    consultation = getattr(item, "consultation", None)
    if consultation is None:
        return None
    paper = consultation.paper
    return {"reference": paper.reference, "title": paper.title, "resolution": paper.resolution_text}


def ballot_record(ballot: Ballot, factions: dict) -> dict:
    votes = []
    if ballot.kind == Ballot.Kind.NAMED:
        votes = [
            {
                "person": vote.person_id,
                "name": vote.person.full_name,
                "faction": factions.get(vote.person_id),
                "choice": vote.choice,
            }
            for vote in ballot.votes.all()
        ]
    return {
        "id": ballot.pk,
        "question": ballot.question,
        "kind": ballot.kind,
        "election": ballot.is_election,
        "majority_rule": ballot.majority_rule,
        "legal_member_count": ballot.legal_member_count,
        "state": ballot.state,
        "opened": iso(ballot.opened),
        "closed": iso(ballot.closed),
        "eligible": ballot.eligible_count,
        "yes": ballot.yes,
        "no": ballot.no,
        "abstain": ballot.abstain,
        "outcome": ballot.outcome,
        "text": ballot.result_text,
        "annul_reason": ballot.annul_reason,
        "repeats": ballot.repeats_id,
        "votes": votes,
    }


def failures(meeting: Meeting) -> list[dict]:
    """Connection failures with the chair's decision, each with the item current when reported
    (from the event log), so that the public record can leave out those of non-public items."""
    current, item_of_failure = None, {}
    events = meeting.events.filter(type__in=["agenda", "failure"], op__in=["called", "reported"])
    for type_, data in events.order_by("seq").values_list("type", "data"):
        if type_ == "agenda":
            current = data.get("item")
        else:
            item_of_failure[data.get("failure")] = current
    return [
        {
            "id": failure.pk,
            "person": failure.person_id,
            "name": failure.person.full_name,
            "reported": iso(failure.reported),
            "item": item_of_failure.get(failure.pk),
            "fault": failure.fault,
            "decision": failure.decision,
            "decided": iso(failure.decided),
        }
        for failure in meeting.failures.select_related("person")
    ]


def minutes_record(minutes: Minutes, facts: dict | None = None) -> dict:
    """The record of the minutes: the session's facts (read now unless given), the recorder's
    notes and free sections, and the recorded corrections laid over the facts."""
    record = copy.deepcopy(facts) if facts is not None else session_record(minutes.meeting)
    recorder = minutes.recorder
    record["recorder"] = {"name": display_name(recorder)} if recorder else None
    record["chair"] = (
        {"person": minutes.chair_id, "name": minutes.chair.full_name} if minutes.chair else None
    )
    record["opening"], record["closing"] = minutes.opening, minutes.closing
    notes = {note.item_id: note for note in minutes.notes.all()}
    for item in record["items"]:
        note = notes.get(item["id"])
        item["discussion"] = note.discussion if note else ""
        item["statements"] = note.statements if note else ""
    corrections = [
        {
            "kind": c.kind,
            "target": c.target,
            "value": c.value,
            "previous": c.previous,
            "reason": c.reason,
            "by": display_name(c.made_by),
            "made": iso(c.made),
        }
        for c in minutes.corrections.select_related("made_by").order_by("made", "pk")
    ]
    return apply_corrections(record, corrections)


def display_name(user) -> str:
    person = getattr(user, "person", None)
    return person.full_name if person else (user.get_full_name() or user.get_username())


def apply_corrections(record: dict, corrections: list[dict]) -> dict:
    """Lay the corrections over the facts in the order they were made (pure). Each correction
    is also listed, with the item it concerns (None for the whole session)."""
    record["corrections"] = []
    for correction in corrections:
        target = correction["target"]
        value = correction["value"]
        item_id = None
        if correction["kind"] == "attendance":
            entry = find(record["attendance"], "person", int(target.split(":")[1]))
            if entry is None:
                raise KeyError(f"no {target} in the record")
            entry["state"] = value["state"]
            entry["periods"] = (
                [
                    {
                        "remote": value["state"] == "remote",
                        "arrived": value["arrived"],
                        "left": value["left"],
                    }
                ]
                if value["state"] in PRESENT_STATES
                else []
            )
        elif correction["kind"] == "ballot":
            ballot_id = int(target.split(":")[1])
            for item in record["items"]:
                ballot = find(item["ballots"], "id", ballot_id)
                if ballot is not None:
                    recount(ballot, value)
                    item_id = item["id"]
        else:
            record["meeting"]["started"] = value["started"]
            record["meeting"]["closed"] = value["closed"]
        record["corrections"].append({**correction, "item": item_id})
    return record


def find(rows: list[dict], key: str, value) -> dict | None:
    return next((row for row in rows if row[key] == value), None)


def recount(ballot: dict, counts: dict) -> None:
    """New counts give a new outcome and result text under the ballot's majority rule."""
    figures = Counts(yes=counts["yes"], no=counts["no"], abstain=counts["abstain"])
    result = outcome(
        figures, rule=ballot["majority_rule"], legal_member_count=ballot["legal_member_count"]
    )
    ballot.update(
        yes=figures.yes,
        no=figures.no,
        abstain=figures.abstain,
        outcome=result,
        text=result_text(figures, result, election=ballot["election"]),
    )


def public_record(record: dict) -> dict:
    """The record as the public may read it (pure): non-public items are reduced to the mention
    that there was a non-public part; nothing of their titles, texts, notes, votes, conflicts,
    failures or corrections remains."""
    public_ids = {item["id"] for item in record["items"] if item["public"]}
    result = copy.deepcopy(record)
    result["audience"] = "public"
    result["non_public_part"] = len(public_ids) < len(record["items"])
    result["items"] = [item for item in result["items"] if item["public"]]
    result["agenda_changes"] = [c for c in result["agenda_changes"] if c["public"]]
    result["failures"] = [
        f for f in result["failures"] if f["item"] is None or f["item"] in public_ids
    ]
    result["corrections"] = [
        c for c in result.get("corrections", []) if c["item"] is None or c["item"] in public_ids
    ]
    return result
