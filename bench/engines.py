"""Batch engines: articles per second with 1 and 2 workers on the local and Ray engines, and where the time goes.

The corpus is the demo articles repeated with distinct record ids (JSON Lines, HTML records), enough for
about twenty seconds per single-worker run. For each engine and worker count, run `--trials` times
(interleaved; the fastest counts, as other programs on a shared machine only ever slow a run down): start-up
(process pool or Ray and actors, each building its pipeline) timed apart from processing; processing
(partitions in, article documents out, in order); the workers' CPU utilization; peak resident memory of each
worker; and whether every run gave the same documents.
Separately: reading and partitioning the corpus, the pipeline in this process (no engine), writing the
results to a new SQLite store (`save_many`) and to Parquet, and `warta process` end to end into SQLite.
Figures go to a JSON file (`make bench`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from warta.document import from_document
from warta.engine import get_engine
from warta.engine.batch import Batch, process
from warta.engine.partition import Partition, partitions, records
from warta.engine.sinks import ParquetSink
from warta.engine.worker import PartitionWorker
from warta.net.decode import decode
from warta.settings import Settings
from warta.store import open_store

TARGET_SCALING = 1.7


def write_corpus(pages: list[Path], repeat: int, path: Path) -> int:
    """The pages `repeat` times as JSON Lines records with distinct ids; returns the record count."""
    htmls = [(p.stem, decode(p.read_bytes(), str(p))) for p in pages]
    with path.open("w", encoding="utf-8") as out:
        for round_ in range(repeat):
            for stem, html in htmls:
                out.write(json.dumps({"id": f"{stem}-{round_}", "html": html}, ensure_ascii=False) + "\n")
    return repeat * len(htmls)


def read(path: Path, settings: Settings, size: int) -> tuple[list[Partition], float]:
    """The corpus as partitions, and the seconds reading and partitioning took."""
    start = time.perf_counter()
    parts = list(partitions(records([str(path)], settings), size))
    return parts, time.perf_counter() - start


def timed(action: Callable[[], Any]) -> tuple[Any, float]:
    """An action's value and its wall-clock seconds."""
    start = time.perf_counter()
    value = action()
    return value, time.perf_counter() - start


def run_engine(name: str, workers: int, parts: list[Partition], settings: Settings) -> tuple[dict[str, Any], list[str]]:
    """One engine run: start-up, processing and shut-down timed apart; the figures and the documents. Worker
    CPU utilization (CPU seconds over wall seconds x workers) below 1 means the workers waited: for the
    parent, or for a CPU another program held."""
    engine = get_engine(name, settings, workers)
    _, startup = timed(engine.start)
    before, parent_before = engine.worker_stats(), _own_cpu_seconds()
    results, seconds = timed(lambda: [r for batch in engine.map(parts) for r in batch])
    after, parent_cpu = engine.worker_stats(), _own_cpu_seconds() - parent_before
    _, shutdown = timed(engine.close)
    documents = [r.document for r in results if r.document is not None]
    worker_cpu = sum(a.cpu_seconds - b.cpu_seconds for a, b in zip(after, before, strict=True))
    figures = {
        "articles": len(documents),
        "failed": len(results) - len(documents),
        "startup_seconds": round(startup, 2),
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(documents) / seconds, 1),
        "worker_cpu_seconds": round(worker_cpu, 2),
        "worker_cpu_utilization": round(worker_cpu / (seconds * workers), 2),
        "parent_cpu_seconds": round(parent_cpu, 2),
        "peak_rss_mib_per_worker": [s.peak_rss_mib for s in after],
        "shutdown_seconds": round(shutdown, 2),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
    }
    print(f"{name} x{workers}: {json.dumps(figures)}", file=sys.stderr, flush=True)
    return figures, documents


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def engine_runs(name: str, parts: list[Partition], settings: Settings, trials: int) -> tuple[dict[str, Any], list[str]]:
    """1 and 2 workers, `trials` times each (interleaved); the fastest trial of each counts. Returns the
    figures and the documents, after checking that every run gave the same ones."""
    trials_by_workers: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    outputs: list[list[str]] = []
    for _ in range(trials):
        for workers in (1, 2):
            figures, documents = run_engine(name, workers, parts, settings)
            trials_by_workers[workers].append(figures)
            outputs.append(documents)
    runs: dict[str, Any] = {}
    for workers, figures_list in trials_by_workers.items():
        best = max(figures_list, key=lambda f: float(f["articles_per_second"]))
        runs[f"workers_{workers}"] = {
            **best,
            "articles_per_second_trials": [f["articles_per_second"] for f in figures_list],
        }
    runs["scaling_2_over_1"] = round(
        runs["workers_2"]["articles_per_second"] / runs["workers_1"]["articles_per_second"], 2
    )
    runs["same_documents_from_every_run"] = all(docs == outputs[0] for docs in outputs)
    return runs, outputs[0]


def in_process(parts: list[Partition], settings: Settings, distinct: int, rounds: int) -> dict[str, Any]:
    """The pipeline in this process, no engine: the per-article cost the engines add to. The first round
    meets every article for the first time; later rounds repeat its text (word caches are warm)."""
    worker, build = timed(lambda: PartitionWorker(settings))
    items = [item for part in parts for item in part][: distinct * rounds]
    first, first_seconds = timed(lambda: worker.run(items[:distinct]))
    rest, rest_seconds = timed(lambda: worker.run(items[distinct:]))
    sizes = [len(r.document.encode()) for r in first + rest if r.document is not None]
    return {
        "articles": len(sizes),
        "pipeline_build_and_warm_up_seconds": round(build, 2),
        "ms_per_article_first_round": round(1000 * first_seconds / len(first), 2),
        "ms_per_article_repeated_text": round(1000 * rest_seconds / len(rest), 2),
        "articles_per_second": round(len(sizes) / (first_seconds + rest_seconds), 1),
        "document_json_kib_mean": round(sum(sizes) / len(sizes) / 1024, 1),
    }


def store_write(documents: list[str], folder: Path) -> dict[str, Any]:
    """Writing the documents: `save_many` into a new SQLite store, then a Parquet file."""
    with open_store(str(folder / "bench.db")) as store:
        saved, seconds = timed(lambda: store.save_many(from_document(json.loads(d)) for d in documents))
        _, again = timed(lambda: store.save_many(from_document(json.loads(d)) for d in documents))
    _, parquet = timed(lambda: write_parquet(documents, folder / "bench.parquet"))
    return {
        "articles": saved,
        "sqlite_save_many_seconds": round(seconds, 2),
        "sqlite_articles_per_second": round(saved / seconds, 1),
        "sqlite_ms_per_article": round(1000 * seconds / saved, 2),
        "sqlite_second_save_seconds": round(again, 2),
        "parquet_seconds": round(parquet, 2),
        "parquet_articles_per_second": round(saved / parquet, 1),
        "parquet_mib": round((folder / "bench.parquet").stat().st_size / 2**20, 1),
    }


def end_to_end(corpus: Path, folder: Path, partition_size: int) -> dict[str, Any]:
    """`warta process` into a new SQLite store on the local engine: reading, processing and saving together
    (the parent saves while the workers process), start-up included."""
    runs: dict[str, Any] = {}
    for workers in (1, 2):
        settings = Settings(db=str(folder / f"end-to-end-{workers}.db"))
        batch = Batch([str(corpus)], "local", workers, partition_size=partition_size)
        report = process(batch, settings, lambda line: print(line, file=sys.stderr))
        runs[f"workers_{workers}"] = {
            "articles": report.articles,
            "seconds": round(report.seconds, 2),
            "articles_per_second": round(report.articles / report.seconds, 1),
        }
    rates = [runs[f"workers_{w}"]["articles_per_second"] for w in (1, 2)]
    runs["scaling_2_over_1"] = round(rates[1] / rates[0], 2)
    print(f"end to end: {json.dumps(runs)}", file=sys.stderr, flush=True)
    return runs


def write_parquet(documents: list[str], path: Path) -> None:
    """The documents as a Parquet file, as `warta process --out` writes it."""
    sink = ParquetSink(str(path))
    sink.write(documents)
    sink.close()


def main() -> None:
    """Command line: `python bench/engines.py --out FILE`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", default="demo/articles", help="folder of HTML pages")
    parser.add_argument("--repeat", type=int, default=36, help="copies of the pages, each with distinct ids")
    parser.add_argument("--partition-size", type=int, default=16)
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--trials", type=int, default=2, help="runs of each engine and worker count; the best counts")
    parser.add_argument("--out", default="bench/results/engines.json")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="warta-bench-") as tmp:
        folder = Path(tmp)
        pages = sorted(Path(args.articles).glob("*.html"))
        count = write_corpus(pages, args.repeat, folder / "corpus.jsonl")
        parts, reading = read(folder / "corpus.jsonl", settings, args.partition_size)
        figures: dict[str, Any] = {
            "corpus": {"records": count, "partitions": len(parts), "read_and_partition_seconds": round(reading, 2)},
            "in_process": in_process(parts, settings, distinct=len(pages), rounds=min(10, args.repeat)),
        }
        outputs: list[list[str]] = []
        for name in args.engines.split(","):
            figures[name], documents = engine_runs(name, parts, settings, args.trials)
            outputs.append(documents)
        figures["same_documents_from_every_engine"] = all(docs == outputs[0] for docs in outputs)
        figures["store_write"] = store_write(outputs[0], folder)
        figures["end_to_end_local_into_sqlite"] = end_to_end(folder / "corpus.jsonl", folder, args.partition_size)
    figures.update(_machine(args.partition_size, args.trials))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


def _machine(partition_size: int, trials: int) -> dict[str, Any]:
    """The setting the figures were measured in."""
    return {
        "partition_size": partition_size,
        "trials": trials,
        "target_scaling_2_over_1": TARGET_SCALING,
        "cpus": os.cpu_count(),
        "parent_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
    }


if __name__ == "__main__":
    main()
