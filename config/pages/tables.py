"""Which tables a page reads, and a token per table that changes whenever the table is written.

A stored page keeps the token of every table it read when it was built. It is still right as
long as none of those tokens has changed: nothing it showed can have changed either. The tables
come from the SQL itself (an execute wrapper on every connection), so no view has to declare
what it depends on, and a new query, a `QuerySet.update()` or a bulk insert cannot be forgotten.

A write changes its table's token twice: at once, so that the writer's own connection never
reads an old page within its transaction, and again after the commit, so that a page built by
another connection between the write and the commit (from the data before it) is not kept.
"""

import logging
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core.cache import caches

logger = logging.getLogger(__name__)

READ = re.compile(r'\b(?:FROM|JOIN)\s+"([^"]+)"', re.IGNORECASE)
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"([^"]+)"', re.IGNORECASE)
TRUNCATE = re.compile(r"^\s*TRUNCATE\b(.*)", re.IGNORECASE | re.DOTALL)
QUOTED = re.compile(r'"([^"]+)"')
TOKEN_BYTES = 8

# The tables read by the page being built on this thread (None: no page is being built).
tables_read: ContextVar[set[str] | None] = ContextVar("tables_read", default=None)
# Set when the page being built wrote something: such a page is not anyone's to share.
wrote_while_reading: ContextVar[bool] = ContextVar("wrote_while_reading", default=False)


def token_store():
    """The tokens: in Redis when REDIS_URL is set (every worker sees every write), else in
    files beside the SQLite database (every process on the machine does). One client per
    process, not one per request (Django's `caches` would make one per async context)."""
    global _store
    if _store is None:
        _store = caches.create_connection("tokens")
    return _store


_store = None


def key(table: str) -> str:
    return f"table:{table}"


def new_token() -> str:
    return secrets.token_hex(TOKEN_BYTES)


class TokensUnavailable(Exception):
    """The token store cannot be reached (Redis away): no stored page can be trusted."""


# Tables whose new token could not be stored (Redis away). A write never fails for want of a
# token: it goes on, and the tokens are changed as soon as the store answers again. Until then
# this worker trusts no stored page (`tokens` raises), and asks the store again at most every
# RETRY_SECONDS (also after a failed read, so that a store that does not answer costs each
# request of the event loop nothing).
lost: set[str] = set()
lost_lock = threading.Lock()
RETRY_SECONDS = 1.0
_next_try = 0.0


def bump(tables) -> None:
    with lost_lock:
        if lost:
            lost.update(tables)
            return
    try:
        token_store().set_many({key(table): new_token() for table in tables}, timeout=None)
    except Exception:
        logger.warning("Page tokens not stored for %s: the token store is away", sorted(tables))
        with lost_lock:
            lost.update(tables)


def store_lost_tokens() -> None:
    """Change the tokens of the tables written while the store was away, or raise."""
    global _next_try
    with lost_lock:
        if not lost:
            return
        if time.monotonic() < _next_try:
            raise TokensUnavailable
        try:
            token_store().set_many({key(table): new_token() for table in lost}, timeout=None)
        except Exception as error:
            _next_try = time.monotonic() + RETRY_SECONDS
            raise TokensUnavailable from error
        lost.clear()


def tokens(tables) -> dict[str, str | None]:
    """The current token of each table (None where the store has none); TokensUnavailable
    when the store cannot be asked."""
    global _next_try
    store_lost_tokens()
    if time.monotonic() < _next_try:
        raise TokensUnavailable  # it was away a moment ago: do not hold up the event loop
    try:
        found = token_store().get_many([key(table) for table in tables])
    except Exception as error:
        _next_try = time.monotonic() + RETRY_SECONDS
        raise TokensUnavailable from error
    return {table: found.get(key(table)) for table in tables}


def every_token() -> dict[str, str]:
    """The token of every table, each made if the store has none yet. Read before a page is
    built: a write after this point changes a token the page is stored with."""
    current = tokens(all_tables())
    missing = [table for table, token in current.items() if token is None]
    if missing:
        store = token_store()
        try:
            for table in missing:
                store.add(key(table), new_token(), timeout=None)
        except Exception as error:
            raise TokensUnavailable from error
        current.update(tokens(missing))
    return current


def all_tables() -> list[str]:
    global _all_tables
    if _all_tables is None:
        models = apps.get_models(include_auto_created=True)
        _all_tables = sorted({model._meta.db_table for model in models})
    return _all_tables


_all_tables = None


def written(sql: str) -> list[str]:
    """The tables a statement writes ([] for a read)."""
    match = WRITE.match(sql)
    if match:
        return [match.group(1)]
    match = TRUNCATE.match(sql)
    return QUOTED.findall(match.group(1)) if match else []


class Watcher:
    """One connection's execute wrapper; its tables to bump once the transaction commits."""

    def __init__(self, connection):
        self.connection = connection
        self.after_commit: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        reading = tables_read.get()
        if reading is not None:
            reading.update(READ.findall(sql))
        tables = written(sql)
        if tables:
            if reading is not None:
                wrote_while_reading.set(True)
            bump(tables)
            self.bump_after_commit(tables)
        return result

    def bump_after_commit(self, tables: list[str]) -> None:
        if not self.connection.in_atomic_block:
            return
        # A rollback drops the callback, and with it the tables it would have bumped.
        pending = self.connection.run_on_commit
        if not any(callback == self.commit for _ids, callback, _robust in pending):
            self.after_commit = set()
            self.connection.on_commit(self.commit)
        self.after_commit.update(tables)

    def commit(self) -> None:
        tables, self.after_commit = self.after_commit, set()
        bump(tables)


def watch_connection(sender, connection, **kwargs) -> None:
    if not any(isinstance(wrapper, Watcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(Watcher(connection))


@contextmanager
def reading() -> Iterator[dict]:
    """Collect the tables read on this thread; yields {"tables": set, "wrote": bool} (filled in
    when the block ends)."""
    found: dict = {"tables": set(), "wrote": False}
    tables_token = tables_read.set(found["tables"])
    wrote_token = wrote_while_reading.set(False)
    try:
        yield found
    finally:
        found["wrote"] = wrote_while_reading.get()
        tables_read.reset(tables_token)
        wrote_while_reading.reset(wrote_token)
