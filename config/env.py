"""Read the deployment's environment into Django settings.

Pure functions over strings, so that the switch between SQLite and PostgreSQL, and between the
in-memory and the Redis channel layer, is tested without touching the real environment.
"""

from collections.abc import Mapping
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
CONNECT_TIMEOUT, POOL_TIMEOUT = 3, 3
# HTTP requests inside Django at once per worker (config/admission.py); more wait in line. Two
# cores run Python pages no faster with more threads: more would only hold more connections.
REQUESTS_AT_ONCE = 8
# A request that would wait longer in line is told at once to come back (503, Retry-After).
REQUEST_QUEUE_BUDGET_SECONDS = 10.0
# Besides its requests, a worker uses the database from one thread for all its sockets (Channels'
# database_sync_to_async) and from the health check, which runs there too.
SOCKET_THREADS = 1
# Public pages a worker keeps (config/pages/store.py): each address in each language is one.
PAGES_KEPT = 2000
# One token per table; the file store would cull them above its default of 300.
TOKENS_KEPT = 10_000


def flag(environ: Mapping[str, str], name: str, *, default: bool) -> bool:
    """A boolean variable; anything but a clear yes or no is a configuration error."""
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}.")


def secret_key(environ: Mapping[str, str], *, debug: bool) -> str:
    """SECRET_KEY is required outside DEBUG; in DEBUG a fixed development key is acceptable."""
    key = environ.get("SECRET_KEY", "")
    if key:
        return key
    if debug:
        return "django-insecure-development-key-for-ratssaal-only"
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")


def pool_size(requests_at_once: int) -> int:
    """Connections a worker can need at once: one per request inside Django, one for its
    sockets, and one spare. So a request inside never waits for a connection, and waiting
    longer than POOL_TIMEOUT for one means the database is away, not busy."""
    return requests_at_once + SOCKET_THREADS + 1


def database(url: str | None, *, base_dir: Path, requests_at_once: int = REQUESTS_AT_ONCE) -> dict:
    """The default database: a SQLite file in the project unless DATABASE_URL names another."""
    url = url or f"sqlite:///{base_dir / 'db.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Daphne serves HTTP and websockets from threads at once: let readers and a writer overlap.
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
        # Keep the file open: all database work of a worker runs on one thread, and opening it
        # anew for every socket message was a quarter of the CPU of opening a live page.
        config["CONN_MAX_AGE"] = 600
    else:
        # Every websocket message and request closes its connection when done (the ASGI rule:
        # no persistent connections); the pool keeps them open, so none costs a new login.
        # A burst of requests waits in the admission line, not for the pool (pool_size). While
        # PostgreSQL is unreachable a request waits at most POOL_TIMEOUT seconds for a
        # connection, then gets the "temporarily unavailable" page (config/unavailable.py). A
        # pooled connection that broke while idle fails the one request that gets it; the pool
        # then discards it.
        config["OPTIONS"] = {
            "connect_timeout": CONNECT_TIMEOUT,
            "pool": {
                "min_size": 2,
                "max_size": pool_size(requests_at_once),
                "timeout": POOL_TIMEOUT,
            },
        }
    return config


def caches(redis_url: str | None, *, database: dict, base_dir: Path) -> dict:
    """Django's caches. `tokens` (config/pages/tables.py) must be seen by every process that
    writes: Redis when REDIS_URL is set, else files beside the database (SQLite is one machine's
    database). `pages` and `default` are each worker's own memory."""
    if redis_url:
        tokens = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            # Redis away must not hold up a write or a page for long (config/pages/tables.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    else:
        folder = Path(str(database["NAME"])).with_suffix(".tokens")
        if not folder.is_absolute():
            folder = base_dir / "var" / folder.name
        tokens = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
            "OPTIONS": {"MAX_ENTRIES": TOKENS_KEPT},
        }
    prefix = Path(str(database["NAME"])).stem
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": PAGES_KEPT},
        },
        "tokens": {**tokens, "KEY_PREFIX": f"ratssaal-{prefix}", "TIMEOUT": None},
    }


def channel_layers(redis_url: str | None, *, prefix: str = "ratssaal") -> dict:
    """Redis pub/sub when REDIS_URL is set (several workers), else in-memory (one process only).

    Redis pub/sub ignores the database number of the URL: installations sharing a Redis server
    are kept apart only by the prefix of their channel names.
    """
    if not redis_url:
        return {"default": {"BACKEND": "config.channel_layer.InMemoryChannelLayer"}}
    return {
        "default": {
            "BACKEND": "config.channel_layer.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": prefix},
        }
    }


def layer_prefix(environ: Mapping[str, str], database: dict) -> str:
    """REDIS_PREFIX, else one derived from the database: each installation its own channels."""
    return environ.get("REDIS_PREFIX") or f"ratssaal-{Path(str(database['NAME'])).stem}"


def hosts(raw: str | None, *, debug: bool) -> list[str]:
    """ALLOWED_HOSTS as a comma-separated list; local names only by default."""
    if raw:
        return [host.strip() for host in raw.split(",") if host.strip()]
    return ["127.0.0.1", "localhost", "[::1]"] if debug else []


def https_settings(enabled: bool) -> dict:
    """Behind a TLS-terminating proxy that sets X-Forwarded-Proto: secure cookies, a year of
    HSTS, and a redirect to https for anything that came in over http."""
    if not enabled:
        return {}
    return {
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
    }
