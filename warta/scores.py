"""Precision, recall and F1 over counted matches (`Tally`): shared by the NER model's scores (`warta.ner.scoring`)
and the evaluations (`warta.evaluation`), below both; and B-cubed over clusterings (`bcubed`: entity linking,
isu)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field


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


@dataclass
class Labelling:
    """Counts of a labelling scored row by row: rows, right ones, and a `Tally` per label (each report fills
    `by_label` with its own labels), with accuracy and macro F1: the base of the tone and category reports."""

    rows: int = 0
    correct: int = 0
    by_label: dict[str, Tally] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        """Share of rows labelled right."""
        return self.correct / self.rows if self.rows else 0.0

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the labels present in gold or predictions."""
        seen = [t for t in self.by_label.values() if t.tp + t.fp + t.fn]
        return sum(t.f1 for t in seen) / len(seen) if seen else 0.0


@dataclass
class Clustering:
    """B-cubed precision and recall of a clustering (`bcubed`), with their F1: the base of the reports of the
    evaluations that score clusters (entity linking, isu)."""

    precision: float = 0.0
    recall: float = 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of B-cubed precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(
    gold: Sequence[str], predicted: Sequence[str], scored: Sequence[bool] | None = None
) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of predicted cluster labels against gold ones (one label per item),
    averaged over the `scored` items (default all); clusters always count every item."""
    if len(gold) != len(predicted) or (scored is not None and len(scored) != len(gold)):
        raise ValueError("gold and predicted labels must be as many")
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_sizes, pred_sizes = Counter(gold), Counter(predicted)
    chosen = [(g, p) for i, (g, p) in enumerate(zip(gold, predicted, strict=True)) if scored is None or scored[i]]
    if not chosen:
        return 0.0, 0.0, 0.0
    precision = sum(pairs[(g, p)] / pred_sizes[p] for g, p in chosen) / len(chosen)
    recall = sum(pairs[(g, p)] / gold_sizes[g] for g, p in chosen) / len(chosen)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
