"""ASGI middleware that refuses what no endpoint should see: a request body larger than `max_bytes` (413,
counted as it arrives, so a client cannot make the server hold more), and NUL characters in the decoded path or
query (400: PostgreSQL cannot take them as text, and no id or word contains one)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ErrorResponse = Callable[[Request, int, str], Response]


class RequestLimits:
    """Refuse oversized bodies and NUL characters before the app sees the request."""

    def __init__(self, app: ASGIApp, max_bytes: int, error: ErrorResponse) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.error = error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or b"\x00" in unquote_to_bytes(scope.get("query_string", b"")):
            await self._refuse(scope, 400, "NUL characters are not allowed in the path or the query", send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        body = await self._read(scope, receive)
        if body is None:
            await self._refuse(scope, 413, f"the request body is larger than {self.max_bytes} bytes", send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it (or its declared length) passes `max_bytes`."""
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.max_bytes):
                return None
        chunks = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunks += message.get("body", b"")
            if len(chunks) > self.max_bytes:
                return None
            if not message.get("more_body", False):
                break
        return bytes(chunks)

    async def _refuse(self, scope: Scope, status: int, message: str, send: Send) -> None:
        response = self.error(Request(scope), status, message)
        if status == 413:
            response.headers["Connection"] = "close"

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the buffered body once, then passes on to the real one (disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
