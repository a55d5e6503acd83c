"""Candidate mentions proposed by the recognizers, and the resolution of overlaps between them."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from warta.model import EMPTY, Role
from warta.types import REGION_TYPES

# Which types may sit inside a mention of another type (a region inside "Pemkab Mojokerto" or inside the
# role-only person "Bupati Mojokerto"; a programme inside an event). Anything else must not overlap.
NESTABLE: Mapping[str, frozenset[str]] = {
    "government_body": REGION_TYPES,
    "person": (REGION_TYPES - {"village"}) | {"government_body"},
    "event": frozenset({"event"}),
    "place": REGION_TYPES,  # "Balai Kota Malang", "Stasiun Bogor"
}


@dataclass(frozen=True)
class Candidate:
    """A proposed mention: a span, the entity it refers to (`key` is the entity id) and how sure we are."""

    start: int
    end: int
    type: str
    key: str
    name: str
    source: str
    priority: int = 0
    named: bool = True
    role: Role | None = None
    kb: Mapping[str, Any] = field(default_factory=lambda: EMPTY)

    @property
    def length(self) -> int:
        """Number of characters covered."""
        return self.end - self.start


def resolve(candidates: Iterable[Candidate], accepted: Iterable[Candidate] = ()) -> list[Candidate]:
    """Keep the best candidates so that no two cross: longer first, then higher priority; a candidate may
    nest inside a kept one only where `NESTABLE` allows it. Returns the kept ones in text order."""
    kept = SpanIndex(accepted)
    for cand in sorted(candidates, key=lambda c: (-c.length, -c.priority, c.start, c.key)):
        if all(_compatible(cand, other) for other in kept.overlapping(cand.start, cand.end)):
            kept.add(cand)
    return sorted(kept.items, key=lambda c: (c.start, -c.end))


class SpanIndex:
    """Candidates sorted by start (in the given order among equal starts), so that the ones overlapping a span
    are found without a full scan; iterating gives them in that order."""

    def __init__(self, items: Iterable[Candidate] = ()) -> None:
        self.items: list[Candidate] = []
        self.starts: list[int] = []
        self.longest = 0
        for item in items:
            self.add(item)

    def add(self, cand: Candidate) -> None:
        """Keep `cand`."""
        at = bisect.bisect_right(self.starts, cand.start)
        self.starts.insert(at, cand.start)
        self.items.insert(at, cand)
        self.longest = max(self.longest, cand.length)

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def overlapping(self, start: int, end: int) -> list[Candidate]:
        """Kept candidates that share a character with `[start, end)`."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [c for c in self.items[lo:hi] if c.end > start]


def _compatible(cand: Candidate, other: Candidate) -> bool:
    if cand.end <= other.start or other.end <= cand.start:
        return True
    if cand.start == other.start and cand.end == other.end:
        return False
    if other.start <= cand.start and cand.end <= other.end:
        return cand.type in NESTABLE.get(other.type, frozenset())
    if cand.start <= other.start and other.end <= cand.end:
        return other.type in NESTABLE.get(cand.type, frozenset())
    return False


def covering(kept: Iterable[Candidate], start: int, end: int) -> Candidate | None:
    """The outermost kept candidate that overlaps `[start, end)`, if any."""
    hits = [c for c in kept if c.start < end and start < c.end]
    return max(hits, key=lambda c: c.length) if hits else None


def overlaps(start: int, end: int, cands: Iterable[Candidate]) -> bool:
    """Whether `[start, end)` overlaps any candidate's span (without a full scan when given a `SpanIndex`)."""
    if isinstance(cands, SpanIndex):
        return bool(cands.overlapping(start, end))
    return any(c.start < end and start < c.end for c in cands)
