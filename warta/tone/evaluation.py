"""Scoring tone labels against gold: per-class precision, recall and F1 (`warta.scores.Tally`), macro F1 and
accuracy (`warta eval tone`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from warta.scores import Labelling, Tally
from warta.tone.data import LABELS


@dataclass
class ToneReport(Labelling):
    """Counts of one evaluation."""

    by_label: dict[str, Tally] = field(default_factory=lambda: {label: Tally() for label in LABELS})


def score(gold: Sequence[str], predicted: Sequence[str]) -> ToneReport:
    """Tally predicted labels against gold labels, row by row."""
    report = ToneReport()
    for g, p in zip(gold, predicted, strict=True):
        report.rows += 1
        report.correct += g == p
        if g == p:
            report.by_label[g].tp += 1
        else:
            report.by_label[p].fp += 1
            report.by_label[g].fn += 1
    return report


def lines(report: ToneReport, name: str = "model") -> list[str]:
    """The report as printed lines: one per label, then macro F1 and accuracy."""
    out = [f"{name:<10}{'label':<10}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for label, t in report.by_label.items():
        out.append(
            f"{'':<10}{label:<10}{100 * t.precision:>7.1f}{100 * t.recall:>7.1f}{100 * t.f1:>7.1f}"
            f"{t.tp:>6}{t.fp:>6}{t.fn:>6}"
        )
    figures = f"macro F1 {100 * report.macro_f1:.1f}  accuracy {100 * report.accuracy:.1f}  rows {report.rows}"
    out.append(f"{'':<10}{figures}")
    return out
