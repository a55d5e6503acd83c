"""uvicorn's h11 protocol within `warta serve`'s connection limits (imported when serving starts: uvicorn and h11
are not needed by other commands)."""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from warta.settings import Settings

REFUSAL = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\nretry-after: 5\r\n"
    b"connection: close\r\ncontent-length: 37\r\n\r\ntoo many connections; try again later"
)


class LimitedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering a connection beyond `max_connections` open ones with 503 and closing it,
    and closing a connection that has not sent a request's headers in full `header_timeout` seconds after it
    opened or after its last response (uvicorn has no such timeout: an idle or half-sent connection was kept
    for ever). `limited_protocol` makes a subclass with both limits set."""

    max_connections = 0
    header_timeout = 0.0
    header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self.logger.warning("refused a connection: max_connections (%d) are open", self.max_connections)
            transport.write(REFUSAL)
            transport.close()
            return
        self.wait_for_headers()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # a request's headers are in
            self.stop_waiting()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self.wait_for_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self.stop_waiting()
        super().connection_lost(exc)

    def wait_for_headers(self) -> None:
        self.stop_waiting()
        self.header_timer = self.loop.call_later(self.header_timeout, self.headers_too_late)

    def stop_waiting(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def headers_too_late(self) -> None:
        self.header_timer = None
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self.transport.close()


def limited_protocol(max_connections: int, header_timeout: float) -> type[asyncio.Protocol]:
    """`LimitedH11Protocol` with these limits."""
    limits = {"max_connections": max_connections, "header_timeout": header_timeout}
    return type("LimitedH11Protocol", (LimitedH11Protocol,), limits)


class EnvLimitedH11Protocol(LimitedH11Protocol):
    """`LimitedH11Protocol` with the limits of the environment's settings, read when the module is imported: for
    the worker processes of `warta serve --workers`, which import their protocol by name."""

    settings = Settings.from_env()
    max_connections = settings.max_connections
    header_timeout = settings.header_timeout
