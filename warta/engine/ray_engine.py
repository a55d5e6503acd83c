"""The Ray engine: one Ray actor per worker, each loading the pipeline once; an extra (`pip install warta[ray]`).

Without `RAY_ADDRESS` it starts a private Ray instance on this machine with `workers` CPUs; with it (or with
Ray already initialized by the caller) it joins that cluster, where every node needs Warta installed.
Partitions go to the actors round-robin, a few in flight per actor, and results come back in input order.
When an actor is lost (its process or its whole node died), the partitions it held, finished or not, are sent
again to the actors left; each partition's results are written once, when they are collected in order.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

from warta.engine.base import Engine
from warta.engine.ordering import IN_FLIGHT_PER_WORKER, in_order
from warta.engine.partition import Partition
from warta.engine.worker import PartitionWorker, Result, WorkerStats
from warta.errors import EngineError
from warta.settings import Settings

log = logging.getLogger(__name__)

Sent = tuple[Partition, Any, Any]  # a partition, the actor it was sent to, and the reference to its results

NEEDS_RAY = "the Ray engine needs `pip install warta[ray]`"


def import_ray() -> ModuleType:
    """The `ray` module, imported on first use; `EngineError` when the extra is not installed."""
    try:
        import ray
    except ImportError:
        raise EngineError(NEEDS_RAY) from None
    return ray


class RayEngine(Engine):
    """`workers` Ray actors (default: one per CPU of this machine, or of the cluster at `RAY_ADDRESS`)."""

    name = "ray"

    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.settings = settings
        self.workers = workers or 0
        self._ray = import_ray()
        self._owns_ray = False
        self._actors: list[Any] = []
        self._sent = 0  # partitions sent so far, for the round-robin

    def start(self) -> None:
        """Start (or join) Ray and the actors; returns when each actor has built its pipeline."""
        ray = self._ray
        if not ray.is_initialized():
            self._init_ray()
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if not self.workers:
            self.workers = max(1, cpus)
        if self.workers > cpus:  # the actors would wait for CPUs forever
            raise EngineError(
                f"{self.workers} Ray workers asked for, but the Ray cluster has {cpus} CPUs; "
                "use fewer --workers or add nodes"
            )
        actor = ray.remote(num_cpus=1)(PartitionWorker)
        self._actors = [actor.remote(self.settings) for _ in range(self.workers)]
        self._get([a.pid.remote() for a in self._actors])

    def _init_ray(self) -> None:
        """A local Ray instance with `workers` CPUs, or the cluster `RAY_ADDRESS` names."""
        quiet = logging.WARNING if log.isEnabledFor(logging.INFO) else logging.ERROR  # Ray's warnings with -v
        options: dict[str, Any] = {"log_to_driver": False, "logging_level": quiet}
        if os.environ.get("RAY_ADDRESS"):
            self._ray.init(**options)  # Ray reads the address from the environment
        else:
            cpus = self.workers or os.cpu_count() or 1
            self._ray.init(num_cpus=cpus, include_dashboard=False, **options)
        self._owns_ray = True

    def map(self, partitions: Iterable[Partition]) -> Iterator[list[Result]]:
        """Each partition's results in input order; partitions go to the actors round-robin."""
        if not self._actors:
            raise EngineError("the Ray engine is not started")
        yield from in_order(self._submit, self._collect, partitions, IN_FLIGHT_PER_WORKER * len(self._actors))

    def _submit(self, items: Partition) -> Sent:
        """Send a partition to the next actor."""
        actor = self._actors[self._sent % len(self._actors)]
        self._sent += 1
        return items, actor, actor.run.remote(items)

    def _collect(self, sent: Sent) -> list[Result]:
        """A partition's results; when its actor was lost, the partition is sent again to another actor."""
        items, actor, ref = sent
        lost = (self._ray.exceptions.RayActorError, self._ray.exceptions.ObjectLostError)
        while True:
            try:
                return list(self._get(ref))
            except EngineError as exc:
                if not isinstance(exc.__cause__, lost):
                    raise
                self._lose(actor, exc)
                items, actor, ref = self._submit(items)

    def _lose(self, actor: Any, error: EngineError) -> None:
        """Stop sending partitions to a lost actor; `error` when it was the last one."""
        if actor in self._actors:
            self._actors.remove(actor)
            log.warning("%s; its partitions go to the %d Ray workers left", error, len(self._actors))
        if not self._actors:
            raise error

    def _get(self, refs: Any) -> Any:
        """`ray.get`, with Ray's failures (a dead actor, a lost node) as one-line `EngineError`s."""
        try:
            return self._ray.get(refs)
        except self._ray.exceptions.RayError as exc:
            first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
            raise EngineError(f"a Ray worker failed: {first.strip()[:200]}") from exc

    def worker_stats(self) -> list[WorkerStats]:
        """Each actor process's CPU time and peak memory so far."""
        return list(self._get([a.stats.remote() for a in self._actors]))

    def close(self) -> None:
        """Stop the actors, and Ray itself when this engine started it."""
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors = []
        if self._owns_ray:
            self._ray.shutdown()
            self._owns_ray = False
