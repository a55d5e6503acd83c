"""Batch engines: run the pipeline over partitions of a corpus on local processes or on Ray actors.

An engine starts workers that each build the pipeline once (`worker.PartitionWorker`), takes partitions of
raw records (`partition.py`) and yields each partition's results in input order, whatever order the workers
finish in. `local` (multiprocessing, the default) and `ray` (an extra: `pip install warta[ray]`) give the
same results; ids are deterministic, so a re-run over the same input stores nothing new.
"""

from __future__ import annotations

import os

from warta.engine.base import Engine
from warta.engine.local import LocalEngine
from warta.engine.ray_engine import RayEngine
from warta.engine.worker import Result, WorkerStats
from warta.errors import EngineError
from warta.settings import Settings

ENGINES = ("local", "ray")


def get_engine(name: str, settings: Settings, workers: int | None = None) -> Engine:
    """The engine called `name` with `workers` workers (default: one per CPU); not started yet."""
    if workers is not None and workers < 1:
        raise EngineError(f"--workers must be at least 1, not {workers}")
    if name == "local":
        return LocalEngine(settings, workers or os.cpu_count() or 1)
    if name == "ray":
        return RayEngine(settings, workers)
    raise EngineError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "Engine", "EngineError", "Result", "WorkerStats", "get_engine"]
