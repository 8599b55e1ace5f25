"""The fault proxy of the service tests and bench/fault_vote.py: it forwards, and when cut it
drops every connection and refuses new ones until restored."""

import socket
import socketserver
import threading

import pytest

from tests.faultproxy import FaultProxy


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(1024):
            self.request.sendall(data)


@pytest.fixture
def proxy():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy = FaultProxy(*server.server_address).start()
    yield proxy
    proxy.stop()
    server.shutdown()
    server.server_close()


def echoed(port: int, data: bytes = b"ping") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(data)
        return connection.recv(1024)


def test_proxy_forwards_both_ways(proxy):
    assert echoed(proxy.port) == b"ping"


def test_a_cut_resets_open_connections(proxy):
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as connection:
        connection.sendall(b"a")
        assert connection.recv(1) == b"a"

        proxy.cut()

        with pytest.raises((ConnectionResetError, BrokenPipeError)):
            connection.sendall(b"b")
            if not connection.recv(1):
                raise ConnectionResetError


def test_a_cut_proxy_refuses_new_connections_until_restored(proxy):
    proxy.cut()
    with pytest.raises((ConnectionResetError, ConnectionAbortedError)):
        if not echoed(proxy.port):
            raise ConnectionResetError

    proxy.restore()

    assert echoed(proxy.port) == b"ping"


def test_url_points_at_the_proxy_and_keeps_the_rest(proxy):
    url = proxy.url("postgres://postgres:geheim@db.example:5432/ratssaal")

    assert url == f"postgres://postgres:geheim@127.0.0.1:{proxy.port}/ratssaal"
