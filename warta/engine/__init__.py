"""Batch engines: run the pipeline over partitions of a corpus on local processes or on Ray actors.

An engine starts workers that each build the pipeline once (`worker.PartitionWorker`), takes partitions of
raw records (`partition.py`) and yields each partition's results in input order, whatever order the workers
finish in. `local` (multiprocessing, the default) and `ray` (an extra: `pip install warta[ray]`) give the
same results; ids are deterministic, so a re-run over the same input stores nothing new.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Protocol, TypeVar

from warta.engine.partition import Partition
from warta.engine.worker import Result, WorkerStats
from warta.errors import EngineError
from warta.settings import Settings

ENGINES = ("local", "ray")
IN_FLIGHT_PER_WORKER = 4  # partitions queued per worker: enough to keep it busy, few enough to bound memory

P = TypeVar("P")
H = TypeVar("H")
R = TypeVar("R")


class Engine(Protocol):
    """Workers that run the pipeline over partitions; a context manager that starts and stops them."""

    name: str
    workers: int

    def start(self) -> None:
        """Start the workers; returns when each has built its pipeline."""

    def map(self, partitions: Iterable[Partition]) -> Iterator[list[Result]]:
        """Each partition's results, in input order."""

    def worker_stats(self) -> list[WorkerStats]:
        """Each worker process's CPU time and peak memory so far."""

    def close(self) -> None:
        """Stop the workers."""

    def __enter__(self) -> Engine:
        """Start, and return the engine."""

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close."""


def get_engine(name: str, settings: Settings, workers: int | None = None) -> Engine:
    """The engine called `name` with `workers` workers (default: one per CPU); not started yet."""
    if workers is not None and workers < 1:
        raise EngineError(f"--workers must be at least 1, not {workers}")
    if name == "local":
        from warta.engine.local import LocalEngine

        return LocalEngine(settings, workers or os.cpu_count() or 1)
    if name == "ray":
        from warta.engine.ray_engine import RayEngine

        return RayEngine(settings, workers)
    raise EngineError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")


def in_order(submit: Callable[[P], H], collect: Callable[[H], R], items: Iterable[P], window: int) -> Iterator[R]:
    """Submit items with at most `window` in flight and yield their results in submission order."""
    pending: deque[H] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield collect(pending.popleft())
    while pending:
        yield collect(pending.popleft())


__all__ = ["ENGINES", "Engine", "EngineError", "Result", "WorkerStats", "get_engine", "in_order"]
