"""`warta report (--region CODE | --watchlist NAME) --period day|week|month [--date D] --format html|pdf|xlsx|md
--out FILE [--base-url URL]`: a report (laporan) of the store, written to a file (docs/report.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path

from warta.cli.codes import OK
from warta.errors import InputError
from warta.settings import Settings

DEFAULT_BASE_URL = "http://localhost:8000"  # `warta serve`'s address: the report's links to articles


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `report` command."""
    from warta.report.data import PERIOD_DAYS
    from warta.report.render import FORMATS

    report = sub.add_parser("report", help="a report (laporan) of a region or a watchlist over a day, week or month")
    scope = report.add_mutually_exclusive_group(required=True)
    scope.add_argument("--region", help="Kemendagri code, sub-regions included (e.g. 35.16)")
    scope.add_argument("--watchlist", help="a watchlist's name")
    report.add_argument("--period", choices=tuple(PERIOD_DAYS), default="week",
                        help="day: the date; week: 7 days to it; month: 30 days to it (default week)")  # fmt: skip
    report.add_argument("--date", help="the period's last day, YYYY-MM-DD (default: today in Asia/Jakarta)")
    report.add_argument("--format", choices=tuple(FORMATS), default="html")
    report.add_argument("--out", required=True, help="the file to write")
    links = f"the web app's address, for the links to articles (default {DEFAULT_BASE_URL})"
    report.add_argument("--base-url", default=DEFAULT_BASE_URL, help=links)
    report.set_defaults(run=_report)


def _report(args: argparse.Namespace, settings: Settings) -> int:
    from warta.report.data import ReportScope, build_report
    from warta.report.render import render
    from warta.store import open_store

    day = _date(args.date)
    out = Path(args.out)
    _check_writable(out)
    with open_store(settings.db) as store:
        report = build_report(store, ReportScope(args.region, args.watchlist, args.period, day))
    _write(out, render(report, args.format, args.base_url))
    print(f"{out}: {report.volume.now} berita, {report.window.since}…{report.window.until} ({args.format})")
    return OK


def _date(text: str | None) -> dt.date | None:
    """The --date, or InputError."""
    if text is None:
        return None
    try:
        if len(text.strip()) != len("YYYY-MM-DD"):
            raise ValueError(text)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--date {text!r}: not a date; use YYYY-MM-DD") from None


def _check_writable(out: Path) -> None:
    """InputError unless `out` can be written (before the report is built)."""
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise InputError(f"--out {out}: is a folder; name a file")
    if not folder.is_dir():
        raise InputError(f"--out {out}: no folder {folder}")
    if not os.access(folder, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise InputError(f"--out {out}: not writable")


def _write(out: Path, data: bytes) -> None:
    """Write the file whole (a temporary file beside it, renamed): a failed write leaves no half report."""
    written: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.", delete=False) as handle:
            written = Path(handle.name)
            handle.write(data)
        written.chmod(0o644)
        os.replace(written, out)
    except OSError as exc:
        if written is not None:
            written.unlink(missing_ok=True)
        raise InputError(f"--out {out}: cannot write ({exc.strerror or exc})") from None
