"""`warta serve`: the REST API and the web app over the store, with uvicorn, within limits from the settings:
open connections (`max_connections`: one more is answered 503 and closed at once), time to send headers
(`header_timeout`) and to stay idle (`keep_alive_timeout`), header size (`MAX_HEADER_BYTES`), and identical log
lines at most once in `log_repeat_seconds` (`RepeatFilter`). Body limits are the app's (`warta.api.limits`)."""

from __future__ import annotations

import argparse
import copy
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from warta.cli.alerts import alerts_beside
from warta.cli.args import PORT, host_name_argument
from warta.cli.codes import OK
from warta.settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_HEADER_BYTES = 16_384  # request line and headers together (h11's incomplete-event limit): 400 beyond
MAX_WORKERS = 64


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `serve` command."""
    serve = sub.add_parser("serve", help="serve the web app and the REST API (/api/v1, /openapi.json)")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=PORT, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument(
        "--allowed-host",
        action="append",
        type=host_name_argument,
        metavar="NAME",
        help="also answer requests for this host name (a deployment's public name behind a proxy); the loopback "
        "names, the --host address and WARTA_ALLOWED_HOSTS are answered, other Host headers get 400",
    )
    serve.add_argument(
        "--workers",
        type=_workers,
        default=1,
        help="server processes sharing the port (default 1; one per core serves most under load): each has "
        "its own connection limit (WARTA_MAX_CONNECTIONS) and reads the settings from the environment",
    )
    serve.set_defaults(run=run)


def _workers(text: str) -> int:
    """A number of worker processes, 1 to MAX_WORKERS."""
    if not text.isdigit() or not 1 <= int(text) <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{text[:20]!r}: use a whole number from 1 to {MAX_WORKERS}")
    return int(text)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve `settings.db` until interrupted."""
    import uvicorn

    from warta.api.hosts import for_serving
    from warta.app import create_app

    settings = for_serving(settings, args.allowed_host, args.host)
    app = create_app(settings.db, settings)
    host = "[" + args.host + "]" if ":" in args.host else args.host
    print(f"Warta on http://{host}:{args.port}/ (API: /api/v1, OpenAPI: /openapi.json) over {settings.db}",
          flush=True)  # fmt: skip
    halt = alerts_beside(settings)
    try:
        if args.workers == 1:
            uvicorn.run(app, host=args.host, port=args.port, log_level="warning", **limits(settings))
        else:
            os.environ.update(settings.to_env())  # what each worker's app and protocol are made from
            served = {**limits(settings), "http": "warta.cli.protocol:EnvLimitedH11Protocol"}
            uvicorn.run("warta.cli.serve:app_from_env", factory=True, workers=args.workers, host=args.host,
                        port=args.port, log_level="warning", **served)  # fmt: skip
    finally:
        halt()
    return OK


def app_from_env() -> Any:
    """The app of the environment's settings: each worker process of `warta serve --workers` makes its own."""
    from warta.app import create_app

    settings = Settings.from_env()
    return create_app(settings.db, settings)


def limits(settings: Settings) -> dict[str, Any]:
    """uvicorn's arguments for the settings' connection, time and log limits."""
    from warta.cli.protocol import limited_protocol

    return {
        "http": limited_protocol(settings.max_connections, settings.header_timeout),
        "limit_concurrency": settings.max_connections + 1,  # uvicorn refuses at >=; ours counts the new one too
        "timeout_keep_alive": settings.keep_alive_timeout,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "log_config": log_config(settings.log_repeat_seconds),
    }


def log_config(repeat_seconds: float) -> dict[str, Any]:
    """uvicorn's logging configuration with a `RepeatFilter` on its handlers, which also take the other
    loggers' (asyncio's, Warta's) warnings and errors."""
    import uvicorn.config

    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["filters"] = {"repeat": {"()": RepeatFilter, "period": repeat_seconds}}
    for handler in config["handlers"].values():
        handler["filters"] = ["repeat"]
    config["root"] = {"handlers": ["default"], "level": "WARNING"}
    return config


class RepeatFilter(logging.Filter):
    """Lets a log line through at most once per `period` seconds; the next one shown says how many identical
    lines (same logger, level and text) were left out meanwhile."""

    MAX_KEPT = 1024  # distinct lines remembered; older ones are forgotten beyond it

    def __init__(self, period: float, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.period = period
        self.clock = clock
        self.seen: dict[tuple[str, int, str], tuple[float, int]] = {}  # line -> (last shown, left out since)
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        key = (record.name, record.levelno, message)
        now = self.clock()
        with self.lock:
            shown, left_out = self.seen.get(key, (-self.period, 0))
            if now - shown < self.period:
                self.seen[key] = (shown, left_out + 1)
                return False
            if len(self.seen) >= self.MAX_KEPT:
                self.seen = {k: v for k, v in self.seen.items() if now - v[0] < self.period}
            self.seen[key] = (now, 0)
        if left_out:
            record.msg, record.args = f"{message} ({left_out} more like it left out)", None
        return True
