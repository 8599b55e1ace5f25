"""A crowd is load, not an outage: more requests at once than the worker has pooled PostgreSQL
connections wait in line and are answered, none with the "temporarily unavailable" page."""

import os
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import serverkit
from tests.services.liveclient import SESSION_COOKIE, demo_meeting_id, log_in

SERVICES = os.environ.get("DATABASE_URL", "").startswith("postgres")
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not SERVICES, reason="the pool is PostgreSQL's: set DATABASE_URL"),
]

# Two requests inside Django at a time, so four pooled connections (config/env.py pool_size).
REQUESTS_AT_ONCE = 2
CROWD = 150


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("crowd")
    env = serverkit.site_environment(
        tmp_dir,
        database_url=serverkit.fresh_database_url(tmp_dir, "crowd"),
        REQUESTS_AT_ONCE=str(REQUESTS_AT_ONCE),
    )
    serverkit.prepare_site(env)
    log = tmp_dir / "daphne.log"
    with serverkit.running_daphne(env, log, name="Crowd test") as url:
        yield url, demo_meeting_id(env), log


def status_of(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def crowd(url: str, cookie: str = "") -> list[int]:
    with ThreadPoolExecutor(max_workers=CROWD) as pool:
        return list(pool.map(lambda _: status_of(url, cookie), range(CROWD)))


def test_a_crowd_of_members_on_pages_of_their_own_waits_and_is_answered(site):
    url, meeting, log = site
    session = log_in(url, "mitglied01")

    statuses = crowd(f"{url}/meetings/{meeting}/", f"{SESSION_COOKIE}={session}")

    assert statuses == [200] * CROWD
    assert "Database unavailable" not in log.read_text()


def test_a_crowd_of_the_public_on_the_live_page_is_answered(site):
    url, meeting, log = site

    statuses = crowd(f"{url}/meetings/{meeting}/live/")

    assert statuses == [200] * CROWD
    assert "Database unavailable" not in log.read_text()
