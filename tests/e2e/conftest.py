"""The browser test harness: a live Daphne server on its own database, and Chromium to drive it.

The server runs in a subprocess, as in production (DEBUG off, collected static files, demo data),
so the tests talk to it over HTTP only and never touch pytest-django's test database.
"""

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Page, Response, expect, sync_playwright

from tests import serverkit
from tests.serverkit import log_tail

from .artifacts import artifact_path
from .fake_jitsi import FakeJitsiServer, running_fake_jitsi
from .fake_mail import MailSink, running_mail_sink

E2E_DIR = Path(__file__).resolve().parent

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


def server_environment(tmp_dir: Path, **services: str) -> dict[str, str]:
    """The live server's settings; `services` adds more, e.g. the fake Jitsi's JITSI_DOMAIN."""
    # REDIS_URL, when set, passes through, so `make test-services` runs these on Redis too.
    return serverkit.site_environment(
        tmp_dir,
        database_url=serverkit.fresh_database_url(tmp_dir, "e2e"),
        SECRET_KEY="insecure-key-for-browser-tests-only",
        **services,
    )


@contextmanager
def failing_the_run_on_server_errors() -> Iterator[None]:
    """A site that cannot be prepared or served fails the tests with the reason, no traceback."""
    try:
        yield
    except serverkit.ServerError as error:
        pytest.fail(str(error), pytrace=False)


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
    with failing_the_run_on_server_errors():
        serverkit.prepare_site(env)
    log_path = pytestconfig.stash[SERVER_LOG] = tmp_dir / "daphne.log"
    with (
        failing_the_run_on_server_errors(),
        serverkit.running_daphne(env, log_path, name="Browser tests") as url,
    ):
        yield url


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
