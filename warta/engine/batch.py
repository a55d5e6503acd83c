"""A batch: a corpus read in partitions, processed by an engine, written in article order to a sink."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from warta.engine import Engine, get_engine
from warta.engine.partition import DEFAULT_PARTITION_SIZE, Partition, partitions, records
from warta.engine.sinks import Sink, open_sink
from warta.engine.worker import Result
from warta.settings import Settings

Report = Callable[[str], None]


@dataclass(frozen=True)
class Batch:
    """What a batch asks for: the inputs and how to process them."""

    inputs: list[str]
    engine: str = "local"
    workers: int | None = None
    out: str | None = None  # a Parquet file; None for the store at `settings.db`
    input_format: str | None = None  # "jsonl" | "warc"; None: by file name
    partition_size: int = DEFAULT_PARTITION_SIZE


@dataclass(frozen=True)
class BatchReport:
    """What a batch did: articles written, inputs failed, seconds spent, and where the articles went."""

    articles: int
    failed: int
    seconds: float
    engine: str
    workers: int
    destination: str


def process(batch: Batch, settings: Settings, report: Report) -> BatchReport:
    """Run a batch; every failed input is passed to `report` as one line, in input order."""
    engine = get_engine(batch.engine, settings, batch.workers)  # before the sink: a missing extra creates no file
    items = partitions(records(batch.inputs, settings, batch.input_format), batch.partition_size)
    sink = open_sink(batch.out, settings.db)
    start = time.perf_counter()
    try:
        with engine:
            written, failed = run(engine, items, sink, report)
    except BaseException:
        sink.close(completed=False)
        raise
    destination = sink.close()
    return BatchReport(written, failed, time.perf_counter() - start, engine.name, engine.workers, destination)


def run(engine: Engine, items: Iterable[Partition], sink: Sink, report: Report) -> tuple[int, int]:
    """Process partitions with a started engine into `sink`; returns (articles written, inputs failed)."""
    written = failed = 0
    for results in engine.map(items):
        documents = [r.document for r in results if r.document is not None]
        for result in results:
            if result.document is None:
                failed += 1
                report(error_line(result))
        sink.write(documents)
        written += len(documents)
    return written, failed


def error_line(result: Result) -> str:
    """A failed input's one-line message, starting with where the input came from."""
    message = " ".join((result.error or "failed").split())
    return message if message.startswith(result.origin) else f"{result.origin}: {message}"
