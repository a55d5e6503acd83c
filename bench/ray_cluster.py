"""The Ray engine on a real two-node cluster against the local engine, and a worker node killed mid-run.

A head node and a worker node, one CPU each, are started as separate `ray start` processes on loopback
(`tests/ray_nodes.py`, as in tests/test_ray_cluster.py), and this process joins them through `RAY_ADDRESS`.
The corpus is the hand-built articles of the cluster test, more of them (`--articles`). Engine runs time
start-up apart from processing (partitions in, article documents out, in order), as bench/engines.py does:
the local engine with 1 and 2 workers and the cluster with its 2 actors, `--trials` times each, interleaved,
the fastest trial counting. Then one more cluster run in which the worker node is killed (SIGKILL of its
whole session) once a third of the partitions have come back: its seconds, and whether the documents are still
exactly the local engine's. Figures go to a JSON file (`make bench`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ray_nodes.py: the cluster, the corpus

from engines import _machine, read, run_engine, timed

from tests.ray_nodes import Cluster, cluster, write_corpus
from warta.engine import get_engine
from warta.engine.partition import Partition
from warta.settings import Settings


def best(trials: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest trial, with every trial's rate, and its articles per worker CPU second (what one core gives
    when nothing else competes for it: on a busy machine the wall-clock rate understates it)."""
    fastest = max(trials, key=lambda f: float(f["articles_per_second"]))
    per_cpu = fastest["articles"] / fastest["worker_cpu_seconds"]
    return {
        **fastest,
        "articles_per_second_trials": [f["articles_per_second"] for f in trials],
        "articles_per_worker_cpu_second": round(per_cpu, 1),
    }


def killed_run(nodes: Cluster, parts: list[Partition], settings: Settings) -> tuple[dict[str, Any], list[str]]:
    """A cluster run in which the worker node is killed once a third of the partitions have come back."""
    engine = get_engine("ray", settings, 2)
    _, startup = timed(engine.start)
    documents: list[str] = []
    kill_after = len(parts) // 3
    start = time.perf_counter()
    for done, results in enumerate(engine.map(parts), start=1):
        documents.extend(r.document for r in results if r.document is not None)
        if done == kill_after:
            nodes.worker.kill()
            killed_at = time.perf_counter() - start
    seconds = time.perf_counter() - start
    actors_left = len(engine.worker_stats())
    engine.close()
    figures = {
        "articles": len(documents),
        "startup_seconds": round(startup, 2),
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(documents) / seconds, 1),
        "worker_node_killed_after_partitions": kill_after,
        "worker_node_killed_after_seconds": round(killed_at, 2),
        "actors_left": actors_left,
        "load_average_1min_after": round(os.getloadavg()[0], 2),
    }
    print(f"ray cluster, worker node killed: {json.dumps(figures)}", file=sys.stderr, flush=True)
    return figures, documents


def main() -> None:
    """Command line: `python bench/ray_cluster.py --out FILE`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2400, help="hand-built articles in the corpus")
    parser.add_argument("--partition-size", type=int, default=16)
    parser.add_argument("--trials", type=int, default=2, help="runs of each configuration; the best counts")
    parser.add_argument("--out", default="bench/results/ray_cluster.json")
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="warta-bench-") as tmp:
        corpus = write_corpus(Path(tmp) / "corpus.jsonl", args.articles)
        parts, _ = read(corpus, settings, args.partition_size)
        with cluster() as nodes:
            os.environ.update({k: v for k, v in nodes.env().items() if k.startswith("RAY_")})
            figures, same = measure(nodes, parts, settings, args.trials)
    figures["corpus"] = {"articles": args.articles, "partitions": len(parts)}
    figures["same_documents_from_every_run"] = same
    figures["cluster"] = "head and worker node on loopback, 1 CPU each (ray start --num-cpus=1), 2 actors"
    figures.update(_machine(args.partition_size, args.trials))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


def measure(nodes: Cluster, parts: list[Partition], settings: Settings, trials: int) -> tuple[dict[str, Any], bool]:
    """The local engine (1 and 2 workers) and the cluster, interleaved; then the killed run. Returns the
    figures and whether every run gave the local engine's documents."""
    runs: dict[str, list[dict[str, Any]]] = {"local_1_worker": [], "local_2_workers": [], "ray_cluster_2_nodes": []}
    outputs: list[list[str]] = []
    for _ in range(trials):
        for key, engine, workers in (
            ("local_1_worker", "local", 1),
            ("local_2_workers", "local", 2),
            ("ray_cluster_2_nodes", "ray", 2),
        ):
            figures, documents = run_engine(engine, workers, parts, settings)
            runs[key].append(figures)
            outputs.append(documents)
    results: dict[str, Any] = {key: best(trials_) for key, trials_ in runs.items()}
    results["cluster_over_local_2_workers"] = round(
        results["ray_cluster_2_nodes"]["articles_per_second"] / results["local_2_workers"]["articles_per_second"], 2
    )
    results["ray_cluster_worker_node_killed"], documents = killed_run(nodes, parts, settings)
    outputs.append(documents)
    return results, all(docs == outputs[0] for docs in outputs)


if __name__ == "__main__":
    main()
