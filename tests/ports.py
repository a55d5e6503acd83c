"""A free loopback port for the servers the tests start (PostgreSQL, Ray nodes, `warta serve`, mail and webhook
receivers)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
