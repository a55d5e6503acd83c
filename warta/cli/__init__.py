"""The command line: thin commands over the library. Every error is one line on stderr and an exit code:
0 all inputs processed, 1 nothing usable came out, 2 bad usage, 3 some inputs failed."""

from __future__ import annotations

import argparse
import io
import logging
import sys
from collections.abc import Callable, Sequence

from warta.cli import (
    alerts,
    crawl,
    entity,
    evaluate,
    inputs,
    isu,
    process,
    read,
    report,
    schedule,
    serve,
    token,
    train,
    watch,
)
from warta.cli.codes import NOTHING, OK, USAGE
from warta.errors import WartaError
from warta.settings import Settings, SettingsError

Command = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `warta` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    if isinstance(sys.stdout, io.TextIOWrapper):  # a terminal that cannot show a character gets an escape
        sys.stdout.reconfigure(errors="backslashreplace")
    command: Command = args.run
    try:
        settings = Settings.from_env(db=args.db)
    except SettingsError as exc:
        print(f"warta: {exc}", file=sys.stderr)
        return USAGE
    try:
        return command(args, settings)
    except WartaError as exc:
        print(f"warta: {exc}", file=sys.stderr)
        return NOTHING
    except KeyboardInterrupt:
        print("warta: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return OK


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(name)s: %(message)s")
    for noisy in ("trafilatura", "htmldate", "httpx", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.CRITICAL)


def _parser() -> argparse.ArgumentParser:
    """Every command: each command module adds its own parsers."""
    parser = argparse.ArgumentParser(prog="warta", description="Indonesian news intelligence.")
    parser.add_argument("--db", help="SQLite database path (default: $WARTA_DB or ./warta.db)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    inputs.add_parsers(sub)
    read.add_parsers(sub)
    evaluate.add_parsers(sub.add_parser("eval", help="score the pipeline against gold data"))
    entity.add_parsers(sub)
    isu.add_parsers(sub)
    report.add_parsers(sub)
    schedule.add_parsers(sub)
    watch.add_parsers(sub)
    alerts.add_parsers(sub)
    crawl.add_parsers(sub)
    serve.add_parsers(sub)
    process.add_parsers(sub)
    token.add_parsers(sub)
    train.add_parsers(sub)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
