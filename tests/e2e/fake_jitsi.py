"""A fake Jitsi server for the browser tests: it serves a stand-in `external_api.js`.

The live server gets `JITSI_DOMAIN=<origin>`, so the remote live page loads the stand-in from
here. Every request is logged (a test can prove a page never asked for the script), and the
server can be taken down for a test: it then answers 503, as an overloaded Jitsi would.
"""

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "fake_jitsi" / "external_api.js"
SCRIPT_PATH = "/external_api.js"


class FakeJitsiHandler(http.server.BaseHTTPRequestHandler):
    server: "FakeJitsiServer"

    def do_GET(self) -> None:
        self.server.record(self.path)
        if self.server.down:
            self.answer(503, b"Service Unavailable", "text/plain")
        elif self.path.split("?", 1)[0] == SCRIPT_PATH:
            self.answer(200, SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        else:
            # A room URL, as the fallback link opens it in a new tab.
            self.answer(200, b"<!DOCTYPE html><title>Fake Jitsi</title>", "text/html")

    def answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        # Each browser context would cache the script otherwise; a test that takes the server
        # down must see the failure.
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass  # The server's request log says what the tests need; stderr stays quiet.


class FakeJitsiServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FakeJitsiHandler)
        self.down = False
        self._requests: list[str] = []
        self._lock = threading.Lock()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def domain(self) -> str:
        """What the iframe API gets as its domain: host and port, no scheme."""
        return self.origin.split("://", 1)[1]

    def record(self, path: str) -> None:
        with self._lock:
            self._requests.append(path)

    def requests(self) -> list[str]:
        with self._lock:
            return list(self._requests)

    def script_requests(self) -> int:
        return sum(path.split("?", 1)[0] == SCRIPT_PATH for path in self.requests())

    @contextmanager
    def taken_down(self) -> Iterator[None]:
        """Answer 503 to everything inside the block, and come back up even if it fails."""
        self.down = True
        try:
            yield
        finally:
            self.down = False


@contextmanager
def running_fake_jitsi() -> Iterator[FakeJitsiServer]:
    server = FakeJitsiServer()
    thread = threading.Thread(target=server.serve_forever, name="fake-jitsi", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
