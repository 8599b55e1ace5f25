"""Ballots as the live session shows them: the `ballot` slice of the state, per audience.

Before a ballot closes nobody sees choices, only how many have voted; afterwards the result goes
to the audiences that may see the item (a non-public item's result to members and staff only),
and a named vote lists every member's choice.
"""

from meetings.models import Meeting
from voting.models import Ballot, Choice


def current_ballot(meeting: Meeting) -> Ballot | None:
    """The open ballot, else the latest one on the current item, else none."""
    ballots = meeting.ballots.select_related("item").exclude(state=Ballot.State.ANNULLED)
    open_ballot = ballots.filter(state=Ballot.State.OPEN).first()
    if open_ballot or meeting.current_item_id is None:
        return open_ballot
    return ballots.filter(item_id=meeting.current_item_id).order_by("-pk").first()


def voted_count(ballot: Ballot) -> int:
    if ballot.kind == Ballot.Kind.SECRET:
        return ballot.participations.count()
    return ballot.votes.count()


def visible_to(ballot: Ballot, audience: str) -> bool:
    """The public hears nothing of a non-public item's ballot."""
    return audience != "public" or ballot.item.is_public


def ballot_slice(meeting: Meeting, audience: str, ballot: Ballot | None = None) -> dict | None:
    ballot = ballot or current_ballot(meeting)
    if ballot is None or not visible_to(ballot, audience):
        return None
    data = {
        "id": ballot.pk,
        "item": ballot.item_id,
        "number": ballot.item.number,
        "question": ballot.question,
        "kind": ballot.kind,
        "election": ballot.is_election,
        "majority_rule": ballot.majority_rule,
        "state": ballot.state,
        "eligible": ballot.eligible_count,
        "voted": voted_count(ballot) if ballot.state != Ballot.State.PREPARED else 0,
        "result": None,
        "votes": None,
        "entered_by_staff": [],
    }
    if ballot.state == Ballot.State.CLOSED:
        data["result"] = {
            "yes": ballot.yes,
            "no": ballot.no,
            "abstain": ballot.abstain,
            "outcome": ballot.outcome,
            "text": ballot.result_text,
        }
        if ballot.kind == Ballot.Kind.NAMED:
            data["votes"], data["entered_by_staff"] = named_votes(ballot)
    return data


def named_votes(ballot: Ballot) -> tuple[dict[str, list[int]], list[int]]:
    """Who voted how: person ids by choice, each list in the order of the names, and those whose
    vote the secretariat entered as called out. Names are in the roll call: a named result of
    1,000 members stays small enough to reach thousands of sockets at once."""
    votes = {choice: [] for choice in Choice.values}
    entered_by_staff = []
    rows = in_name_order(ballot).values_list("person_id", "choice", "entered_by_id")
    for person, choice, entered_by in rows:
        votes[choice].append(person)
        if entered_by is not None:
            entered_by_staff.append(person)
    return votes, entered_by_staff


def named_vote_rows(ballot: Ballot) -> list[dict]:
    """A closed named vote as the live page lists it: each member's name and choice."""
    if ballot.state != Ballot.State.CLOSED or ballot.kind != Ballot.Kind.NAMED:
        return []
    return [
        {
            "name": vote.person.full_name,
            "choice": vote.choice,
            "by_staff": vote.entered_by_id is not None,
        }
        for vote in in_name_order(ballot).select_related("person")
    ]


def in_name_order(ballot: Ballot):
    return ballot.votes.order_by("person__family_name", "person__given_name")


def ballot_views(meeting: Meeting, ballot: Ballot, *, announce=None, eligible=None) -> dict:
    """The event message for each audience; the public hears nothing of a non-public item.
    `eligible` (when a ballot opens) tells the members' pages who may vote: each shows its
    member the ballot's form or says why not."""
    views = {}
    data = ballot_slice(meeting, "staff", ballot)  # the same for everyone who may see it
    for audience in ("staff", "members", "public"):
        if not visible_to(ballot, audience):
            continue
        views[audience] = {"state": {"ballot": data}}
        if announce:
            views[audience]["announce"] = announce
        if eligible is not None and audience != "public":
            views[audience]["eligible"] = eligible
    return views


def progress_message(ballot: Ballot) -> dict:
    """How many have voted, and nothing else: sent while the ballot is open, without a seq."""
    return {
        "type": "progress",
        "ballot": ballot.pk,
        "voted": voted_count(ballot),
        "eligible": ballot.eligible_count,
    }


def member_status(ballot: Ballot | None, person_id: int | None) -> dict | None:
    """Whether this member may vote in the ballot and has voted (their own choice only if
    the vote is named: a secret choice is not kept anywhere)."""
    if ballot is None or person_id is None:
        return None
    eligible = ballot.eligible.filter(person_id=person_id).exists()
    if ballot.kind == Ballot.Kind.SECRET:
        voted = ballot.participations.filter(person_id=person_id).exists()
        return {"eligible": eligible, "voted": voted, "choice": None}
    vote = ballot.votes.filter(person_id=person_id).first()
    return {
        "eligible": eligible,
        "voted": vote is not None,
        "choice": vote.choice if vote else None,
    }
