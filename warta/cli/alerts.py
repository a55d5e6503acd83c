"""`warta alerts run|list`: deliver the queued alerts of the watchlists (webhooks, e-mail) once or until stopped,
and list the newest alerts with where each delivery stands (docs/alerts.md)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warta.cli.args import LIMIT
from warta.cli.codes import OK
from warta.settings import Settings

if TYPE_CHECKING:
    from warta.alerts.runner import Job


def report_jobs() -> tuple[Job, ...]:
    """What the alert runner does beside the deliveries: send the scheduled reports that are due."""
    from warta.report.schedule import send_due

    return (send_due,)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `alerts` command and its actions."""
    alerts = sub.add_parser("alerts", help="peringatan: deliver the watchlists' alerts (webhook, e-mail), list them")
    actions = alerts.add_subparsers(required=True, metavar="ACTION")
    run = actions.add_parser("run", help="send the alert deliveries that are due (webhooks, e-mail)")
    when = run.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help="send what is due now, then stop (default)")
    when.add_argument("--forever", action="store_true", help="keep sending every alerts_poll seconds until stopped")
    run.add_argument("--config", default="warta.toml", help="a TOML file whose [alerts] table sets smtp_* and "
                     "alerts_* settings, when it exists (default: ./warta.toml)")  # fmt: skip
    run.set_defaults(run=_run)
    listing = actions.add_parser("list", help="the newest alerts and their deliveries")
    listing.add_argument("--unseen", action="store_true", help="only alerts not yet seen in the web app")
    listing.add_argument("--watchlist", help="only this watchlist's (name or id)")
    listing.add_argument("--limit", type=LIMIT, default=50)
    listing.add_argument("--format", choices=("text", "jsonl"), default="text")
    listing.set_defaults(run=_list)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from warta.alerts import config, runner
    from warta.store import open_store

    settings = config.from_file(settings, Path(args.config))
    with open_store(settings.db) as store:
        if not args.forever:
            counts = runner.run_once(store, settings, jobs=report_jobs())
        else:
            stop = threading.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: stop.set())
            print(f"alert runner over {settings.db}: every {settings.alerts_poll:g} s until stopped", flush=True)
            counts = dict(runner.run_forever(store, settings, stop, jobs=report_jobs()))
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    print(f"alert deliveries: {summary or 'nothing due'} in {settings.db}", file=sys.stderr)
    return OK


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store
    from warta.store.queries import alerts, watch_matches

    with open_store(settings.db) as store:
        items = watch_matches(store, args.watchlist, unseen=args.unseen, limit=args.limit).items
        states = alerts.delivery_states(store, [a.alert_id for a in items])
    by_alert: dict[str, list[dict[str, Any]]] = {}
    for state in states:
        by_alert.setdefault(state.alert_id, []).append(asdict(state))
    for item in items:
        sent = by_alert.get(item.alert_id, [])
        if args.format == "jsonl":
            print(json.dumps(asdict(item) | {"deliveries": sent}, ensure_ascii=False))
            continue
        where = ", ".join(f"{d['channel']} {d['target']} {d['state']}" for d in sent) or "web only"
        seen = "seen" if item.seen else "unseen"
        print(f"{item.matched}\t{item.watchlist}\t{seen}\t{item.title or item.article_id}\t{where}")
    return OK


def alerts_beside(settings: Settings) -> Callable[[], None]:
    """For `warta serve` and `warta crawl --forever`: start the alert runner in a background thread when the
    `alerts_runner` setting says so; returns the function that stops it."""
    if not settings.alerts_runner:
        return lambda: None
    from warta.alerts.runner import start_background

    return start_background(settings, report_jobs())
