"""Article categories scored against gold labels (`eval/category/`, docs/category.md): per-class precision, recall
and F1, macro F1 and accuracy (`warta eval category`).

Two gold sets: `labels.tsv` (id → category) for the team-written articles of a JSON Lines file (eval/isu), where
every third article id (i003, i006, …) is held out; and `pages.tsv` (file name → category) for saved news pages,
where page numbers divisible by three are held out (as in eval/real). The articles go through extraction and
cleaning, then the category rule (`warta.stages.category.decide`), with or without the outlet's section.
"""

from __future__ import annotations

import gzip
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warta.errors import InputError
from warta.evaluation.real_gold import held_out_page
from warta.model import Article, Raw
from warta.pipeline import Pipeline, build
from warta.scores import Labelling, Tally
from warta.sources import Unreadable
from warta.sources.files import parse_jsonl
from warta.stages.category import decide
from warta.types import CATEGORIES

PARTS = ("dev", "held-out", "all")
_NUMBER = re.compile(r"\d+")


@dataclass
class CategoryReport(Labelling):
    """Counts of one evaluation: per category, right and wrong, and the time the rule took."""

    by_label: dict[str, Tally] = field(default_factory=lambda: {label: Tally() for label in CATEGORIES})
    sources: dict[str, int] = field(default_factory=lambda: {"section": 0, "classifier": 0})
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def add(self, item: str, gold: str, predicted: str, source: str) -> None:
        """Count one article."""
        self.rows += 1
        self.correct += gold == predicted
        self.sources[source] = self.sources.get(source, 0) + 1
        if gold == predicted:
            self.by_label[gold].tp += 1
            return
        self.by_label[predicted].fp += 1
        self.by_label[gold].fn += 1
        self.failures.append(f"{item}: gold {gold}, predicted {predicted} ({source})")

    def lines(self) -> list[str]:
        """The report as printed lines: one per category seen, then macro F1, accuracy and the rule's speed."""
        out = [f"{'category':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
        for label, t in self.by_label.items():
            if t.tp + t.fp + t.fn:
                out.append(
                    f"{label:<16}{100 * t.precision:>7.1f}{100 * t.recall:>7.1f}{100 * t.f1:>7.1f}"
                    f"{t.tp:>5}{t.fp:>5}{t.fn:>5}"
                )
        per = 1000 * self.seconds / self.rows if self.rows else 0.0
        out.append(f"macro F1 {100 * self.macro_f1:.1f}  accuracy {100 * self.accuracy:.1f}  articles {self.rows}")
        out.append(f"by section {self.sources.get('section', 0)}, by classifier {self.sources.get('classifier', 0)}; "
                   f"{per:.3f} ms per article for the rule")  # fmt: skip
        return out


def read_labels(path: Path) -> dict[str, str]:
    """Item (article id or page file name) → gold category, from a two-column TSV with a header line."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    labels: dict[str, str] = {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != 2 or cells[1] not in CATEGORIES:
            raise InputError(f"{path}:{number}: need item<TAB>category, the category one of {', '.join(CATEGORIES)}")
        if cells[0] in labels:
            raise InputError(f"{path}:{number}: {cells[0]!r} is labelled twice")
        labels[cells[0]] = cells[1]
    return labels


def held_out_id(item: str) -> bool:
    """Whether an article id (`i003`) is held out: its number is divisible by three."""
    match = _NUMBER.search(item)
    if match is None:
        raise InputError(f"article id {item!r} has no number; ids are numbered like i001")
    return int(match.group()) % 3 == 0


def _in_part(held_out: bool, part: str) -> bool:
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; use one of {', '.join(PARTS)}")
    return part == "all" or held_out == (part == "held-out")


def _score(items: Iterator[tuple[str, Article]], labels: dict[str, str], classifier_only: bool) -> CategoryReport:
    report = CategoryReport()
    for item, article in items:
        start = time.perf_counter()
        decision = decide(article, classifier_only=classifier_only)
        report.seconds += time.perf_counter() - start
        report.add(item, labels[item], decision.category, decision.source)
    return report


def evaluate_articles(
    data: Path, labels_path: Path, part: str = "dev", classifier_only: bool = False, pipe: Pipeline | None = None
) -> CategoryReport:
    """Score the labelled articles of a JSON Lines file (those of `part`)."""
    labels = read_labels(labels_path)
    if not data.is_file():
        raise InputError(f"{data}: no such file")
    cleaner = pipe or build(names=["clean"])

    def items() -> Iterator[tuple[str, Article]]:
        for raw in parse_jsonl(data.read_text(encoding="utf-8"), str(data)):
            if isinstance(raw, Unreadable):
                raise InputError(raw.error)
            if raw.id is None or raw.id not in labels:
                raise InputError(f"{raw.origin}: article {raw.id!r} has no gold category in {labels_path}")
            if _in_part(held_out_id(raw.id), part):
                yield raw.id, cleaner.run(raw)

    return _score(items(), labels, classifier_only)


def evaluate_pages(
    pages: Path, labels_path: Path, part: str = "all", classifier_only: bool = False, pipe: Pipeline | None = None
) -> CategoryReport:
    """Score the labelled saved pages of a folder (`.gz` pages are decompressed)."""
    labels = read_labels(labels_path)
    cleaner = pipe or build(names=["clean"])

    def items() -> Iterator[tuple[str, Article]]:
        for name in sorted(labels):
            if _in_part(held_out_page(name), part):
                yield name, cleaner.run(Raw(content=_page_bytes(pages / name), format="html", origin=name))

    return _score(items(), labels, classifier_only)


def _page_bytes(path: Path) -> bytes:
    try:
        content = path.read_bytes()
        return gzip.decompress(content) if path.name.endswith(".gz") else content
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: cannot read the page ({exc.__class__.__name__})") from exc
