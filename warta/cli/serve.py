"""`warta serve`: the REST API and the web app over the store, with uvicorn."""

from __future__ import annotations

import argparse

from warta.cli.codes import OK
from warta.settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `serve` command."""
    serve = sub.add_parser("serve", help="serve the web app and the REST API (/api/v1, /openapi.json)")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Serve `settings.db` until interrupted."""
    import uvicorn

    from warta.api import create_app

    app = create_app(settings.db, settings)
    host = "[" + args.host + "]" if ":" in args.host else args.host
    print(f"Warta on http://{host}:{args.port}/ (API: /api/v1, OpenAPI: /openapi.json) over {settings.db}",
          flush=True)  # fmt: skip
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return OK
