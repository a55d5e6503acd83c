"""`warta serve` under hostile clients, over real sockets against a real server on 127.0.0.1 (issue 16, items 1
and 7): a body is read only from a caller whose token the endpoint accepts, an announced oversized body is
refused at once, a body that stops arriving gets 408, all bodies in flight share one memory budget (503 beyond
it), idle and half-sent connections are closed, connections beyond the limit are refused, and identical log
lines are rate-limited. Every wait is bounded by a socket timeout; nothing here measures time
(bench/serve_bodies.py does)."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import httpx
import pytest

from tests.ports import free_port
from warta.store import open_store

WAIT = 10.0  # seconds any single socket read may take before the test fails (far above every server timeout)
ENV = {
    "WARTA_MAX_BYTES": "150000",
    "WARTA_BODY_TIMEOUT": "1.5",
    "WARTA_MAX_INFLIGHT_BODY_BYTES": "200000",
    "WARTA_HEADER_TIMEOUT": "1.5",
    "WARTA_MAX_CONNECTIONS": "40",
    "WARTA_LOG_REPEAT_SECONDS": "600",
}


class Server:
    """A running `warta serve`: its port, its tokens by scope and its log file."""

    def __init__(self, port: int, tokens: dict[str, str], log: Path) -> None:
        self.port, self.tokens, self.log = port, tokens, log

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=WAIT)
        return sock

    def post_head(self, path: str, length: int | None, token: str | None = None) -> bytes:
        """The request line and headers of a POST announcing `length` bytes (chunked when None)."""
        lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
        lines.append(f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked")
        if token:
            lines.append(f"Authorization: Bearer {token}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()


def answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (or WAIT passes: socket.timeout)."""
    received = b""
    with suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            received += chunk
    return received


def status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1 ") else 0


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start `warta serve` (`workers` processes, more `args`) with ENV (and overrides) over a fresh store holding a
    read, write and admin token."""
    started: list[subprocess.Popen[bytes]] = []

    def start(workers: int = 1, args: tuple[str, ...] = (), **overrides: str) -> Server:
        db, port, log = str(tmp_path / "w.db"), free_port(), tmp_path / f"serve-{len(started)}.log"
        with open_store(db) as store:
            tokens = {scope: store.create_token(f"{scope} user", scope)[1] for scope in ("read", "write", "admin")}
        env = {**os.environ, **ENV, **overrides}
        with log.open("wb") as out:
            argv = [sys.executable, "-m", "warta", "--db", db, "serve", "--port", str(port), "--workers", str(workers)]
            argv += args
            started.append(subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env))
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=WAIT) as client:
            for _ in range(300):
                assert started[-1].poll() is None, log.read_text()
                with suppress(httpx.TransportError):
                    if client.get("/api/v1/articles").status_code == 200:
                        return Server(port, tokens, log)
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    yield start
    for process in started:
        process.send_signal(signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
        process.kill()
        process.wait()


def still_serves(server: Server) -> None:
    """A normal read is answered 200 (retried while the server is still seeing closed connections go)."""
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=WAIT) as client:
        for _ in range(20):
            with suppress(httpx.TransportError):
                if (code := client.get("/api/v1/articles").status_code) != 503:
                    break
            time.sleep(0.1)
    assert code == 200


# ------------------------------------------------------------------ item 1: request bodies


@pytest.mark.parametrize("token", [None, "wt_unknown", "read"])
def test_a_write_without_a_valid_token_is_refused_before_its_body(
    serve: Callable[..., Server], token: str | None
) -> None:
    server = serve()
    sent = server.tokens.get(token or "", token)
    for path, length in (("/api/v1/articles", 100_000), ("/api/v1/entities/person-x/curation", None)):
        with server.connect() as sock:
            sock.sendall(server.post_head(path, length, sent) + (b"{" if length else b"1\r\n{\r\n"))
            response = answer(sock)  # the body never comes: the refusal must not wait for it
        assert status(response) == (403 if token == "read" else 401), response[:300]
        if token != "read":
            assert b"www-authenticate: bearer" in response.lower()
    still_serves(server)


def test_a_body_to_a_path_that_takes_none_is_never_read(serve: Callable[..., Server]) -> None:
    server = serve()
    for path, expected in (("/", 405), ("/api/v1/articles/x", 405), ("/nowhere", 404)):
        with server.connect() as sock:
            sock.sendall(server.post_head(path, 100_000) + b"{")  # the body never comes
            response = answer(sock)
        assert status(response) == expected and b"connection: close" in response.lower(), response[:300]
    still_serves(server)


def test_an_announced_oversized_body_is_refused_at_once(serve: Callable[..., Server]) -> None:
    server = serve()
    for token in (None, server.tokens["write"]):
        with server.connect() as sock:
            sock.sendall(server.post_head("/api/v1/articles", 10**9, token))
            assert status(answer(sock)) == 413


def test_a_body_that_stops_arriving_gets_408_and_is_dropped(serve: Callable[..., Server]) -> None:
    server = serve()
    for length in (100_000, None):
        with server.connect() as sock:
            head = server.post_head("/api/v1/articles", length, server.tokens["write"])
            sock.sendall(head + (b'{"text": "' if length else b'a\r\n{"text": "\r\n'))
            response = answer(sock)  # ends only when the server closes the connection
        assert status(response) == 408, response[:300]
        assert b"connection: close" in response.lower()
    still_serves(server)


def test_bodies_in_flight_share_one_memory_budget(serve: Callable[..., Server]) -> None:
    server = serve()  # a budget of 200,000 bytes for all bodies, 150,000 for one
    admin, path = server.tokens["admin"], "/api/v1/entities/person-x/curation"
    # Three stalled bodies announcing 90,000 bytes each: two fit (and end in 408), whichever comes last does not.
    socks = [server.connect() for _ in range(3)]
    for sock in socks:
        sock.sendall(server.post_head(path, 90_000, admin) + b"{")
    answers = [answer(sock) for sock in socks]
    assert sorted(status(a) for a in answers) == [408, 408, 503], [a[:300] for a in answers]
    assert b"retry-after:" in next(a for a in answers if status(a) == 503).lower()
    for sock in socks:
        sock.close()
    # A stalled body announcing 150,000 and a chunked one, counted as it arrives, sending 60,000: not both fit.
    socks = [server.connect() for _ in range(2)]
    socks[0].sendall(server.post_head(path, 150_000, admin) + b"{")
    socks[1].sendall(server.post_head(path, None, admin))
    for _ in range(6):
        with suppress(OSError):
            socks[1].sendall(b"2710\r\n" + b" " * 10_000 + b"\r\n")
    answers = [answer(sock) for sock in socks]
    assert sorted(status(a) for a in answers) == [408, 503], [a[:300] for a in answers]
    for sock in socks:
        sock.close()
    body = b'{"action": "delete", "args": {}, "why": "test"}'
    headers = {"Authorization": f"Bearer {admin}", "Content-Type": "application/json"}
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=WAIT) as client:
        response = client.post(path, content=body, headers=headers)
    assert response.status_code == 404, response.text  # the budget is back: the body was read, the endpoint ran


# ------------------------------------------------------------------ item 7: connections and logs


@pytest.mark.parametrize("workers", [1, 2])
def test_idle_and_half_sent_connections_are_closed(serve: Callable[..., Server], workers: int) -> None:
    server = serve(workers)  # with 2, each worker process takes the header timeout from the command's settings
    socks = [server.connect() for _ in range(3)]
    socks[1].sendall(b"GET /api/v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
    socks[2].sendall(b"GET /api/v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")  # kept alive, then idle
    try:
        assert [answer(sock).count(b"HTTP/1.1 200") for sock in socks] == [0, 0, 1]
    finally:
        for sock in socks:
            sock.close()
    still_serves(server)


def test_connections_beyond_the_limit_are_refused(serve: Callable[..., Server]) -> None:
    server = serve(WARTA_MAX_CONNECTIONS="10", WARTA_HEADER_TIMEOUT="30")
    socks = [server.connect() for _ in range(12)]  # the server keeps 10 of them
    try:
        for _ in range(5):
            with server.connect() as sock:
                assert status(answer(sock)) == 503
    finally:
        for sock in socks:
            sock.close()
    still_serves(server)


def test_identical_log_lines_are_rate_limited(serve: Callable[..., Server]) -> None:
    server = serve()
    for _ in range(30):
        with server.connect() as sock:
            sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            assert status(answer(sock)) == 400
    still_serves(server)
    lines = server.log.read_text(encoding="utf-8").splitlines()
    invalid = [line for line in lines if "Invalid HTTP request received" in line]
    assert 1 <= len(invalid) <= 2, lines[-40:]


def test_log_filter_lets_a_repeated_line_through_once_per_period_with_a_count() -> None:
    from warta.cli.serve import RepeatFilter

    now = [0.0]
    repeat = RepeatFilter(10.0, clock=lambda: now[0])

    def passes(message: str, *args: object) -> str | None:
        record = logging.LogRecord("uvicorn.error", logging.WARNING, __file__, 1, message, args, None)
        return record.getMessage() if repeat.filter(record) else None

    assert passes("too many open files") == "too many open files"
    assert [passes("too many open files") for _ in range(5)] == [None] * 5
    assert passes("another %s", "line") == "another line"
    now[0] = 10.5
    assert passes("too many open files") == "too many open files (5 more like it left out)"
    assert passes("too many open files") is None
    now[0] = 30.0
    assert passes("too many open files") == "too many open files (1 more like it left out)"


def test_worker_processes_answer_the_hosts_the_command_allows(serve: Callable[..., Server]) -> None:
    server = serve(2, ("--allowed-host", "warta.example"))
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=WAIT) as client:
        for _ in range(6):  # a connection per request: the kernel spreads them over both workers
            for host, code in (("warta.example", 200), ("elsewhere.example", 400)):
                assert client.get("/api/v1/articles", headers={"Host": host, "Connection": "close"}).status_code == code
