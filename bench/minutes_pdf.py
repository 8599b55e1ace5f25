"""How long do the minutes of a long meeting take, from the database to two verified signatures?

    .venv/bin/python bench/minutes_pdf.py [--items 40] [--named 20] [--members 60] [--runs 5]

The benchmark prepares a site of its own (a SQLite file, the media and a signing keystore in a
temporary folder), plays a meeting through the live and voting services: a body of N members with
a vote, all in the hall, M public items of which K end in a named vote of everyone (choices spread
over yes, no and abstain), the others in a show of hands, and the meeting closed. It creates the
town's certificate authority and keys for the recorder and the chair (`minutes.signing.keystore`).
Then it runs the issue's pipeline R times, each step timed:

- `record`: the draft's record read from the database and the event log (`session_record`,
  `minutes_record`),
- `render_full` and `render_public`: the full and the public PDF, each rendered once,
- `sign_recorder` and `sign_chair`: the recorder's, then the chair's PAdES signature on the full
  PDF, each in its own incremental update, the key loaded from the keystore each time,
- `verify`: both signatures checked against the file, and whether the town's authority issued
  their certificates (`inspect_pdf`).

The total of a run is the sum of its steps; the figures are the median and best of the R runs.
Once, outside the pipeline, it also times `finalize` (record, both PDFs, files and checksums
written). It prints a table and writes bench/results/minutes_pdf.json (see --output); the exit
code is 1 if a verification failed.
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
    os.environ["SIGNING_KEYSTORE_DIR"] = str(folder / "signing")
    os.environ["SIGNING_PASSPHRASE"] = "minutes-benchmark-only"  # noqa: S105 - a throwaway keystore
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


PIPELINE = ("record", "render_full", "render_public", "sign_recorder", "sign_chair", "verify")
TARGET_SECONDS = 1.0


def signing_keys(recorder, chair) -> None:
    from minutes.signing import keystore

    authority = keystore.create_authority(municipality_name="Musterstadt")
    for user in (recorder, chair):
        keystore.issue_certificate(authority, user)


def run_pipeline(minutes, meeting, signed_file: dict) -> tuple[dict[str, float], bool]:
    """One run of the pipeline: the seconds of each step, and whether both signatures hold
    (the signed file's size goes to `signed_file`)."""
    from minutes.pdf import render
    from minutes.record import minutes_record, public_record, session_record
    from minutes.signing.keystore import signer_for_user
    from minutes.signing.sign import sign_pdf
    from minutes.signing.verify import inspect_pdf

    seconds = {}

    def step(name, action):
        start = time.perf_counter()
        result = action()
        seconds[name] = time.perf_counter() - start
        return result

    full = step("record", lambda: minutes_record(minutes, session_record(meeting)))
    rendered = step("render_full", lambda: render(full, version=1))
    step("render_public", lambda: render(public_record(full), version=1))
    signed = rendered.pdf
    for role, user in (("recorder", minutes.recorder), ("chair", minutes.chair.user)):
        slot = rendered.slots[role]
        signed = step(
            f"sign_{role}",
            lambda user=user, role=role, slot=slot, pdf=signed: sign_pdf(
                pdf, signer_for_user(user), role=role, page=slot.page, box=slot.box
            ),
        )
    report = step("verify", lambda: inspect_pdf(signed))
    signed_file.update(bytes=len(signed), signatures=len(report.signatures))
    return seconds, report.ok and len(report.signatures) == 2


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "best": min(values)}


def measure(meeting, clerk, runs: int) -> dict:
    import pypdf

    from minutes import services
    from minutes.models import Version

    minutes = services.open_minutes(meeting=meeting)
    minutes = services.update_minutes(
        by=clerk, minutes=minutes, recorder=clerk, chair=services.chair_candidates(meeting).first()
    )
    signing_keys(minutes.recorder, minutes.chair.user)
    signed_file = {}
    runs_seconds, verified = [], True
    for _ in range(runs):
        seconds, ok = run_pipeline(minutes, meeting, signed_file)
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
        "signed_full_pdf_bytes": signed_file["bytes"],
    }


def print_table(options, figures: dict) -> None:
    print(
        f"{options.items} items, {options.named} named votes of {options.members} members: "
        f"{figures['full_pdf_pages']} pages, {figures['full_pdf_bytes'] / 1024:.0f} KiB "
        f"({figures['signed_full_pdf_bytes'] / 1024:.0f} KiB signed); {options.runs} runs"
    )
    print(f"  {'step':<15} {'median ms':>10} {'best ms':>10}")
    for name, figure in figures["steps"].items():
        print(f"  {name:<15} {figure['median'] * 1000:10.1f} {figure['best'] * 1000:10.1f}")
    total = figures["steps"]["total"]["median"]
    verdict = "met" if total < TARGET_SECONDS else "missed"
    print(f"  target: all of it under {TARGET_SECONDS:.0f} s (median) — {verdict}")
    print(f"  both signatures verified in every run: {'yes' if figures['verified'] else 'NO'}")
    finalize_ms = figures["finalize_seconds"] * 1000
    print(f"  finalize (record, both PDFs, files written), once: {finalize_ms:.1f} ms")


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
    report = {
        "when": datetime.now(UTC).isoformat(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "load_average": os.getloadavg(),
        "options": {k: v for k, v in vars(options).items() if k != "output"},
        "setup_seconds": round(setup_seconds, 1),
        "target_seconds": TARGET_SECONDS,
        **figures,
    }
    print_table(options, figures)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if figures["verified"] else 1


if __name__ == "__main__":
    sys.exit(main())
