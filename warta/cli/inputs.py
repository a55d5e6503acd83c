"""`warta extract` (print the article documents of the inputs) and `warta ingest` (process and store them)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

from warta import pipeline
from warta.cli.codes import NOTHING, OK, PARTIAL
from warta.document import to_document
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.files import FORMATS, iter_inputs
from warta.summary import to_text

Command = Callable[[argparse.Namespace, Settings], int]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `extract` and `ingest` commands."""
    extract = sub.add_parser("extract", help="print the article document(s) of the inputs")
    _inputs(extract, _extract)
    extract.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json document (JSON Lines for several) or a text summary",
    )
    _inputs(sub.add_parser("ingest", help="process inputs and store them"), _ingest)


def _inputs(parser: argparse.ArgumentParser, run: Command) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="file, URL, or - for standard input")
    parser.add_argument("--input-format", choices=FORMATS, help="skip format detection")
    parser.add_argument("--as-is", action="store_true", help="do not clean plain text: offsets match the input")
    parser.set_defaults(run=run)


def _process(args: argparse.Namespace, settings: Settings) -> Iterator[tuple[str, Any]]:
    """(origin, article) for every usable input and (origin, error message) for every failure, in order."""
    pipe = pipeline.build(settings)
    for item in iter_inputs(args.inputs, settings, args.input_format, args.as_is, sys.stdin.buffer):
        if isinstance(item, Unreadable):
            yield item.origin, item.error
            continue
        outcome = next(pipe.run_many([item]))
        if outcome.article is None or outcome.article.errors:
            yield (
                outcome.origin,
                outcome.error or "; ".join(outcome.article.errors if outcome.article else []),
            )
        else:
            yield outcome.origin, outcome.article


def _tally(results: Iterator[tuple[str, Any]], emit: Callable[[Any], None]) -> int:
    good = bad = 0
    for origin, result in results:
        if isinstance(result, str):
            bad += 1
            message = result if result.startswith(origin) else f"{origin}: {result}"
            print(f"warta: {message}", file=sys.stderr)
        else:
            good += 1
            emit(result)
    if good == 0:
        return NOTHING
    return PARTIAL if bad else OK


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    several = (
        len(args.inputs) > 1
        or args.input_format in ("jsonl", "warc")
        or any(i.endswith((".jsonl", ".ndjson", ".warc", ".warc.gz")) for i in args.inputs)
    )

    def emit(article: Any) -> None:
        doc = to_document(article)
        if args.format == "text":
            print(to_text(doc))
        else:
            print(json.dumps(doc, ensure_ascii=False, indent=None if several else 2))

    return _tally(_process(args, settings), emit)


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from warta.store import open_store

    with contextlib.ExitStack() as stack:
        stores: list[Any] = []  # opened (and created if need be) at the first usable article

        def emit(article: Any) -> None:
            if not stores:
                stores.append(stack.enter_context(open_store(settings.db)))
            stores[0].save(article)
            print(f"{article.id}\t{article.title or ''}")

        code = _tally(_process(args, settings), emit)
        counts = stores[0].counts() if stores else None
    if counts is None:
        print(f"nothing stored; {settings.db} left as it was", file=sys.stderr)
    else:
        print(", ".join(f"{n} {k}" for k, n in counts.items()) + f" in {settings.db}", file=sys.stderr)
    return code
