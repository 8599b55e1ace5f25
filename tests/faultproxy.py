"""A TCP proxy that can fail on purpose, put between Ratssaal and Redis or PostgreSQL.

The fault tests and `bench/fault_vote.py` point a site's REDIS_URL and DATABASE_URL at such a
proxy, so that "Redis is down for 2 s" never touches the server other people use: `cut()` drops
every connection through the proxy and refuses new ones until `restore()`.

It runs on an asyncio loop in a thread of its own, so that synchronous callers (pytest fixtures,
a benchmark's main thread) and asynchronous ones can use it alike.
"""

import asyncio
import contextlib
import threading
import urllib.parse
from collections.abc import Iterator

CHUNK = 64 * 1024


class FaultProxy:
    """Forwards 127.0.0.1:`port` to `target`; `cut()` and `restore()` switch it off and on."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = 0
        self.up = True
        self.cuts = 0
        self.refused = 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server: asyncio.Server | None = None
        self.pipes: set[asyncio.StreamWriter] = set()

    def start(self) -> "FaultProxy":
        self.thread.start()
        self.server = self.call(asyncio.start_server(self.accept, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.call(self.close_server())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        self.loop.close()

    def call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    def cut(self) -> None:
        """Every open connection is reset and new ones are closed at once, as a server that
        died would do; the clients see it at their next read or write."""
        self.call(self.drop_all())

    def restore(self) -> None:
        self.up = True

    def url(self, original: str) -> str:
        """`original` (a redis:// or postgres:// URL) with this proxy as its host and port."""
        parts = urllib.parse.urlsplit(original)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@127.0.0.1:{self.port}" if credentials else f"127.0.0.1:{self.port}"
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))

    async def drop_all(self) -> None:
        self.up = False
        self.cuts += 1
        for writer in list(self.pipes):
            abort(writer)
        self.pipes.clear()

    async def close_server(self) -> None:
        await self.drop_all()
        self.server.close()
        await self.server.wait_closed()

    async def accept(self, client_reader, client_writer) -> None:
        if not self.up:
            self.refused += 1
            abort(client_writer)
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            abort(client_writer)
            return
        pair = {client_writer, server_writer}
        self.pipes |= pair
        try:
            await asyncio.gather(
                pipe(client_reader, server_writer), pipe(server_reader, client_writer)
            )
        finally:
            self.pipes -= pair
            for writer in pair:
                abort(writer)


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    abort(writer)


def abort(writer: asyncio.StreamWriter) -> None:
    """Close without a goodbye: a reset, as when the process on the other side is gone."""
    if not writer.transport.is_closing():
        writer.transport.abort()


def target_of(url: str, default_port: int) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or default_port


@contextlib.contextmanager
def proxied(url: str, default_port: int) -> Iterator[FaultProxy]:
    """A running proxy in front of the server of `url`; stopped afterwards."""
    proxy = FaultProxy(*target_of(url, default_port)).start()
    try:
        yield proxy
    finally:
        proxy.stop()
