"""Faults during a live vote, on two workers behind fault proxies (tests/services/faultscenario.py):
a worker killed mid-vote, Redis away, PostgreSQL away. No acknowledged vote is lost, none is
counted twice, the event log stays one intact chain."""

import asyncio

import pytest

from tests.services import faultscenario as scenario

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not scenario.services_configured(),
        reason="the fault tests need PostgreSQL and Redis: set DATABASE_URL=postgres://… and "
        "REDIS_URL (make test-services does)",
    ),
]

MEMBERS = 12
KILLED, REDIS, DATABASE = range(0, 8), range(8, 10), range(10, 12)
TIMEOUT = 20


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with scenario.running_cluster(
        tmp_path_factory.mktemp("faults"), members=MEMBERS, suffix="faults"
    ) as cluster:
        yield cluster


async def clients(cluster):
    return await scenario.connect_staff(cluster), await scenario.connect_members(
        cluster, range(MEMBERS)
    )


async def stop(staff, members):
    await asyncio.gather(staff.stop(), *(member.stop() for member in members))


def test_a_worker_killed_mid_vote_loses_and_duplicates_no_vote(cluster):
    async def run():
        staff, members = await clients(cluster)
        voters = members[KILLED.start : KILLED.stop]
        figures = await scenario.worker_killed_mid_vote(cluster, voters, timeout=TIMEOUT)
        await stop(staff, members)
        return figures, voters

    figures, voters = asyncio.run(run())
    print(figures)
    counted = scenario.tally(voters, cluster.votes())

    assert figures["all_acked"]
    assert figures["reconnected"] == figures["members_on_killed_worker"]
    assert counted | {"messages_sent": 0} == {
        "sent": len(voters),
        "messages_sent": 0,
        "acknowledged": len(voters),
        "counted": len(voters),
        "lost": 0,
        "duplicated": 0,
        "refused": 0,
    }
    assert cluster.counted()["chain_problems"] == []


def test_after_redis_was_away_every_client_resyncs_and_updates_resume(cluster):
    cluster.revive()

    async def run():
        staff, members = await clients(cluster)
        # Public sockets on both workers: the change must cross from one worker to the other.
        observers = await scenario.connect_observers(cluster, 2)
        voters = members[REDIS.start : REDIS.stop]
        figures = await scenario.redis_away(
            cluster, staff, members, voters, observers=observers, outage=2, timeout=TIMEOUT
        )
        await stop(staff, [*members, *observers])
        return figures, voters

    figures, voters = asyncio.run(run())
    print(figures)

    assert figures["change_during_outage"] == "ack"
    assert figures["resynced"]
    assert figures["resynced_by_snapshot"] == figures["clients"]
    assert figures["updates_resumed"]
    assert scenario.tally(voters, cluster.votes())["counted"] == len(voters)


def test_while_postgresql_is_away_requests_say_unavailable_and_nothing_is_half_written(cluster):
    async def run():
        staff, members = await clients(cluster)
        voters = members[DATABASE.start : DATABASE.stop]
        figures = await scenario.database_away(cluster, staff, voters, outage=1, timeout=TIMEOUT)
        await stop(staff, members)
        return figures, voters

    figures, voters = asyncio.run(run())
    print(figures)

    assert figures["change_during_outage"] == "unavailable"
    assert (figures["page_status"], figures["page_says_unavailable"]) == (503, True)
    assert figures["healthz_status"] == 503
    assert figures["half_written_events"] == 0
    assert figures["recovered"]
    assert figures["change_after"] == "ack"
    assert scenario.tally(voters, cluster.votes())["counted"] == len(voters)
    assert cluster.counted()["chain_problems"] == []
