"""The local engine: worker processes on this machine (`concurrent.futures` over multiprocessing).

Each worker process builds the pipeline once, in the pool's initializer, and then processes whole partitions.
Processes are started with "spawn" (fresh interpreters: safe whatever threads the parent runs). Unlike
`multiprocessing.Pool`, the executor notices a worker that dies (killed for memory, say) and the batch
stops with an error instead of waiting forever.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

from warta.engine.base import Engine
from warta.engine.ordering import IN_FLIGHT_PER_WORKER, in_order
from warta.engine.partition import Partition
from warta.engine.worker import PartitionWorker, Result, WorkerStats, process_stats
from warta.errors import EngineError
from warta.settings import Settings

START_TIMEOUT = 300.0  # seconds for every worker to build its pipeline

T = TypeVar("T")

_worker: PartitionWorker | None = None  # this process's worker, when it is a pool process


def _initialize(settings: Settings) -> None:
    """Pool initializer: build the pipeline once; leave Ctrl-C to the parent."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = PartitionWorker(settings)


def _run(items: Partition) -> list[Result]:
    """Process one partition in a pool process."""
    if _worker is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("worker not initialized")
    return _worker.run(items)


def _outcome(future: Future[T]) -> T:
    """A task's result (in the pool process's order of submission)."""
    return future.result()


@contextmanager
def _worker_deaths() -> Iterator[None]:
    """A dead worker process (the pool is broken) as a one-line `EngineError`."""
    try:
        yield
    except BrokenProcessPool:
        raise EngineError(
            "a local worker process died (killed, or out of memory: try fewer --workers); "
            "what was written stays written, and running the batch again completes it"
        ) from None


def _pid() -> int:
    """The pool process's id (after its initializer ran)."""
    return _worker.pid() if _worker is not None else 0


class LocalEngine(Engine):
    """`workers` processes on this machine, each with its own pipeline."""

    name = "local"

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._pids: list[int] = []

    def start(self) -> None:
        """Start the processes and wait until each has built its pipeline."""
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_initialize, initargs=(self.settings,)
        )
        with _worker_deaths():
            self._pids = self._wait_ready(self._pool)

    def _wait_ready(self, pool: ProcessPoolExecutor) -> list[int]:
        """The worker pids, once every worker answered (processes start on demand, so ask until all did)."""
        pids: set[int] = set()
        deadline = time.monotonic() + START_TIMEOUT
        while len(pids) < self.workers:
            if time.monotonic() > deadline:
                raise EngineError(f"only {len(pids)} of {self.workers} local workers started; see the log (-v)")
            futures = [pool.submit(_pid) for _ in range(self.workers)]
            pids.update(_outcome(f) for f in futures)
            if len(pids) < self.workers:
                time.sleep(0.05)
        return sorted(pids)

    def map(self, partitions: Iterable[Partition]) -> Iterator[list[Result]]:
        """Each partition's results in input order, with a few partitions in flight per worker."""
        pool = self._pool
        if pool is None:
            raise EngineError("the local engine is not started")

        def submit(items: Partition) -> Future[list[Result]]:
            return pool.submit(_run, items)

        with _worker_deaths():
            yield from in_order(submit, _outcome, partitions, IN_FLIGHT_PER_WORKER * self.workers)

    def worker_stats(self) -> list[WorkerStats]:
        """Each worker process's CPU time and peak memory so far."""
        return [process_stats(pid) for pid in self._pids]

    def close(self) -> None:
        """Stop the processes (queued partitions are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
