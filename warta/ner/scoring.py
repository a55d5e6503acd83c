"""Entity-level scores with seqeval's default semantics: a chunk starts at B-X, or at I-X after a tag of
another type; it runs while I-X follows. Exact span and type must match."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from warta.scores import Tally


def chunks(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) of every entity in a BIO tag sequence."""
    found: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind and start >= 0
        if start >= 0 and not continues:
            found.add((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and not continues:
            start, kind = i, label
    return found


@dataclass
class NerReport:
    """Tallies per entity type over a corpus."""

    by_type: dict[str, Tally] = field(default_factory=dict)

    def add(self, gold: Sequence[str], predicted: Sequence[str]) -> None:
        """Count one sentence."""
        g, p = chunks(gold), chunks(predicted)
        for kind in {c[2] for c in g | p}:
            tally = self.by_type.setdefault(kind, Tally())
            tally.add_sets({c for c in p if c[2] == kind}, {c for c in g if c[2] == kind})

    @property
    def micro(self) -> Tally:
        """All types pooled."""
        total = Tally()
        for t in self.by_type.values():
            total.tp, total.fp, total.fn = total.tp + t.tp, total.fp + t.fp, total.fn + t.fn
        return total

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the types that occur in gold or predictions."""
        scores = [t.f1 for t in self.by_type.values()]
        return sum(scores) / len(scores) if scores else 0.0
