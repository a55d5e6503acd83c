"""ASGI middleware that refuses what no endpoint should see, before any endpoint sees it:

- NUL characters in the decoded path or query (400: PostgreSQL cannot take them as text, and no id or word
  contains one);
- a request body announced (`Content-Length`) or counted as it arrives larger than `max_bytes` (413);
- a body for an endpoint that needs a token, from a caller without one it accepts (401 or 403, as the endpoint
  would answer): checked on the headers, so not one byte of such a body is read. Only those endpoints (the
  `routes` given whose dependencies include `warta.api.auth.require`, and the web app's `forms`, which need a
  `write` token only when the app requires tokens for reads) take bodies: a request with a body to any other
  path is answered (404, 405) as if its body were empty, and its connection closed;
- a body that has not arrived in full `body_timeout` seconds after the headers (408, connection closed);
- a body that would take the bytes held for all bodies in flight together past `max_inflight` (503 with
  `Retry-After`): a body announced with `Content-Length` reserves all of it before it is read, a chunked one as
  it arrives; the reservation is returned when its request ends.

A client that disconnects while sending its body is dropped there: the endpoint never runs. Every refusal of a
request with a body closes the connection (`Connection: close`), so unread bytes are never read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from urllib.parse import unquote_to_bytes

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warta.api.auth import check_header, required_scope
from warta.errors import WartaError

ErrorResponse = Callable[[Request, int, str], Response]
RETRY_AFTER = "5"  # seconds a client refused for want of body memory is told to wait


class Refused(WartaError):
    """A request refused before its endpoint runs: an HTTP status, a one-line message, extra headers (raised and
    answered inside `RequestLimits`, never seen by the app)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class Budget:
    """Bytes that request bodies in flight may hold together."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0

    def take(self, size: int) -> None:
        """Hold `size` more bytes; Refused (503) when that would pass the limit."""
        if self.held + size > self.limit:
            raise Refused(503, "the server is receiving too much at once; try again later",
                          {"Retry-After": RETRY_AFTER})  # fmt: skip
        self.held += size

    def give_back(self, size: int) -> None:
        self.held -= size


class Hold:
    """What one request holds of a `Budget`, given back all at once when the request ends."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.size = 0

    def take(self, size: int) -> None:
        self.budget.take(size)
        self.size += size

    def release(self) -> None:
        self.budget.give_back(self.size)
        self.size = 0


class RequestLimits:
    """Refuse NUL characters, oversized, unauthorized, slow and over-budget bodies before the app sees them."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, error: ErrorResponse, body_timeout: float = 60.0,
        max_inflight: int = 64_000_000, routes: Sequence[BaseRoute] = (), forms: Sequence[BaseRoute] = (),
    ) -> None:  # fmt: skip
        """`routes`: the app's endpoints, whose token dependencies (`warta.api.auth.require`) are checked on
        the headers of a request with a body, before the body is read."""
        self.app = app
        self.guarded = [(route, needed) for route in routes if isinstance(route, APIRoute)
                        if (needed := _scope_of(route)) is not None]  # fmt: skip
        self.forms = list(forms)
        self.max_bytes = max_bytes
        self.error = error
        self.body_timeout = body_timeout
        self.budget = Budget(max_inflight)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or b"\x00" in unquote_to_bytes(scope.get("query_string", b"")):
            await self._refuse(scope, Refused(400, "NUL characters are not allowed in the path or the query"), send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        hold = Hold(self.budget)
        try:
            length = self._declared_length(scope)
            needed = next((needed for route, needed in self.guarded if route.matches(scope)[0] == Match.FULL), None)
            if needed is None and any(route.matches(scope)[0] == Match.FULL for route in self.forms):
                needed = "write" if scope["app"].state.read_access == "required" else ""
            if needed is None:  # no endpoint here takes a body: the app answers (404, 405) without it
                await self.app(scope, _no_body(receive), _closing(send))
                return
            if needed:
                await self._authorize(scope, needed)
            if length is not None:
                hold.take(length)
            chunks = await self._read(receive, hold, count=length is None)
            if chunks is not None:  # None: the client left while sending it
                await self.app(scope, _replay(chunks, receive), send)
        except Refused as refused:
            hold.release()
            await self._refuse(scope, refused, send)
        finally:
            hold.release()

    def _declared_length(self, scope: Scope) -> int | None:
        """The `Content-Length`, None without one; Refused (413) when it is not a number or over `max_bytes`."""
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                if not value.isdigit() or int(value) > self.max_bytes:
                    raise Refused(413, f"the request body is larger than {self.max_bytes} bytes")
                return int(value)
        return None

    async def _authorize(self, scope: Scope, needed: str) -> None:
        """Refused (401, 403) unless the caller's token allows `needed`, the scope of the request's endpoint."""
        authorization = next((v for n, v in scope.get("headers", []) if n == b"authorization"), b"")
        try:
            await run_in_threadpool(check_header, scope["app"].state.db, authorization.decode("latin-1"), needed)
        except HTTPException as exc:
            raise Refused(exc.status_code, str(exc.detail), dict(exc.headers or {})) from None

    async def _read(self, receive: Receive, hold: Hold, count: bool) -> list[bytes] | None:
        """The body's chunks, None if the client left; with `count` (no `Content-Length`) each chunk is taken
        into `hold` as it arrives. Refused: 413 over `max_bytes`, 408 past the deadline, 503 over the budget."""
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return None
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise Refused(413, f"the request body is larger than {self.max_bytes} bytes")
                    if count:
                        hold.take(len(chunk))
                    if chunk:
                        chunks.append(chunk)
                    if not message.get("more_body", False):
                        return chunks
        except TimeoutError:
            raise Refused(408, f"the request body did not arrive within {self.body_timeout:g} seconds") from None

    async def _refuse(self, scope: Scope, refused: Refused, send: Send) -> None:
        response = self.error(Request(scope), refused.status, refused.message)
        response.headers.update(refused.headers)
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            response.headers["Connection"] = "close"  # the unread rest of the body is never read

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing, send)


def _scope_of(route: APIRoute) -> str | None:
    """The scope the route's token dependency needs, None when it has none."""
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if (needed := required_scope(dependency.call)) is not None:
            return needed
        pending += dependency.dependencies
    return None


def _no_body(receive: Receive) -> Receive:
    """A `receive` that gives an empty body, then passes on to the real one (disconnects)."""
    given = False

    async def empty() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return await receive()

    return empty


def _closing(send: Send) -> Send:
    """A `send` whose response closes the connection (the request's body, if any, is never read)."""

    async def closing(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
        await send(message)

    return closing


def _replay(chunks: list[bytes], receive: Receive) -> Receive:
    """A `receive` that gives the buffered chunks (letting each go as it is given; one empty message for an
    empty body), then passes on to the real one (disconnects)."""
    pending = chunks[::-1] or [b""]
    chunks.clear()

    async def replay() -> Message:
        if pending:
            body = pending.pop()
            return {"type": "http.request", "body": body, "more_body": bool(pending)}
        return await receive()

    return replay
