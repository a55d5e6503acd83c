"""The engine lifecycle, written once in `warta.engine.base.Engine`: entering starts the workers and stops what
did start when starting fails; leaving stops them, whatever the body did."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from warta.engine import Engine, EngineError
from warta.engine.local import LocalEngine
from warta.engine.partition import Partition
from warta.engine.ray_engine import RayEngine
from warta.engine.worker import Result, WorkerStats


class Recording(Engine):
    """An engine that records its lifecycle calls; its start fails when asked to."""

    name = "recording"

    def __init__(self, fail: bool = False) -> None:
        self.workers = 1
        self.fail = fail
        self.calls: list[str] = []

    def start(self) -> None:
        self.calls.append("start")
        if self.fail:
            raise EngineError("the workers did not start")

    def map(self, partitions: Iterable[Partition]) -> Iterator[list[Result]]:
        yield from ([] for _ in partitions)

    def worker_stats(self) -> list[WorkerStats]:
        return []

    def close(self) -> None:
        self.calls.append("close")


def test_engine_context_starts_then_closes() -> None:
    engine = Recording()
    with engine as entered:
        assert entered is engine and engine.calls == ["start"]
    assert engine.calls == ["start", "close"]


def test_engine_closes_when_the_body_fails() -> None:
    engine = Recording()
    with pytest.raises(KeyboardInterrupt), engine:
        raise KeyboardInterrupt
    assert engine.calls == ["start", "close"]


def test_engine_failing_to_start_stops_what_did_start() -> None:
    engine = Recording(fail=True)
    with pytest.raises(EngineError, match="did not start"), engine:
        pytest.fail("the body must not run")  # pragma: no cover
    assert engine.calls == ["start", "close"]


def test_engines_share_one_lifecycle() -> None:
    for engine in (LocalEngine, RayEngine):
        assert issubclass(engine, Engine)
        assert "__enter__" not in vars(engine) and "__exit__" not in vars(engine)
    with pytest.raises(TypeError, match="abstract"):
        Engine()  # type: ignore[abstract]
