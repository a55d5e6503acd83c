"""The REST API and the web app in one FastAPI application: `create_app("warta.db")`. `warta.api` and
`warta.web` are siblings (neither imports the other); this module mounts both.

- `/api/v1/…` JSON endpoints (`warta.api.routes`), described at `/openapi.json`;
- `/` the server-rendered web app (`warta.web`), `/static` its CSS, JavaScript and vendored Cytoscape.js;
- write endpoints behind access tokens (`warta.api.write`, `warta.api.auth`); reading is open unless
  `Settings.read_access` is "required".

Every response carries the security headers of `SECURITY_HEADERS`. Errors have one shape on the API,
`{"error": {"code": …, "message": …}}`, and are an HTML page on the web app. Each request opens its own store
connection (`warta.serving`), so the app is safe under uvicorn's thread pool.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warta import web
from warta.api import hosts, report, watch, write
from warta.api.auth import check_read_access, form_write_access, read_access
from warta.api.limits import RequestLimits
from warta.api.routes import router
from warta.errors import InputError, NotFoundError, WartaError
from warta.serving import Db
from warta.settings import Settings
from warta.web import watch as watch_pages
from warta.web.reports import router as report_pages

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "timeout",
    413: "too_large",
    422: "invalid_request",
    500: "internal",
    503: "busy",
}


class SecurityHeaders:
    """ASGI middleware adding `SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(db: str, settings: Settings | None = None) -> FastAPI:
    """The application over the store at `db`, a SQLite path or a PostgreSQL URL (created and migrated if
    needed; StoreError now, not on the first request, if it cannot be opened). `settings` give the body limits
    (`max_bytes`, `body_timeout`, `max_inflight_body_bytes`), read access (`read_access`) and the pipeline of
    ingest over HTTP."""
    settings = settings or Settings()
    database = Db(db)
    app = FastAPI(
        title="Warta",
        version="0.1.0",
        summary="Indonesian news intelligence: articles, entities, quotes and their graph.",
        openapi_url="/openapi.json",
        docs_url=None,  # Swagger UI and ReDoc need inline scripts the Content-Security-Policy refuses
        redoc_url=None,
        lifespan=_closing(database),
    )
    app.state.db = database
    app.state.settings = settings
    app.state.read_access = check_read_access(settings.read_access)
    app.state.ingester = write.Ingester(settings)  # its pipeline is built on the first ingest
    app.include_router(router, dependencies=[Depends(read_access)])
    app.include_router(write.router)
    app.include_router(watch.router)
    app.include_router(web.router, dependencies=[Depends(read_access)])
    app.include_router(report.router, dependencies=[Depends(read_access)])
    app.include_router(report_pages, dependencies=[Depends(read_access)])
    app.include_router(watch_pages.router, dependencies=[Depends(read_access)])
    app.include_router(watch_pages.forms, dependencies=[Depends(read_access), Depends(form_write_access)])
    app.mount("/static", StaticFiles(directory=Path(web.__file__).parent / "static"), name="static")
    _add_error_handlers(app)
    app.add_middleware(
        RequestLimits, max_bytes=settings.max_bytes, error=error_response, body_timeout=settings.body_timeout,
        max_inflight=settings.max_inflight_body_bytes,
        routes=[*router.routes, *write.router.routes, *watch.router.routes], forms=watch_pages.forms.routes,
    )  # fmt: skip
    hosts.protect(app, settings.allowed_hosts, error_response)  # Host header check (DNS rebinding), HEAD as GET
    app.add_middleware(SecurityHeaders)  # outermost: on every response, the refusals of RequestLimits too
    return app


def _closing(database: Db) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan: at shutdown, the database's kept connections are closed (`Db.close`)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            database.close()

    return lifespan


def _add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NotFoundError, _warta_error)
    app.add_exception_handler(InputError, _warta_error)
    app.add_exception_handler(WartaError, _warta_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


def _status_of(exc: WartaError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InputError):
        return 400
    return 500


def error_response(request: Request, status: int, message: str) -> Response:
    """The error in the API's JSON shape under /api/, else as a web page."""
    message = " ".join(message.split())[:300]
    if request.url.path.startswith("/api/"):
        body = {"error": {"code": _CODES.get(status, "error"), "message": message}}
        return JSONResponse(body, status_code=status)
    return web.error_page(request, status, message)


async def _warta_error(request: Request, exc: Exception) -> Response:
    status = _status_of(exc) if isinstance(exc, WartaError) else 500
    if status == 500:
        log.error("%s %s: %s", request.method, request.url.path, exc)
    db: Db = request.app.state.db
    return error_response(request, status, str(exc).replace(f" in {db.label}", ""))  # no server paths


async def _validation_error(request: Request, exc: Exception) -> Response:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part not in ("query", "path"))
    message = f"{where}: {first.get('msg', 'invalid request')}" if where else str(first.get("msg", "invalid"))
    return error_response(request, 422, message)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else ""
    message = f"no such page: {request.url.path}" if status == 404 else str(detail)
    response = error_response(request, status, message)
    if isinstance(exc, HTTPException) and exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    """A bug: logged with its traceback; the client gets one line (with the security headers: this handler
    runs outside the middleware)."""
    log.exception("%s %s failed", request.method, request.url.path)
    response = error_response(request, 500, "internal error; see the server log")
    response.headers.update(SECURITY_HEADERS)
    return response


__all__ = ["CSP", "SECURITY_HEADERS", "create_app", "error_response"]
