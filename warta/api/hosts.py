"""Which requests `warta serve` answers: only those naming an allowed host, and HEAD wherever GET is.

- `HostCheck`: a request whose Host header is not an allowed name gets 400 before any route sees it. A web page
  on another site can point its own host name at 127.0.0.1 (DNS rebinding) and then read a server on the
  user's machine as if it were its own origin; the Host header it sends is still its own name, so answering
  only the names the server is meant for (`Settings.allowed_hosts`: the loopback names by default, the
  listening address and `warta serve --allowed-host NAME` added) closes that door.
- `HeadAsGet`: HEAD is answered as GET would be (status and headers), without the body, on every route and
  page, so that monitoring checks and `curl -I` work; where GET is not answered, neither is HEAD.

`protect(app, …)` adds both to an application, inside its security-headers middleware.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warta.settings import Settings

ErrorResponse = Callable[[Request, int, str], Response]


def host_name(value: str) -> str:
    """The name a Host header (or a configured host) names: lower case, without port, brackets or final dot."""
    name = value.strip().lower()
    if name.startswith("["):
        end = name.find("]")
        return name[1:end] if end > 0 else name
    if name.count(":") == 1:  # a name or IPv4 address with a port; a bare IPv6 address has several colons
        head, _, port = name.partition(":")
        name = head if port.isdigit() or not port else name
    return name.rstrip(".")


def _is_wildcard(address: str) -> bool:
    """Whether a listening address is every address (0.0.0.0, ::): it names no host a client would send."""
    try:
        return ipaddress.ip_address(host_name(address)).is_unspecified
    except ValueError:
        return not address.strip()


def for_serving(settings: Settings, extra: Iterable[str] | None, listen: str) -> Settings:
    """`settings` with the hosts `warta serve` answers: the configured ones, `--allowed-host`s and the
    listening address (unless it is a wildcard)."""
    names = [*settings.allowed_hosts, *(extra or ())]
    if not _is_wildcard(listen):
        names.append(listen)
    return replace(settings, allowed_hosts=tuple(dict.fromkeys(names)))


class HostCheck:
    """ASGI middleware: 400 for an HTTP request without exactly one Host header naming an allowed host."""

    def __init__(self, app: ASGIApp, allowed: Collection[str], error: ErrorResponse) -> None:
        self.app = app
        self.allowed = frozenset(host_name(name) for name in allowed)
        self.error = error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        hosts = [value.decode("latin-1") for name, value in scope.get("headers", []) if name == b"host"]
        if len(hosts) == 1 and host_name(hosts[0]) in self.allowed:
            await self.app(scope, receive, send)
            return
        shown = hosts[0][:100] if hosts else ""
        message = (
            f"this server does not answer for the host {shown!r}; its operator can allow it with "
            "`warta serve --allowed-host NAME` or WARTA_ALLOWED_HOSTS"
        )
        response = self.error(Request(scope), 400, message)

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing, send)


class HeadAsGet:
    """ASGI middleware: a HEAD request runs as GET, and its response goes out without its body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


def protect(app: FastAPI, allowed: Collection[str], error: ErrorResponse) -> None:
    """Add `HostCheck` and, outside it, `HeadAsGet` to `app` (call it before adding the security headers, which
    must stay outermost)."""
    app.add_middleware(HostCheck, allowed=allowed, error=error)
    app.add_middleware(HeadAsGet)
