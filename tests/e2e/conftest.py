"""The browser test harness: a live Daphne server on its own database, and Chromium to drive it.

The server runs in a subprocess, as in production (DEBUG off, collected static files, demo data),
so the tests talk to it over HTTP only and never touch pytest-django's test database.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Page, Response, expect, sync_playwright

from .artifacts import artifact_path
from .fake_jitsi import FakeJitsiServer, running_fake_jitsi
from .fake_mail import MailSink, running_mail_sink

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "demo"

SERVER_START_SECONDS = 30
COMMAND_SECONDS = 300
LOG_TAIL_LINES = 60
SERVER_LOG = pytest.StashKey[Path]()


def pytest_collection_modifyitems(items):
    # This hook sees the items of the whole run, not only of this folder.
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # A failing browser test often has its cause on the server: show what the server said.
    report = yield
    log_path = item.config.stash.get(SERVER_LOG, None)
    if report.when == "call" and report.failed and log_path is not None:
        report.sections.append(("live server log (last lines)", log_tail(log_path)))
    return report


# The live server -------------------------------------------------------------------------------


def e2e_database_url(tmp_dir: Path) -> str:
    """PostgreSQL: a fresh `<name>_e2e` database on the same server. Otherwise a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_dir / 'e2e.sqlite3'}"
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/')}_e2e"
    maintenance_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        # FORCE: a server left over from an interrupted run may still hold connections.
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def server_environment(tmp_dir: Path, **services: str) -> dict[str, str]:
    """The live server's settings; `services` adds more, e.g. the fake Jitsi's JITSI_DOMAIN."""
    # REDIS_URL, when set, passes through, so `make test-services` runs these on Redis too.
    return {
        **os.environ,
        "DATABASE_URL": e2e_database_url(tmp_dir),
        "DEBUG": "0",
        "SECRET_KEY": "insecure-key-for-browser-tests-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(tmp_dir / "static"),
        "MEDIA_ROOT": str(tmp_dir / "media"),
        "PYTHONUNBUFFERED": "1",
        **services,
    }


def manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen) -> None:
    output, _ = process.communicate(timeout=COMMAND_SECONDS)
    if process.returncode != 0:
        command = " ".join(process.args[1:])
        pytest.fail(f"`{command}` failed ({process.returncode}):\n{output}", pytrace=False)


def prepare_site(env: dict[str, str]) -> None:
    # collectstatic needs no database: let it run beside migrate and seed_demo (two cores).
    collectstatic = manage("collectstatic", "--noinput", env=env)
    finish(manage("migrate", "--noinput", env=env))
    finish(manage("seed_demo", "--demo-passwords", env=env))
    finish(collectstatic)


def daphne_command() -> list[str]:
    daphne = Path(sys.executable).with_name("daphne")
    return [str(daphne)] if daphne.exists() else [sys.executable, "-m", "daphne"]


def log_tail(log_path: Path) -> str:
    lines = log_path.read_text(errors="replace").splitlines()
    return "\n".join(lines[-LOG_TAIL_LINES:])


def wait_until_healthy(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    problem = "no answer"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            problem = f"Daphne exited with code {server.returncode}"
            break
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            problem = f"/healthz answered {error.code}"
        except OSError as error:
            problem = f"/healthz: {error}"
        time.sleep(0.2)
    pytest.fail(
        f"The live server at {url} did not become healthy ({problem}).\n"
        f"Last lines of {log_path}:\n{log_tail(log_path)}",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def fake_jitsi() -> Iterator[FakeJitsiServer]:
    """The Jitsi server the live server points to; see fake_jitsi.py."""
    with running_fake_jitsi() as server:
        yield server


@pytest.fixture(scope="session")
def mail_sink() -> Iterator[MailSink]:
    """The SMTP server the live server mails to: `mail_sink.mails()` lists what it sent."""
    with running_mail_sink() as sink:
        yield sink


@pytest.fixture
def jitsi_down(fake_jitsi) -> Iterator[FakeJitsiServer]:
    """The fake Jitsi answers 503 during the test, and is back up after it, pass or fail."""
    with fake_jitsi.taken_down():
        yield fake_jitsi


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory, pytestconfig, fake_jitsi, mail_sink):
    """Base URL of one Daphne server, shared by every browser test of the run."""
    tmp_dir = tmp_path_factory.mktemp("e2e")
    env = server_environment(
        tmp_dir,
        JITSI_DOMAIN=fake_jitsi.origin,
        JITSI_APP_ID="",
        JITSI_APP_SECRET="",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mail_sink.port),
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS="0",
    )
    prepare_site(env)
    log_path = pytestconfig.stash[SERVER_LOG] = tmp_dir / "daphne.log"
    # Daphne adopts a socket bound here: no race between finding a free port and binding it.
    with socket.create_server(("127.0.0.1", 0)) as listener, log_path.open("w") as log:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        # Twisted logs a wrong port for an adopted socket; this line has the right one.
        log.write(f"Browser tests: Ratssaal serves {url}\n")
        log.flush()
        server = subprocess.Popen(
            [*daphne_command(), "--fd", str(listener.fileno()), "config.asgi:application"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )
    try:
        wait_until_healthy(url, server, log_path)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# The browser -----------------------------------------------------------------------------------


# Package scope on purpose: between calls, Playwright's sync API leaves its event loop marked as
# running in this thread. While it lives, every Django ORM call in later (non-browser) tests of
# the same run would raise SynchronousOnlyOperation, and pytest-asyncio could not start a loop.
# Tearing it down after the last test of this package keeps it to the browser tests.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


def screenshot_path(name: str) -> Path:
    return artifact_path("screenshots", name, ".png")


def open_page(browser: Browser, base_url: str, request, **context_options) -> Iterator[Page]:
    """A page in a fresh context (no cookies); saves a full-page screenshot when the test ends."""
    context = browser.new_context(locale="de-DE", base_url=base_url, **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    try:
        page.screenshot(path=screenshot_path(request.node.name), full_page=True)
    except Error as error:
        # A page that crashed has no picture; the test's own report tells what went wrong.
        warnings.warn(f"No screenshot of {request.node.name}: {error.message}", stacklevel=1)
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server_url, request) -> Iterator[Page]:
    yield from open_page(browser, live_server_url, request, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser, live_server_url, request) -> Iterator[Page]:
    yield from open_page(
        browser, live_server_url, request, viewport=PHONE, is_mobile=True, has_touch=True
    )


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot of a page in between: `screenshot(page, "after-login")`."""

    def save(page: Page, step: str) -> None:
        page.screenshot(path=screenshot_path(f"{request.node.name}-{step}"), full_page=True)

    return save


# Logging in ------------------------------------------------------------------------------------


def send_login_form(page: Page, username: str, password: str) -> Response:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation() as navigation:
        page.locator("#main form button[type=submit]").click()
    return navigation.value


@pytest.fixture
def submit_login():
    """Send the login form: `submit_login(page, user, password)` returns the response shown."""
    return send_login_form


@pytest.fixture
def log_in():
    """Log a demo account in (password 'demo'): `log_in(page, "sekretariat")`."""

    def log_in(page: Page, username: str) -> None:
        send_login_form(page, username, DEMO_PASSWORD)
        expect(page.get_by_role("button", name=re.compile(rf"\({username}\)"))).to_be_visible()

    return log_in


@pytest.fixture(scope="session")
def demo_sessions() -> dict[str, list]:
    """Session cookies of demo accounts, one login each per run (see `sign_in`)."""
    return {}


@pytest.fixture
def sign_in(browser, live_server_url, demo_sessions):
    """Give the page a signed-in session of a demo account: `sign_in(page, "mitglied12")`.

    Faster than `log_in` (a login hashes the password for about a second here): each account
    logs in through the form once per run, later tests reuse its session cookie. A test that
    logs out ends that session for everyone, so such a test uses `log_in`.
    """

    def sign_in(page: Page, username: str) -> None:
        if username not in demo_sessions:
            context = browser.new_context(locale="de-DE", base_url=live_server_url)
            try:
                login_page = context.new_page()
                send_login_form(login_page, username, DEMO_PASSWORD)
                if login_page.url.endswith("/accounts/login/"):
                    pytest.fail(f"{username} could not log in.", pytrace=False)
                demo_sessions[username] = context.cookies()
            finally:
                context.close()
        page.context.add_cookies(demo_sessions[username])

    return sign_in


# Pages whose address is not fixed ---------------------------------------------------------------


def open_body_page(page: Page, name: str) -> None:
    # A body's id depends on the database: go there the way people do, from the roster.
    page.goto("/council/")
    page.locator(".kern-card").get_by_role("link", name=name, exact=True).click()
    expect(page.locator("h1")).to_have_text(name)
    page.wait_for_load_state()


@pytest.fixture
def open_body():
    """Open a body's page from the roster: `open_body(page, "Stadtrat")`."""
    return open_body_page


def open_meeting_page(page: Page, body: str) -> int:
    """Open the next meeting of a body from the meeting list, as people do; returns its id."""
    page.goto("/meetings/")
    name = re.compile(rf"^\d+\. Sitzung – {re.escape(body)}$")
    page.locator("#main table").get_by_role("link", name=name).first.click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    return meeting_id(page.url)


def meeting_id(url: str) -> int:
    """The id in a meeting's address: /meetings/<id>/… ."""
    return int(re.search(r"/meetings/(\d+)/", url)[1])


@pytest.fixture
def open_meeting():
    """Open a body's next meeting from /meetings/: `open_meeting(page, "Stadtrat")` → its id."""
    return open_meeting_page
