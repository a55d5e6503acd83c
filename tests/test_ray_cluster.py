"""`warta process --engine ray` on a real Ray cluster: a head node and a worker node, each a separate `ray start`
on loopback (tests/ray_nodes.py), joined through `RAY_ADDRESS`. The store gets the same documents as from the
local engine, each partition written once; and when the worker node is killed mid-run, its partitions go to the
head node's actor and the batch still completes with nothing lost or duplicated."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ray_nodes import Cluster, cluster, write_corpus
from tests.test_engine import _snapshot
from warta.cli import main
from warta.engine.local import LocalEngine
from warta.engine.partition import partitions, records
from warta.engine.ray_engine import RayEngine
from warta.settings import Settings

pytest.importorskip("ray")

ARTICLES = 64
PARTITION = "4"  # 16 partitions, more than the 8 in flight: the batch is still running when the kill comes
WARTA = Path(sys.executable).with_name("warta")
RUN_TIMEOUT = 240.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built articles in one JSON Lines file."""
    return write_corpus(tmp_path_factory.mktemp("corpus") / "kluster.jsonl", ARTICLES)


@pytest.fixture(scope="module")
def local(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the local engine stores for the corpus."""
    db = tmp_path_factory.mktemp("local") / "w.db"
    assert main(["--db", str(db), "process", "--input", str(corpus), "--workers", "1"]) == 0
    snapshot = _snapshot(db)
    assert snapshot["counts"]["articles"] == ARTICLES
    return snapshot


@pytest.fixture
def nodes() -> Iterator[Cluster]:
    """A fresh two-node cluster for each test, stopped whatever the test did."""
    with cluster() as started:
        yield started


def _start_batch(nodes: Cluster, corpus: Path, db: Path) -> subprocess.Popen[str]:
    """`warta process --engine ray` joining the cluster, in a subprocess."""
    argv = [str(WARTA), "--db", str(db), "process", "--engine", "ray", "--input", str(corpus)]
    return subprocess.Popen(
        [*argv, "--partition-size", PARTITION],
        env=nodes.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(batch: subprocess.Popen[str], nodes: Cluster, title: str) -> bool:
    """Whether a process titled `title` appeared on the worker node before the batch ended."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while batch.poll() is None and time.monotonic() < deadline:
        if nodes.worker.processes(title):
            return True
        time.sleep(0.02)
    return False


def _finish(batch: subprocess.Popen[str]) -> tuple[int, str, str]:
    """The batch's exit code and output, once it has ended."""
    try:
        out, err = batch.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        batch.kill()
        out, err = batch.communicate()
    return batch.returncode, out, err


def test_ray_cluster_stores_what_the_local_engine_stores(
    nodes: Cluster, corpus: Path, local: dict[str, Any], tmp_path: Path
) -> None:
    batch = _start_batch(nodes, corpus, tmp_path / "w.db")
    on_worker_node = _wait_for(batch, nodes, "ray::PartitionWorker")
    code, out, err = _finish(batch)
    assert code == 0, err
    assert on_worker_node  # one of the two actors ran on the worker node (each node has one CPU)
    summary = out.splitlines()[-1]  # Ray may print notices of its own to the driver's output before it
    assert summary.startswith(f"{ARTICLES} articles, 0 failed") and "ray engine with 2 workers" in summary  # once
    assert _snapshot(tmp_path / "w.db") == local


def test_ray_cluster_survives_a_killed_worker_node(
    nodes: Cluster, corpus: Path, local: dict[str, Any], tmp_path: Path
) -> None:
    batch = _start_batch(nodes, corpus, tmp_path / "w.db")
    busy = _wait_for(batch, nodes, "ray::PartitionWorker.run")  # the worker node's actor is on a partition
    running = batch.poll() is None
    nodes.worker.kill()
    code, out, err = _finish(batch)
    assert busy and running, err
    assert code == 0, err
    assert "Ray workers left" in err  # the lost actor was noticed and its partitions sent again
    assert out.splitlines()[-1].startswith(f"{ARTICLES} articles, 0 failed")  # nothing lost or written twice
    assert _snapshot(tmp_path / "w.db") == local


def test_ray_engine_sends_a_dead_actors_partitions_to_the_others(corpus: Path) -> None:
    ray = pytest.importorskip("ray")
    settings = Settings()
    parts = list(partitions(records([str(corpus)], settings), int(PARTITION)))
    with LocalEngine(settings, 1) as engine:
        expected = [r.document for batch in engine.map(parts) for r in batch]
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        with RayEngine(settings, 2) as engine:
            got: list[str | None] = []
            for number, batch in enumerate(engine.map(parts)):
                got.extend(r.document for r in batch)
                if number == 1:  # 8 of the 16 partitions sent, 2 back: kill the second actor's process
                    os.kill(engine.worker_stats()[1].pid, signal.SIGKILL)
            actors_left = len(engine.worker_stats())
    finally:
        ray.shutdown()
    assert actors_left == 1
    assert got == expected and None not in got
