"""The engine contract and its lifecycle, shared by every engine (`local`, `ray`).

An engine is a context manager: entering starts the workers (and stops what did start when starting fails),
leaving stops them. Engines implement `start`, `map`, `worker_stats` and `close`; the lifecycle is here once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Self

from warta.engine.partition import Partition
from warta.engine.worker import Result, WorkerStats


class Engine(ABC):
    """Workers that run the pipeline over partitions; a context manager that starts and stops them."""

    name: str
    workers: int

    @abstractmethod
    def start(self) -> None:
        """Start the workers; returns when each has built its pipeline."""

    @abstractmethod
    def map(self, partitions: Iterable[Partition]) -> Iterator[list[Result]]:
        """Each partition's results, in input order."""

    @abstractmethod
    def worker_stats(self) -> list[WorkerStats]:
        """Each worker process's CPU time and peak memory so far."""

    @abstractmethod
    def close(self) -> None:
        """Stop the workers; safe to call when they are stopped or only partly started."""

    def __enter__(self) -> Self:
        """Start, and return the engine (stopping what did start when starting fails)."""
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close."""
        self.close()
