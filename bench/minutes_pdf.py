"""How long do the minutes of a long meeting take: the record from the database, both PDFs?

    .venv/bin/python bench/minutes_pdf.py [--items 40] [--named 20] [--members 60] [--runs 5]

The benchmark prepares a site of its own (a SQLite file in a temporary folder), plays a meeting
through the live and voting services: a body of N members with a vote, all in the hall, M public
items of which K end in a named vote of everyone (choices spread over yes, no and abstain), the
others in a show of hands, and the meeting closed. Then it times, best and median of R runs:

- `record`: the session record read from the database and the event log (`session_record`),
- `render_full` and `render_public`: the full and the public PDF, each rendered once,
- `finalize`: the whole state change (record, both PDFs, files and checksums written).

It prints the figures and writes bench/results/minutes_pdf.json (see --output).
"""

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=40, help="public agenda items (40)")
    parser.add_argument("--named", type=int, default=20, help="of them with a named vote (20)")
    parser.add_argument("--members", type=int, default=60, help="members with a vote (60)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each step (5)")
    parser.add_argument(
        "--output", type=Path, default=REPO_ROOT / "bench" / "results" / "minutes_pdf.json"
    )
    return parser.parse_args(argv)


def set_up_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("SECRET_KEY", "minutes-benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def play_meeting(*, items: int, named: int, members: int):
    """A closed meeting as described above, played through the services."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from council.models import Membership, Municipality
    from meetings.live.services import agenda, session
    from meetings.models import Meeting
    from tests.factories import make_body, make_person, make_secretariat_user, make_user
    from tests.meetings.factories import make_item, make_meeting
    from voting import services as voting
    from voting.models import Ballot

    Municipality.objects.create(name="Musterstadt")
    clerk = make_secretariat_user(username="sekretariat")
    body = make_body(name="Stadtrat", legal_member_count=members)
    users = []
    for number in range(1, members + 1):
        user = make_user(username=f"mitglied{number:02}")
        person = make_person(given_name="Mitglied", family_name=f"Nummer {number:02}", user=user)
        role = Membership.Role.CHAIR if number == 1 else Membership.Role.MEMBER
        Membership.objects.create(
            person=person, body=body, role=role, voting_right=True, start_date="2025-11-01"
        )
        users.append(user)
    meeting = make_meeting(by=clerk, body=body, start=timezone.now())
    for number in range(1, items + 1):
        make_item(by=clerk, meeting=meeting, title=f"Beschlussvorlage Nummer {number}")
    Meeting.objects.filter(pk=meeting.pk).update(state="invited", invited=timezone.now())
    meeting.refresh_from_db()
    session.start_meeting(by=clerk, meeting=meeting)
    meeting.attendances.update(state="hall")
    for index, item in enumerate(meeting.agenda_items.order_by("order")[:items]):
        agenda.call_item(by=clerk, meeting=meeting, item_id=item.pk)
        kind = "named" if index < named else "show_of_hands"
        event = voting.prepare_ballot(
            by=clerk, meeting=meeting, item_id=item.pk, question="", kind=kind
        )
        ballot_id = event.data["ballot"]
        voting.open_ballot(by=clerk, meeting=meeting, ballot_id=ballot_id)
        if kind == "named":
            for number, user in enumerate(users):
                voting.cast_vote(
                    by=user,
                    meeting=meeting,
                    ballot_id=ballot_id,
                    person=user.person,
                    choice=("yes", "yes", "no", "abstain")[number % 4],
                    request_id=f"bench-{ballot_id}-{number}",
                )
            voting.close_ballot(by=clerk, meeting=meeting, ballot_id=ballot_id)
        else:
            voting.close_ballot(
                by=clerk, meeting=meeting, ballot_id=ballot_id, yes=members - 5, no=3, abstain=2
            )
        agenda.set_item_status(by=clerk, meeting=meeting, item_id=item.pk, status="done")
    session.close_meeting(by=clerk, meeting=meeting)
    meeting.refresh_from_db()
    if Ballot.objects.filter(meeting=meeting, kind="named", state="closed").count() != named:
        raise RuntimeError("the meeting was not played as planned")
    return meeting, get_user_model().objects.get(username="sekretariat")


def timed(step, runs: int) -> dict:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = step()
        seconds.append(time.perf_counter() - start)
    return {"best": min(seconds), "median": statistics.median(seconds), "result": result}


def measure(meeting, clerk, runs: int) -> dict:
    from minutes import services
    from minutes.models import Version
    from minutes.pdf import render
    from minutes.record import minutes_record, public_record, session_record

    minutes = services.open_minutes(meeting=meeting)
    minutes = services.update_minutes(
        by=clerk, minutes=minutes, recorder=clerk, chair=services.chair_candidates(meeting).first()
    )
    record_step = timed(lambda: minutes_record(minutes, session_record(meeting)), runs)
    full = record_step.pop("result")
    full_step = timed(lambda: render(full, version=1), runs)
    rendered = full_step.pop("result")
    public_step = timed(lambda: render(public_record(full), version=1), runs)
    public_step.pop("result")

    def finalize_once():
        version = services.finalize(by=clerk, minutes=minutes)
        services.reopen(by=clerk, minutes=minutes)
        return version

    finalize_step = timed(finalize_once, 1)
    version = Version.objects.get(pk=finalize_step.pop("result").pk)
    import pypdf

    pages = len(pypdf.PdfReader(version.full_pdf.path).pages)
    return {
        "record": record_step,
        "render_full": full_step,
        "render_public": public_step,
        "finalize": finalize_step,
        "full_pdf_bytes": len(rendered.pdf),
        "full_pdf_pages": pages,
    }


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    with tempfile.TemporaryDirectory(prefix="ratssaal-minutes-bench-") as folder:
        set_up_django(Path(folder))
        start = time.perf_counter()
        meeting, clerk = play_meeting(
            items=options.items, named=options.named, members=options.members
        )
        setup_seconds = time.perf_counter() - start
        figures = measure(meeting, clerk, options.runs)
    steps = ("record", "render_full", "render_public")
    pipeline = sum(figures[step]["best"] for step in steps)
    report = {
        "when": datetime.now(UTC).isoformat(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "options": {k: v for k, v in vars(options).items() if k != "output"},
        "setup_seconds": round(setup_seconds, 1),
        **figures,
        "record_and_both_pdfs_best": pipeline,
    }
    print(
        f"{options.items} items, {options.named} named votes of {options.members} members: "
        f"{figures['full_pdf_pages']} pages, {figures['full_pdf_bytes'] / 1024:.0f} KiB"
    )
    for step in (*steps, "finalize"):
        print(
            f"  {step:<14} best {figures[step]['best'] * 1000:7.1f} ms   "
            f"median {figures[step]['median'] * 1000:7.1f} ms"
        )
    print(f"  record + both PDFs (best): {pipeline * 1000:.1f} ms")
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
