"""Ratssaal served as in production, for the browser tests, the service tests and the benchmarks.

A site is prepared on a database of its own (migrate, demo data, collected static files) and
served by one or more Daphne processes with DEBUG off. Callers talk to it over HTTP and
websockets only. Nothing here needs pytest: a problem is a `ServerError` with a readable message.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

SERVER_START_SECONDS = 30
COMMAND_SECONDS = 300
LOG_TAIL_LINES = 60
LISTEN_BACKLOG = 1024


class ServerError(RuntimeError):
    """The site could not be prepared or served; the message says why, with the server's log."""


def fresh_database_url(tmp_dir: Path, suffix: str) -> str:
    """PostgreSQL: an empty `<name>_<suffix>` database on the server of DATABASE_URL, so that a
    run never touches the database it was pointed at. Otherwise a SQLite file in `tmp_dir`."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_dir / f'{suffix}.sqlite3'}"
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{suffix}"
    maintenance_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        # FORCE: a server left over from an interrupted run may still hold connections.
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def site_environment(tmp_dir: Path, *, database_url: str, **settings: str) -> dict[str, str]:
    """The settings of a production-like site in `tmp_dir`; `settings` adds or overrides some.

    REDIS_URL, when set, passes through: then the site uses the Redis channel layer."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "insecure-key-for-tests-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(tmp_dir / "static"),
        "MEDIA_ROOT": str(tmp_dir / "media"),
        # The town's signing keys of this site only, never the project's var/signing.
        "SIGNING_KEYSTORE_DIR": str(tmp_dir / "signing"),
        "SIGNING_PASSPHRASE": "insecure-passphrase-for-tests-only",
        "PYTHONUNBUFFERED": "1",
        **settings,
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


def finish(process: subprocess.Popen) -> str:
    """Wait for a `manage` command; its output, or a ServerError if it failed."""
    output, _ = process.communicate(timeout=COMMAND_SECONDS)
    if process.returncode != 0:
        command = " ".join(process.args[1:])
        raise ServerError(f"`{command}` failed ({process.returncode}):\n{output}")
    return output


def prepare_site(env: dict[str, str], *, demo: bool = True) -> None:
    """Migrate, load the demo town with the password 'demo' and issue its signers' keys (unless
    `demo` is False: a caller that brings its own data), collect the static files."""
    # collectstatic needs no database: let it run beside migrate and seed_demo (two cores).
    collectstatic = manage("collectstatic", "--noinput", env=env)
    finish(manage("migrate", "--noinput", env=env))
    if demo:
        finish(manage("seed_demo", "--demo-passwords", env=env))
        # Signing keys for the demo's recorder and chairs (kept when they exist already).
        finish(manage("init_signing_ca", "--all-signers", env=env))
    finish(collectstatic)


def daphne_command() -> list[str]:
    daphne = Path(sys.executable).with_name("daphne")
    return [str(daphne)] if daphne.exists() else [sys.executable, "-m", "daphne"]


def log_tail(log_path: Path, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])


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
    raise ServerError(
        f"The live server at {url} did not become healthy ({problem}).\n"
        f"Last lines of {log_path}:\n{log_tail(log_path)}"
    )


def start_daphne(
    env: dict[str, str], log_path: Path, *, name: str, options: Sequence[str] = ()
) -> tuple[str, subprocess.Popen]:
    """Start one Daphne worker on a free port; its base URL and process (see `stop`).
    `options` go to Daphne's command line, e.g. `("-v", "0")` for no access log."""
    # Daphne adopts a socket bound here: no race between finding a free port and binding it.
    # A crowd connects all at once: a backlog as deep as the one docs/operations.md gives Daphne.
    with (
        socket.create_server(("127.0.0.1", 0), backlog=LISTEN_BACKLOG) as listener,
        log_path.open("w") as log,
    ):
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        # Twisted logs a wrong port for an adopted socket; this line has the right one.
        log.write(f"{name}: Ratssaal serves {url}\n")
        log.flush()
        server = subprocess.Popen(
            [
                *daphne_command(),
                *options,
                "--fd",
                str(listener.fileno()),
                "config.asgi:application",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
        )
    return url, server


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextmanager
def running_daphne_processes(
    env: dict[str, str], log_paths: list[Path], *, name: str, options: Sequence[str] = ()
) -> Iterator[list[tuple[str, subprocess.Popen]]]:
    """As `running_daphnes`, but yields each worker's base URL with its process (for a
    profiler that attaches to it); `options` go to every worker's command line."""
    servers: list[tuple[str, subprocess.Popen, Path]] = []
    try:
        for number, log_path in enumerate(log_paths, start=1):
            label = name if len(log_paths) == 1 else f"{name} (worker {number})"
            servers.append((*start_daphne(env, log_path, name=label, options=options), log_path))
        for url, server, log_path in servers:
            wait_until_healthy(url, server, log_path)
        yield [(url, server) for url, server, _log_path in servers]
    finally:
        for _url, server, _log_path in servers:
            stop(server)


@contextmanager
def running_daphnes(
    env: dict[str, str], log_paths: list[Path], *, name: str
) -> Iterator[list[str]]:
    """One Daphne worker of a prepared site per log file; yields their base URLs, stops them
    after. Several workers need REDIS_URL: the in-memory channel layer stays in one process."""
    with running_daphne_processes(env, log_paths, name=name) as servers:
        yield [url for url, _server in servers]


@contextmanager
def running_daphne(env: dict[str, str], log_path: Path, *, name: str) -> Iterator[str]:
    """One Daphne worker logging to `log_path`; yields its base URL, stops it after."""
    with running_daphnes(env, [log_path], name=name) as (url,):
        yield url


def run_python(code: str, *, env: dict[str, str]) -> str:
    """Run Python code in the site's Django (`manage.py shell`); what it printed, stripped."""
    return finish(manage("shell", "--no-imports", "--command", code, env=env)).strip()
