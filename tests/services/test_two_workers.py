"""Two Daphne workers on one PostgreSQL database and one Redis serve one meeting: a change made
through either worker reaches the sockets of both, with the same numbers and the same state."""

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from tests import serverkit
from tests.services.liveclient import RequestRefused, demo_meeting_id, log_in, open_socket

SERVICES = bool(os.environ.get("REDIS_URL")) and os.environ.get("DATABASE_URL", "").startswith(
    "postgres"
)
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not SERVICES,
        reason="two workers need PostgreSQL and Redis: set DATABASE_URL=postgres://… and "
        "REDIS_URL (make test-services does)",
    ),
]

ARRIVAL_SECONDS = 5
EVERY_EVENT_ONCE = {"lost": [], "duplicated": [], "unexpected": []}


@dataclass(frozen=True)
class Site:
    env: dict[str, str]
    worker_a: str
    worker_b: str
    meeting: int


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    """Two workers of one site, and the id of the demo's invited Stadtrat meeting."""
    tmp_dir = tmp_path_factory.mktemp("services")
    env = serverkit.site_environment(
        tmp_dir, database_url=serverkit.fresh_database_url(tmp_dir, "services")
    )
    serverkit.prepare_site(env)
    logs = [tmp_dir / "worker-a.log", tmp_dir / "worker-b.log"]
    with ThreadPoolExecutor(max_workers=1) as lookup:
        # Asking Django for the meeting's id takes as long as a worker's start: do both at once.
        meeting = lookup.submit(demo_meeting_id, env)
        with serverkit.running_daphnes(env, logs, name="Service tests") as (worker_a, worker_b):
            yield Site(env, worker_a, worker_b, meeting.result())


@pytest.fixture(scope="module")
def secretariat(site) -> str:
    """The secretariat's session, logged in on worker B; the database shares it with A."""
    return log_in(site.worker_b, "sekretariat")


async def started(staff) -> None:
    try:
        await staff.request("meeting.start")
    except RequestRefused as refused:
        # The other test of this module may have started the meeting already.
        assert refused.reply["code"] == "conflict"


def member_in(staff, state: str) -> int:
    """A member whose attendance is not `state` yet, from the staff socket's snapshot."""
    rows = staff.snapshot["state"]["attendance"]
    return next(row["person"] for row in rows if row["state"] != state and row["role"] == "member")


async def test_changes_on_worker_b_reach_a_public_socket_on_worker_a(site, secretariat):
    worker_a, worker_b, meeting = site.worker_a, site.worker_b, site.meeting
    public_a = await open_socket(worker_a, meeting, label="public-a")
    public_b = await open_socket(worker_b, meeting, label="public-b")
    staff_b = await open_socket(worker_b, meeting, session=secretariat, label="staff-b")
    await started(staff_b)
    person = member_in(staff_b, "remote")

    # Remote, so that a connection failure can be recorded for them (never shown to the public).
    marked = await staff_b.request("attendance.mark", person=person, state="remote")
    hidden = await staff_b.request("failure.record", person=person)

    seen_on_a = await public_a.wait_for(marked["seq"], timeout=ARRIVAL_SECONDS)
    assert seen_on_a == await public_b.wait_for(marked["seq"], timeout=ARRIVAL_SECONDS)
    assert seen_on_a["state"] == (await staff_b.wait_for(marked["seq"]))["state"]
    row = next(row for row in seen_on_a["state"]["attendance"] if row["person"] == person)
    assert row["state"] == "remote"
    assert await public_a.wait_for(hidden["seq"]) == {"type": "skip", "seq": hidden["seq"]}
    assert (await staff_b.wait_for(hidden["seq"]))["type"] == "failure"
    for socket in (public_a, public_b, staff_b):
        assert socket.seq_problems(hidden["seq"]) == EVERY_EVENT_ONCE
    await asyncio.gather(public_a.close(), public_b.close(), staff_b.close())


async def test_a_change_on_worker_a_reaches_sockets_on_worker_b(site, secretariat):
    worker_a, worker_b, meeting = site.worker_a, site.worker_b, site.meeting
    staff_a = await open_socket(worker_a, meeting, session=secretariat, label="staff-a")
    public_b = await open_socket(worker_b, meeting, label="public-b")
    staff_b = await open_socket(worker_b, meeting, session=secretariat, label="staff-b")
    await started(staff_a)
    person = member_in(staff_a, "absent")

    marked = await staff_a.request("attendance.mark", person=person, state="absent")

    seen_by_public_b = await public_b.wait_for(marked["seq"], timeout=ARRIVAL_SECONDS)
    seen_by_staff_b = await staff_b.wait_for(marked["seq"], timeout=ARRIVAL_SECONDS)
    assert seen_by_public_b["state"] == seen_by_staff_b["state"]
    assert seen_by_staff_b == await staff_a.wait_for(marked["seq"])
    row = next(row for row in seen_by_public_b["state"]["attendance"] if row["person"] == person)
    assert row["state"] == "absent"
    for socket in (staff_a, public_b, staff_b):
        assert socket.seq_problems(marked["seq"]) == EVERY_EVENT_ONCE
    await asyncio.gather(staff_a.close(), public_b.close(), staff_b.close())


def test_the_event_log_both_workers_wrote_is_one_intact_chain(site, secretariat):
    asyncio.run(mark_on_both_workers_at_once(site, secretariat))

    verified = serverkit.finish(
        serverkit.manage("verify_event_log", str(site.meeting), env=site.env)
    )

    assert f"Meeting {site.meeting}: " in verified
    assert "chain intact" in verified


async def mark_on_both_workers_at_once(site: Site, session: str) -> None:
    """Both workers append to the log at the same moment: the meeting's row lock orders them."""
    staff_a = await open_socket(site.worker_a, site.meeting, session=session, label="staff-a")
    staff_b = await open_socket(site.worker_b, site.meeting, session=session, label="staff-b")
    await started(staff_a)
    members = [row for row in staff_a.snapshot["state"]["attendance"] if row["role"] == "member"]
    marks = [
        (staff_a if number % 2 else staff_b).request(
            "attendance.mark",
            person=row["person"],
            state="absent" if row["state"] == "excused" else "excused",
        )
        for number, row in enumerate(members[:8])
    ]
    seqs = sorted(ack["seq"] for ack in await asyncio.gather(*marks))
    assert seqs == list(range(seqs[0], seqs[0] + len(marks)))
    await asyncio.gather(staff_a.close(), staff_b.close())
