"""`warta schedule add|list|remove`: reports (laporan) e-mailed every day at a set hour (docs/report.md
"Scheduled reports"); the alert runner (`warta alerts run`) sends them."""

from __future__ import annotations

import argparse
import json

from warta.cli.codes import OK
from warta.settings import Settings


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `schedule` command and its actions."""
    from warta.report.data import PERIOD_DAYS
    from warta.report.render import FORMATS

    schedule = sub.add_parser("schedule", help="reports e-mailed every day at a set hour (sent by `warta alerts run`)")
    actions = schedule.add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add", help="e-mail a region's or a watchlist's report every day (replaces the same one)")
    scope = add.add_mutually_exclusive_group(required=True)
    scope.add_argument("--region", help="Kemendagri code, sub-regions included (e.g. 35.16)")
    scope.add_argument("--watchlist", help="a watchlist's name")
    add.add_argument("--period", choices=tuple(PERIOD_DAYS), default="day",
                     help="day: yesterday; week: the 7 days to yesterday; month: 30 days (default day)")  # fmt: skip
    add.add_argument("--hour", type=int, default=7, help="the hour it goes out, 0-23, Asia/Jakarta (default 7)")
    add.add_argument("--email", action="append", required=True, help="an address to send it to (repeatable)")
    add.add_argument("--format", choices=tuple(FORMATS), default="pdf", help="the attached file (default pdf)")
    add.set_defaults(run=_add)
    listing = actions.add_parser("list", help="the schedules, with the last day each report went out")
    listing.add_argument("--format", choices=("text", "jsonl"), default="text")
    listing.set_defaults(run=_list)
    remove = actions.add_parser("remove", help="stop a scheduled report")
    remove.add_argument("id", help="its id (see `warta schedule list`)")
    remove.set_defaults(run=_remove)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from warta.report.schedule import Schedule, save
    from warta.store import open_store

    wanted = Schedule(args.region, args.watchlist, args.period, args.hour, tuple(args.email), args.format)
    with open_store(settings.db) as store:
        saved, new = save(store, wanted)
    verb = "scheduled" if new else "rescheduled"
    print(f"{verb} {saved.id}: the {saved.period} report of {saved.region or saved.watchlist} at {saved.hour:02d}:00 "
          f"WIB to {', '.join(saved.emails)} ({saved.format}); `warta alerts run` sends it")  # fmt: skip
    return OK


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from warta.report.schedule import from_json
    from warta.store import open_store
    from warta.store.queries.schedules import report_schedules

    with open_store(settings.db) as store:
        rows = report_schedules(store)
    for row in rows:
        s = from_json(row.spec)
        if args.format == "jsonl":
            print(json.dumps({"id": row.id, **json.loads(row.spec), "last_day": row.last_day,
                              "last_error": row.last_error}, ensure_ascii=False))  # fmt: skip
            continue
        state = f"last sent {row.last_day}" if row.last_day else "not sent yet"
        if row.last_error:
            state += f"; last attempt failed: {row.last_error}"
        print(f"{row.id}\t{s.region or s.watchlist}\t{s.period}\t{s.hour:02d}:00 WIB\t{','.join(s.emails)}\t"
              f"{s.format}\t{state}")  # fmt: skip
    return OK


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with open_store(settings.db) as store:
        store.remove_schedule(args.id.strip())
    print(f"report schedule {args.id.strip()} removed from {settings.db}")
    return OK
