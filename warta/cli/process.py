"""`warta process`: a corpus (JSON Lines or WARC files) through the pipeline in partitions, on local worker
processes or Ray actors, into the store or a Parquet file (docs/scale.md)."""

from __future__ import annotations

import argparse
import sys

from warta.cli.codes import NOTHING, OK, PARTIAL
from warta.engine import ENGINES
from warta.engine.partition import DEFAULT_PARTITION_SIZE, INPUT_FORMATS
from warta.settings import Settings


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `process` command."""
    process = sub.add_parser("process", help="process a corpus in partitions on local processes or Ray")
    process.add_argument(
        "--input",
        action="append",
        required=True,
        metavar="GLOB",
        help="JSON Lines or WARC files: a path or a quoted glob ('corpus/*.jsonl'); repeat for more",
    )
    process.add_argument("--input-format", choices=INPUT_FORMATS, help="default: WARC for .warc(.gz), else JSON Lines")
    process.add_argument("--engine", choices=ENGINES, default="local", help="local processes (default) or Ray")
    process.add_argument("--workers", type=_positive, help="worker processes or actors (default: one per CPU)")
    process.add_argument("--out", metavar="FILE.parquet", help="write a Parquet file instead of the store (--db)")
    process.add_argument(
        "--partition-size", type=_positive, default=DEFAULT_PARTITION_SIZE, metavar="N", help="records per partition"
    )
    process.set_defaults(run=run)


def _positive(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Process the corpus; one line per failed input on stderr, a summary on stdout."""
    from warta.engine.batch import Batch, process

    batch = Batch(args.input, args.engine, args.workers, args.out, args.input_format, args.partition_size)
    report = process(batch, settings, lambda line: print(f"warta: {line}", file=sys.stderr, flush=True))
    rate = report.articles / report.seconds if report.seconds else 0.0
    print(
        f"{report.articles} articles, {report.failed} failed, in {report.seconds:.1f} s ({rate:.1f} articles/s) "
        f"on the {report.engine} engine with {report.workers} workers, into {report.destination}"
    )
    if report.articles == 0:
        return NOTHING
    return PARTIAL if report.failed else OK
