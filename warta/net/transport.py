"""httpx transports that connect only where the guard allows, to exactly the address it checked.

The check sits in the httpcore network backend, the one place every connection is opened: for each new
connection the host is resolved once (all answers), every answer is checked (`warta.net.guard`), and the
socket is opened to one of those checked addresses, never to the name. DNS rebinding (a first answer that is
public, a second one that is private) therefore cannot slip between the check and the connection. TLS keeps
the URL's name for SNI and certificate checks, and the Host header is the URL's, because httpcore takes both
from the request, not from the socket. Pooled connections (HTTP/1.1 keep-alive, HTTP/2 streams) are reused only
for the origin they were opened for, so they too go to a checked address.

Proxies from the environment are not used: a proxy resolves names itself, out of the guard's sight.
"""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Iterable

import httpcore
import httpx

from warta.net.guard import AddressRefused, Guard, IPAddress

SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves and checks every host before connecting, then connects to a checked address."""

    def __init__(self, guard: Guard, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.guard = guard
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await self.guard.resolve(host, port, timeout)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"no DNS answer for {host} in time") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
        failure: Exception | None = None
        for ip in addresses:
            try:
                return await self._inner.connect_tcp(str(ip), port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[SocketOption] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused(f"Unix socket {path}", "only TCP connections are made")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """An async httpx transport (HTTP/1.1 and HTTP/2, pooled) whose connections go through `GuardedBackend`."""

    def __init__(
        self,
        guard: Guard,
        http2: bool = True,
        limits: httpx.Limits | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        limits = limits or httpx.Limits()
        super().__init__(verify=verify, http2=http2, limits=limits)
        _replace_pool(self)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=http2,
            network_backend=GuardedBackend(guard),
        )


class GuardedSyncBackend(httpcore.NetworkBackend):
    """The blocking `GuardedBackend`, with a deadline for everything done through it (connects, reads, writes):
    a server that drips its answer a byte at a time cannot hold a fetch past it."""

    def __init__(self, guard: Guard, seconds: float | None = None) -> None:
        self.guard = guard
        self._inner = httpcore.SyncBackend()
        self._deadline = None if seconds is None else time.monotonic() + seconds

    def left(self, timeout: float | None) -> float | None:
        """`timeout` shortened to what is left before the deadline; ReadTimeout once it has passed."""
        if self._deadline is None:
            return timeout
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("the whole fetch took longer than its deadline")
        return remaining if timeout is None else min(timeout, remaining)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses: list[IPAddress] = self.guard.resolve_sync(host, port)
        except (socket.gaierror, OSError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
        failure: Exception | None = None
        for ip in addresses:
            try:
                stream = self._inner.connect_tcp(str(ip), port, self.left(timeout), local_address, socket_options)
                return _DeadlineStream(stream, self)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[SocketOption] | None = None
    ) -> httpcore.NetworkStream:
        raise AddressRefused(f"Unix socket {path}", "only TCP connections are made")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    """A stream whose every operation ends by the backend's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, backend: GuardedSyncBackend) -> None:
        self._stream = stream
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._backend.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._backend.left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, self._backend.left(timeout))
        return _DeadlineStream(tls, self._backend)

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


class GuardedSyncTransport(httpx.HTTPTransport):
    """The blocking `GuardedTransport` (HTTP/1.1), for one fetch: `seconds` bounds all of it."""

    def __init__(self, guard: Guard, seconds: float | None = None, verify: ssl.SSLContext | bool = True) -> None:
        super().__init__(verify=verify)
        _replace_pool(self)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            network_backend=GuardedSyncBackend(guard, seconds),
        )


def _replace_pool(transport: httpx.AsyncHTTPTransport | httpx.HTTPTransport) -> None:
    """Fail loudly if httpx no longer keeps its httpcore pool where this module replaces it."""
    if not isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool | httpcore.ConnectionPool):
        raise RuntimeError("this httpx version keeps no httpcore pool in _pool; update warta.net.transport")
