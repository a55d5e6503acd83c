"""Results in input order whatever order workers finish in, with a bounded number of items in flight."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

IN_FLIGHT_PER_WORKER = 4  # partitions queued per worker: enough to keep it busy, few enough to bound memory

P = TypeVar("P")
H = TypeVar("H")
R = TypeVar("R")


def in_order(submit: Callable[[P], H], collect: Callable[[H], R], items: Iterable[P], window: int) -> Iterator[R]:
    """Submit items with at most `window` in flight and yield their results in submission order."""
    pending: deque[H] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield collect(pending.popleft())
    while pending:
        yield collect(pending.popleft())
