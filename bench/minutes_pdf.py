"""How long do the minutes of a long meeting take, from the database to four verified signatures?

    .venv/bin/python bench/minutes_pdf.py [--items 40] [--non-public 5] [--named 20]
        [--members 60] [--runs 5]

The benchmark prepares a site of its own (a SQLite file, the media and a signing keystore in a
temporary folder) and plays a hybrid meeting through the live and voting services, on a replayed
clock (`voting.demo.replayed_clock`) so that the evening has the times of a real one:

- a body of N members with a vote in five factions (shares as in the demo's Stadtrat), the first
  of them the chair; M items, the last P of them non-public, each consulting a paper with its
  proposed resolution;
- the roll call after the start: everyone arrives, one after the other over ten minutes, one in
  fifteen remotely (each with a presence period); one member leaves for an item and comes back
  (a second period);
- K named votes of everyone present, spread evenly over the agenda, so that some fall in the
  non-public part (choices spread over yes, no and abstain), a show of hands on the other items;
- three conflicts of interest (on a public item with a named vote, on one with a show of hands
  and on a non-public one with a named vote): those members are not among the item's voters;
- two connection failures of remote members, one during a public and one during a non-public
  item, each with the chair's decision; then the meeting is closed.

It creates the town's certificate authority and keys for the recorder and the chair
(`minutes.signing.keystore`). Then it runs the issue's pipeline R times, each step timed:

- `record`: the draft's record read from the database and the event log (`session_record`,
  `minutes_record`),
- `render_full` and `render_public`: the full and the public PDF, each rendered once,
- `sign_recorder` and `sign_chair`: as `minutes.services.sign_version` does it, the signer's key
  loaded from the keystore once, then a PAdES signature on the full and on the public PDF, each
  in its own incremental update in the signature box the renderer reported; the recorder signs
  the rendered files, the chair the files the recorder signed,
- `verify`: both signatures on each of the two files checked against the file, and whether the
  town's authority issued their certificates (`inspect_pdf`).

The total of a run is the sum of its steps; the figures are the median and best of the R runs.
Once, outside the pipeline, it also times `finalize` (record, both PDFs, files and checksums
written). It prints a table and writes bench/results/minutes_pdf.json (see --output); the exit
code is 1 if a verification failed.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=40, help="agenda items (40)")
    parser.add_argument("--non-public", type=int, default=5, help="of them non-public (5)")
    parser.add_argument("--named", type=int, default=20, help="of them with a named vote (20)")
    parser.add_argument("--members", type=int, default=60, help="members with a vote (60)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each step (5)")
    parser.add_argument(
        "--output", type=Path, default=REPO_ROOT / "bench" / "results" / "minutes_pdf.json"
    )
    options = parser.parse_args(argv)
    if not 0 <= options.non_public <= options.items or not 0 <= options.named <= options.items:
        parser.error("--non-public and --named count items: at most --items each")
    if options.members < 30:
        parser.error("--members: at least 30 (conflicts and remote members need them)")
    return options


def set_up_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["SIGNING_KEYSTORE_DIR"] = str(folder / "signing")
    os.environ["SIGNING_PASSPHRASE"] = "minutes-benchmark-only"  # noqa: S105 - a throwaway keystore
    os.environ.setdefault("SECRET_KEY", "minutes-benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


ROLL_CALL = datetime.timedelta(minutes=10)  # everyone has arrived within it
FIRST_ITEM = datetime.timedelta(minutes=15)  # after the start
ITEM = datetime.timedelta(minutes=4)  # each item's share of the evening
TICK = datetime.timedelta(milliseconds=200)  # the clock's step on each call within an item
REMOTE_EVERY = 15  # every fifteenth member takes part remotely
CHOICES = ("yes", "yes", "no", "abstain")


def faction_seats(members: int) -> list[int]:
    """The members' seats per faction, in the demo's shares (largest remainder)."""
    from council.demo import FACTIONS

    total = sum(share for _short, _name, share in FACTIONS)
    exact = [members * share / total for _short, _name, share in FACTIONS]
    seats = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - seats[i], reverse=True)
    for index in by_remainder[: members - sum(seats)]:
        seats[index] += 1
    return seats


def agenda_plan(*, items: int, non_public: int, named: int, members: int) -> dict:
    """Which items are non-public and have a named vote, who has a conflict of interest on
    which item, whose connection fails during which, and who leaves for an item; by index."""
    public = range(items - non_public)
    named_items = {index * items // named for index in range(named)}
    public_named = [i for i in public if i in named_items]
    public_hands = [i for i in public if i not in named_items]
    secret = [i for i in range(items - non_public, items)]
    secret_named = [i for i in secret if i in named_items] or secret

    def pick(indices: list[int], position: int) -> int | None:
        return indices[min(position, len(indices) - 1)] if indices else None

    conflicts = {
        pick(public_named, 2): 7,
        pick(public_hands, 4): 23,
        pick(secret_named, 0): members - 19,
    }
    remote = [number for number in range(1, members + 1) if number % REMOTE_EVERY == 0]
    failures = {pick(list(public), len(public) // 2): remote[0], pick(secret, 1): remote[-1]}
    return {
        "non_public": set(secret),
        "named": named_items,
        "remote": set(remote),
        "conflicts": {item: member for item, member in conflicts.items() if item is not None},
        "failures": {item: member for item, member in failures.items() if item is not None},
        "away": (pick(public_hands, 2), members // 2 + 2),
    }


def play_meeting(*, items: int, non_public: int, named: int, members: int):
    """A closed meeting as described above, played through the services."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from council.demo import FACTIONS
    from council.models import Membership, Municipality
    from meetings.models import Meeting, Paper, PresencePeriod
    from meetings.services.papers import create_paper
    from meetings.session.services import attendance, session
    from tests.factories import (
        make_body,
        make_faction,
        make_person,
        make_secretariat_user,
        make_term,
        make_user,
    )
    from tests.meetings.factories import make_item, make_meeting
    from voting.demo import replayed_clock
    from voting.models import Ballot

    plan = agenda_plan(items=items, non_public=non_public, named=named, members=members)
    yesterday = timezone.now().date() - datetime.timedelta(days=1)
    start = datetime.datetime.combine(yesterday, datetime.time(17), tzinfo=datetime.UTC)

    with replayed_clock(start - datetime.timedelta(days=14), datetime.timedelta(seconds=1)):
        Municipality.objects.create(name="Musterstadt")
        clerk = make_secretariat_user(
            username="sekretariat", first_name="Svenja", last_name="Sander"
        )
        body = make_body(name="Stadtrat", legal_member_count=members)
        term = make_term()
        factions = [
            faction
            for (short, name, _share), seats in zip(FACTIONS, faction_seats(members), strict=True)
            for faction in [make_faction(short_name=short, name=name, term=term)] * seats
        ]
        users = []
        for number, faction in enumerate(factions, start=1):
            user = make_user(username=f"mitglied{number:02}")
            person = make_person(
                given_name="Mitglied", family_name=f"Nummer {number:02}", user=user
            )
            role = Membership.Role.CHAIR if number == 1 else Membership.Role.MEMBER
            Membership.objects.create(
                person=person,
                body=body,
                faction=faction,
                role=role,
                voting_right=True,
                start_date=term.start_date,
            )
            users.append(user)
        meeting = make_meeting(by=clerk, body=body, start=start, is_hybrid=True)
        for index in range(items):
            public = index not in plan["non_public"]
            title = f"Beschlussvorlage Nummer {index + 1}"
            paper = create_paper(
                by=clerk,
                kind=Paper.Kind.RESOLUTION_PROPOSAL,
                title=title,
                path=[body],
                resolution_text=f"Der Stadtrat beschließt die {title} in der vorgelegten Fassung.",
                is_public=public,
            )
            make_item(by=clerk, meeting=meeting, title=title, is_public=public, paper=paper)
        Meeting.objects.filter(pk=meeting.pk).update(state="invited", invited=timezone.now())
    meeting.refresh_from_db()
    chair = users[0]

    def at(offset: datetime.timedelta):
        return replayed_clock(start + offset, TICK)

    with at(datetime.timedelta(0)):
        session.start_meeting(by=clerk, meeting=meeting)
    for number, user in enumerate(users, start=1):
        with at(datetime.timedelta(minutes=1) + ROLL_CALL * (number - 1) / members):
            state = "remote" if number in plan["remote"] else "hall"
            attendance.mark_attendance(
                by=clerk, meeting=meeting, person=user.person, state_name=state
            )
    away_item, away_member = plan["away"]

    def member(number: int | None):
        return users[number - 1] if number else None

    for index, item in enumerate(meeting.agenda_items.order_by("order")):
        with at(FIRST_ITEM + ITEM * index):
            if index == away_item:
                mark(meeting, member(away_member), "absent", by=clerk)
            elif away_item is not None and index == away_item + 1:
                mark(meeting, member(away_member), "hall", by=clerk)
            play_item(
                meeting,
                item,
                kind="named" if index in plan["named"] else "show_of_hands",
                conflicted=member(plan["conflicts"].get(index)),
                failing=member(plan["failures"].get(index)),
                chair=chair,
                clerk=clerk,
            )
    with at(FIRST_ITEM + ITEM * items + datetime.timedelta(minutes=5)):
        session.close_meeting(by=chair, meeting=meeting)
    meeting.refresh_from_db()

    played = {
        "items": meeting.agenda_items.count(),
        "non_public_items": meeting.agenda_items.filter(is_public=False).count(),
        "named_votes": Ballot.objects.filter(meeting=meeting, kind="named", state="closed").count(),
        "named_votes_non_public": Ballot.objects.filter(
            meeting=meeting, kind="named", state="closed", item__is_public=False
        ).count(),
        "members": len(users),
        "factions": len(FACTIONS),
        "remote_members": len(plan["remote"]),
        "presence_periods": PresencePeriod.objects.filter(meeting=meeting).count(),
        "conflicts": sum(item.conflicts.count() for item in meeting.agenda_items.all()),
        "failures": meeting.failures.count(),
    }
    expected = {
        "items": items,
        "non_public_items": non_public,
        "named_votes": named,
        "presence_periods": members + (away_item is not None),
        "conflicts": len(plan["conflicts"]),
        "failures": len(plan["failures"]),
    }
    if any(played[key] != value for key, value in expected.items()):
        raise RuntimeError(f"the meeting was not played as planned: {played}")
    return meeting, get_user_model().objects.get(username="sekretariat"), played


def mark(meeting, user, state: str, *, by) -> None:
    from meetings.session.services import attendance

    attendance.mark_attendance(by=by, meeting=meeting, person=user.person, state_name=state)


def play_item(meeting, item, *, kind: str, conflicted, failing, chair, clerk) -> None:
    """One item: a declared conflict first, the call, a connection failure decided by the chair,
    the vote (named: everyone eligible casts; show of hands: counts entered), done."""
    from meetings.session.services import agenda, conflicts, failures
    from voting import services as voting
    from voting.models import Ballot

    if conflicted is not None:
        conflicts.declare_conflict(
            by=conflicted, meeting=meeting, item_id=item.pk, person=conflicted.person
        )
    agenda.call_item(by=chair, meeting=meeting, item_id=item.pk)
    if failing is not None:
        event = failures.report_failure(by=failing, meeting=meeting, person=failing.person)
        failures.decide_failure(
            by=chair,
            meeting=meeting,
            failure_id=event.data["failure"],
            fault="member" if item.is_public else "municipality",
            decision="Die Verbindung stand vor der Abstimmung wieder; sie wird nicht wiederholt.",
        )
    event = voting.prepare_ballot(
        by=chair, meeting=meeting, item_id=item.pk, question="", kind=kind
    )
    ballot_id = event.data["ballot"]
    voting.open_ballot(by=chair, meeting=meeting, ballot_id=ballot_id)
    ballot = Ballot.objects.get(pk=ballot_id)
    if kind == "named":
        voters = ballot.eligible.select_related("person__user").order_by("person__family_name")
        for number, eligibility in enumerate(voters):
            voting.cast_vote(
                by=eligibility.person.user,
                meeting=meeting,
                ballot_id=ballot_id,
                person=eligibility.person,
                choice=CHOICES[number % len(CHOICES)],
                request_id=f"bench-{ballot_id}-{number}",
            )
        voting.close_ballot(by=chair, meeting=meeting, ballot_id=ballot_id)
    else:
        voting.close_ballot(
            by=clerk,
            meeting=meeting,
            ballot_id=ballot_id,
            yes=ballot.eligible_count - 5,
            no=3,
            abstain=2,
        )
    agenda.set_item_status(by=chair, meeting=meeting, item_id=item.pk, status="done")


PIPELINE = ("record", "render_full", "render_public", "sign_recorder", "sign_chair", "verify")
TARGET_SECONDS = 1.0


def signing_keys(recorder, chair) -> None:
    from minutes.signing import keystore

    authority = keystore.create_authority(municipality_name="Musterstadt")
    for user in (recorder, chair):
        keystore.issue_certificate(authority, user)


def run_pipeline(minutes, meeting, signed_files: dict) -> tuple[dict[str, float], bool]:
    """One run of the pipeline: the seconds of each step, and whether all four signatures hold
    (the signed files' sizes go to `signed_files`)."""
    from minutes import rules
    from minutes.pdf import render
    from minutes.record import minutes_record, public_record, session_record
    from minutes.signing.verify import inspect_pdf

    seconds = {}

    def step(name, action):
        start = time.perf_counter()
        result = action()
        seconds[name] = time.perf_counter() - start
        return result

    full = step("record", lambda: minutes_record(minutes, session_record(meeting)))
    rendered = {
        rules.FULL: step("render_full", lambda: render(full, version=1)),
        rules.PUBLIC: step("render_public", lambda: render(public_record(full), version=1)),
    }
    signed = {document: minutes_pdf.pdf for document, minutes_pdf in rendered.items()}
    location = full["municipality"] or None
    for role, user in ((rules.RECORDER, minutes.recorder), (rules.CHAIR, minutes.chair.user)):
        signed = step(
            f"sign_{role}",
            lambda user=user, role=role, files=signed: sign_both(
                files, user, role=role, rendered=rendered, location=location
            ),
        )
    reports = step("verify", lambda: {doc: inspect_pdf(pdf) for doc, pdf in signed.items()})
    signed_files.update({document: len(pdf) for document, pdf in signed.items()})
    ok = all(
        report.ok
        and report.issued_by_town
        and [signature.role for signature in report.signatures] == list(rules.ROLES)
        for report in reports.values()
    )
    return seconds, ok and set(reports) == set(rules.DOCUMENTS)


def sign_both(files: dict, user, *, role: str, rendered: dict, location) -> dict:
    """As `sign_version`: the key loaded once, then each file signed in the box the renderer
    reported for the role, in its own incremental update."""
    from minutes.signing.keystore import signer_for_user
    from minutes.signing.sign import sign_pdf

    signer = signer_for_user(user)
    return {
        document: sign_pdf(
            pdf,
            signer,
            role=role,
            page=rendered[document].slots[role].page,
            box=rendered[document].slots[role].box,
            location=location,
        )
        for document, pdf in files.items()
    }


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "best": min(values)}


def measure(meeting, clerk, runs: int) -> dict:
    import pypdf

    from minutes import rules, services
    from minutes.models import Version

    minutes = services.open_minutes(meeting=meeting)
    minutes = services.update_minutes(
        by=clerk, minutes=minutes, recorder=clerk, chair=services.chair_candidates(meeting).first()
    )
    signing_keys(minutes.recorder, minutes.chair.user)
    signed_files = {}
    runs_seconds, verified = [], True
    for _ in range(runs):
        seconds, ok = run_pipeline(minutes, meeting, signed_files)
        runs_seconds.append(seconds)
        verified = verified and ok
    steps = {name: summary([run[name] for run in runs_seconds]) for name in PIPELINE}
    steps["total"] = summary([sum(run.values()) for run in runs_seconds])

    start = time.perf_counter()
    version = services.finalize(by=clerk, minutes=minutes)
    finalize_seconds = time.perf_counter() - start
    version = Version.objects.get(pk=version.pk)
    return {
        "steps": steps,
        "runs": runs_seconds,
        "verified": verified,
        "finalize_seconds": finalize_seconds,
        "full_pdf_pages": len(pypdf.PdfReader(version.full_pdf.path).pages),
        "full_pdf_bytes": version.full_pdf.size,
        "signed_full_pdf_bytes": signed_files[rules.FULL],
        "public_pdf_pages": len(pypdf.PdfReader(version.public_pdf.path).pages),
        "public_pdf_bytes": version.public_pdf.size,
        "signed_public_pdf_bytes": signed_files[rules.PUBLIC],
    }


def print_table(options, played: dict, figures: dict) -> None:
    print(
        f"{options.items} items ({options.non_public} non-public), {options.named} named votes "
        f"({played['named_votes_non_public']} non-public) of {options.members} members in "
        f"{played['factions']} factions ({played['remote_members']} remote, "
        f"{played['presence_periods']} presence periods), {played['conflicts']} conflicts, "
        f"{played['failures']} failures; {options.runs} runs"
    )
    for document in ("full", "public"):
        print(
            f"  {document} PDF: {figures[f'{document}_pdf_pages']} pages, "
            f"{figures[f'{document}_pdf_bytes'] / 1024:.0f} KiB "
            f"({figures[f'signed_{document}_pdf_bytes'] / 1024:.0f} KiB signed twice)"
        )
    print(f"  {'step':<15} {'median ms':>10} {'best ms':>10}")
    for name, figure in figures["steps"].items():
        print(f"  {name:<15} {figure['median'] * 1000:10.1f} {figure['best'] * 1000:10.1f}")
    total = figures["steps"]["total"]["median"]
    verdict = "met" if total < TARGET_SECONDS else "missed"
    print(f"  target: all of it under {TARGET_SECONDS:.0f} s (median) — {verdict}")
    print(
        "  all four signatures (two on each file) verified in every run: "
        f"{'yes' if figures['verified'] else 'NO'}"
    )
    finalize_ms = figures["finalize_seconds"] * 1000
    print(f"  finalize (record, both PDFs, files written), once: {finalize_ms:.1f} ms")
    print(f"  load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    with tempfile.TemporaryDirectory(prefix="ratssaal-minutes-bench-") as folder:
        set_up_django(Path(folder))
        start = time.perf_counter()
        meeting, clerk, played = play_meeting(
            items=options.items,
            non_public=options.non_public,
            named=options.named,
            members=options.members,
        )
        setup_seconds = time.perf_counter() - start
        figures = measure(meeting, clerk, options.runs)
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "load_average": os.getloadavg(),
        "options": {k: v for k, v in vars(options).items() if k != "output"},
        "setup_seconds": round(setup_seconds, 1),
        "meeting": played,
        "target_seconds": TARGET_SECONDS,
        **figures,
    }
    print_table(options, played, figures)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if figures["verified"] else 1


if __name__ == "__main__":
    sys.exit(main())
