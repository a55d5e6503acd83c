"""Precision, recall and F1 over counted matches (`Tally`): shared by the NER model's scores (`warta.ner.scoring`)
and the evaluations (`warta.evaluation`), below both."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass
class Tally:
    """Counts of true positives, false positives and false negatives for one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add_sets(self, predicted: Iterable[Hashable], gold: Iterable[Hashable]) -> None:
        """Count one item's predicted set against its gold set."""
        p, g = set(predicted), set(gold)
        self.tp += len(p & g)
        self.fp += len(p - g)
        self.fn += len(g - p)

    @property
    def precision(self) -> float:
        """tp / (tp + fp), 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn), 1.0 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
