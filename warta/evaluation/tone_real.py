"""Tone on real news text (`eval/tone/real/`): gold tone labels for the sentences, articles and named targets
of the saved news pages, and for the articles and direct quotes of PFSA-ID articles, scored against any tone
predictor.

The gold holds no text of the articles. A page's sentence row points at its sentence by the opening key of its
first words (`real_gold.opening_key`) and its character offset in the text Warta extracts from the page; the
scorer rebuilds that text and its sentences (stages `clean` and `sentences`) and takes, for each row, the
unused sentence with the same key whose start is nearest the row's. A PFSA-ID quote row points at its quote by
character offsets in the rendered article (`pfsa.render`), checked against its opening key. A row whose text
cannot be found is counted as unmatched and scored as a wrong prediction.

The predictors are plain callables, so this module needs no model package: `predict(texts) -> labels` for
sentences, quotes and articles (an article is given as its title, a blank line, and its text) and
`predict_targets([TargetQuery, ...]) -> labels` for targets: each query has the target's name, its sentence (or
article) and, for a page, the whole page with the sentence's offset, so a target named by a first name or an
index can be found in its article.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from warta.errors import InputError
from warta.evaluation import pfsa
from warta.evaluation.real_gold import held_out_page, held_out_pfsa, opening_key
from warta.model import Raw
from warta.pipeline import build
from warta.types import TONES

LABELS = TONES
PARTS = ("dev", "held-out", "all")
SECTIONS = ("sentences", "articles", "targets", "quotes")
PAGES_PREFIX = "news-pages/html/"
PFSA_SOURCE = "pfsa-id/dev-40.txt"
MISSING = "(unmatched)"


class TargetQuery(NamedTuple):
    """A target to score: `text` is its sentence (its article, for an article target), `name` the target as the
    text writes it; `title` and `body` are the page it comes from ("" when there is none) and `start` the
    sentence's offset in `body` (None for an article target), so a predictor can read the whole article."""

    text: str
    name: str
    title: str = ""
    body: str = ""
    start: int | None = None


Predictor = Callable[[list[str]], list[str]]
TargetPredictor = Callable[[list[TargetQuery]], list[str]]


# ------------------------------------------------------------------ gold rows


@dataclass(frozen=True)
class GoldTarget:
    """A named entity with a clear tone toward it, spelled as the text writes it."""

    name: str
    label: str


@dataclass(frozen=True)
class GoldRow:
    """One gold row: an article (`kind` "article"), a page sentence ("sentence") or a PFSA-ID quote ("quote")."""

    kind: str
    source: str
    label: str
    part: str
    targets: tuple[GoldTarget, ...] = ()
    key: str | None = None
    start: int | None = None
    end: int | None = None
    number: int | None = None


def read_rows(path: Path) -> list[GoldRow]:
    """The rows of a gold file (JSON Lines, format in eval/tone/real/README.md); `InputError` naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the tone gold ({exc.__class__.__name__})") from exc
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(_row(json.loads(line)))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise InputError(f"{path}:{number}: not a tone gold row ({exc.__class__.__name__}: {exc})") from exc
    return rows


def _row(data: dict[str, Any]) -> GoldRow:
    label, source = _label(data["label"]), str(data["source"])
    targets = tuple(GoldTarget(str(t["name"]), _label(t["label"])) for t in data.get("targets", []))
    number = int(data["number"]) if "number" in data else None
    part = "held-out" if _held_out(source, number) else "dev"
    if data.get("part", part) != part:
        raise ValueError(f"part {data.get('part')!r} but the held-out rule gives {part!r}")
    if data.get("article"):
        return GoldRow("article", source, label, part, targets, number=number)
    kind = "quote" if "end" in data else "sentence"
    key, start = str(data["key"]), int(data["start"])
    end = int(data["end"]) if kind == "quote" else None
    return GoldRow(kind, source, label, part, targets, key, start, end, number)


def _label(value: object) -> str:
    if value not in LABELS:
        raise ValueError(f"label {value!r} is not one of {', '.join(LABELS)}")
    return str(value)


def _held_out(source: str, number: int | None) -> bool:
    if source.startswith(PAGES_PREFIX):
        return held_out_page(source.removeprefix(PAGES_PREFIX))
    if source == PFSA_SOURCE and number is not None:
        return held_out_pfsa(number)
    raise ValueError(f"unknown source {source!r} (a news page or {PFSA_SOURCE} with a number)")


# ------------------------------------------------------------------ the texts the rows point into


@dataclass(frozen=True)
class PageText:
    """A page as Warta extracts it: title, text and sentence spans."""

    title: str
    text: str
    sentences: tuple[tuple[int, int], ...]


def page_text(folder: Path, name: str) -> PageText:
    """Extract a saved page (`.gz` is decompressed) and split it into sentences as the pipeline does."""
    path = folder / name
    try:
        content = path.read_bytes()
        content = gzip.decompress(content) if name.endswith(".gz") else content
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: cannot read the page ({exc.__class__.__name__})") from exc
    article = build(names=["clean", "sentences"]).run(Raw(content=content, format="html", origin=name))
    spans = tuple((s.start, s.end) for s in article.sentences)
    return PageText(article.title or "", article.text, spans)


def match_sentences(rows: Sequence[GoldRow], page: PageText) -> list[str | None]:
    """For each sentence row, the page sentence with its key nearest its start (each used once), or None."""
    return [None if span is None else page.text[span[0] : span[1]] for span in match_spans(rows, page)]


def match_spans(rows: Sequence[GoldRow], page: PageText) -> list[tuple[int, int] | None]:
    """For each sentence row, the span of the page sentence `match_sentences` gives, or None."""
    by_key: dict[str, list[tuple[int, int]]] = {}
    for start, end in page.sentences:
        by_key.setdefault(opening_key(page.text[start:end]), []).append((start, end))
    found: list[tuple[int, int] | None] = []
    for row in rows:
        candidates = by_key.get(row.key or "", [])
        if not candidates:
            found.append(None)
            continue
        best = min(candidates, key=lambda span: abs(span[0] - (row.start or 0)))
        candidates.remove(best)
        found.append(best)
    return found


def quote_text(text: str, row: GoldRow) -> str | None:
    """A PFSA-ID quote row's text: its offsets in the rendered article, if they hold a text with its key."""
    if row.start is None or row.end is None or not 0 <= row.start < row.end <= len(text):
        return None
    quote = text[row.start : row.end]
    return quote if opening_key(quote) == row.key else None


# ------------------------------------------------------------------ scores


@dataclass
class Confusion:
    """Gold against predicted labels for one section; unmatched rows count as wrong predictions."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: str, predicted: str) -> None:
        """Count one item."""
        self.counts[(gold, predicted)] += 1

    @property
    def total(self) -> int:
        """Items counted."""
        return sum(self.counts.values())

    @property
    def accuracy(self) -> float:
        """Share of items predicted right (0.0 when none)."""
        right = sum(n for (g, p), n in self.counts.items() if g == p)
        return right / self.total if self.total else 0.0

    def per_class(self) -> dict[str, tuple[float, float, float, int]]:
        """Per label: precision, recall, F1 and the gold count."""
        scores = {}
        for label in LABELS:
            tp = self.counts[(label, label)]
            predicted = sum(n for (_, p), n in self.counts.items() if p == label)
            gold = sum(n for (g, _), n in self.counts.items() if g == label)
            p = tp / predicted if predicted else 0.0
            r = tp / gold if gold else 0.0
            scores[label] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, gold)
        return scores

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the labels that have gold items."""
        f1s = [f1 for _, _, f1, gold in self.per_class().values() if gold]
        return sum(f1s) / len(f1s) if f1s else 0.0

    def summary(self) -> dict[str, Any]:
        """All figures as JSON-ready data (percentages rounded to two decimals)."""
        classes = {
            label: {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(100 * f1, 2), "gold": gold}
            for label, (p, r, f1, gold) in self.per_class().items()
        }
        return {
            "items": self.total,
            "unmatched": sum(n for (_, p), n in self.counts.items() if p == MISSING),
            "accuracy": round(100 * self.accuracy, 2),
            "macro_f1": round(100 * self.macro_f1, 2),
            "classes": classes,
        }


@dataclass
class ToneRealReport:
    """Confusions per section, and one line per unmatched row."""

    part: str
    sections: dict[str, Confusion] = field(default_factory=lambda: {s: Confusion() for s in SECTIONS})
    unmatched: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Every figure, per section, as JSON-ready data."""
        return {"part": self.part, **{name: c.summary() for name, c in self.sections.items()}}

    def table(self) -> str:
        """A fixed-width table: per section its accuracy, macro F1 and per-label F1, as percentages."""
        lines = [f"{'section':<11}{'n':>6}{'acc':>7}{'macroF1':>9}" + "".join(f"{lab:>9}" for lab in LABELS)]
        for name, c in self.sections.items():
            f1s = "".join(f"{100 * f1:>9.1f}" for _, _, f1, _ in c.per_class().values())
            lines.append(f"{name:<11}{c.total:>6}{100 * c.accuracy:>7.1f}{100 * c.macro_f1:>9.1f}{f1s}")
        return "\n".join(lines)


# ------------------------------------------------------------------ running the set


@dataclass
class _Items:
    """What to predict: per section the gold labels and the texts (None: unmatched), with a description each."""

    texts: dict[str, list[tuple[str, str | None, str]]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    targets: list[tuple[str, TargetQuery | None, str]] = field(default_factory=list)

    def add(
        self,
        section: str,
        row: GoldRow,
        text: str | None,
        where: str,
        page: PageText | None = None,
        start: int | None = None,
    ) -> None:
        """One gold row and its text (None: unmatched); its targets are read in `page` when given."""
        self.texts[section].append((row.label, text, where))
        title, body = (page.title, page.text) if page is not None else ("", "")
        for target in row.targets:
            query = TargetQuery(text, target.name, title, body, start) if text is not None else None
            self.targets.append((target.label, query, f"{where} target {target.name}"))


def evaluate(
    gold: Path,
    predict: Predictor,
    pages: Path | None = None,
    pfsa_file: Path | None = None,
    part: str = "all",
    predict_targets: TargetPredictor | None = None,
) -> ToneRealReport:
    """Score the predictors on the gold rows of the chosen part whose input (pages folder, PFSA-ID file) was given.
    `gold` is a folder with `pages.jsonl` and/or `pfsa.jsonl`; targets are scored when `predict_targets` is given."""
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; use one of {', '.join(PARTS)}")
    if not gold.is_dir():
        raise InputError(f"{gold}: no such folder")
    items = _Items()
    if pages is not None:
        _page_items(_chosen(gold / "pages.jsonl", part), pages, items)
    if pfsa_file is not None:
        _pfsa_items(_chosen(gold / "pfsa.jsonl", part), pfsa_file, items)
    report = ToneRealReport(part)
    for section, entries in items.texts.items():
        _score(report, section, entries, predict)
    if predict_targets is not None:
        _score(report, "targets", items.targets, predict_targets)
    return report


def _chosen(path: Path, part: str) -> list[GoldRow]:
    rows = read_rows(path) if path.is_file() else []
    return [r for r in rows if part == "all" or r.part == part]


def _page_items(rows: list[GoldRow], pages: Path, items: _Items) -> None:
    if not pages.is_dir():
        raise InputError(f"{pages}: no such folder")
    for source in dict.fromkeys(r.source for r in rows):
        page = page_text(pages, source.removeprefix(PAGES_PREFIX))
        mine = [r for r in rows if r.source == source]
        sentences = [r for r in mine if r.kind == "sentence"]
        for row, span in zip(sentences, match_spans(sentences, page), strict=True):
            text = None if span is None else page.text[span[0] : span[1]]
            start = None if span is None else span[0]
            items.add("sentences", row, text, f"{source}@{row.start} {row.key}", page, start)
        for row in (r for r in mine if r.kind == "article"):
            items.add("articles", row, f"{page.title}\n\n{page.text}", f"{source} article", page)


def _pfsa_items(rows: list[GoldRow], pfsa_file: Path, items: _Items) -> None:
    if not rows:
        return
    if not pfsa_file.is_file():
        raise InputError(f"{pfsa_file}: no such file")
    articles = pfsa.read(pfsa_file)
    for row in rows:
        number = row.number or 0
        if number > len(articles):
            raise InputError(f"{pfsa_file} has only {len(articles)} articles; the gold names article {number}")
        text = pfsa.render(articles[number - 1]).text
        if row.kind == "article":
            items.add("articles", row, text, f"pfsa#{number} article")
        else:
            items.add("quotes", row, quote_text(text, row), f"pfsa#{number}@{row.start} {row.key}")


def _score(report: ToneRealReport, section: str, entries: Sequence[tuple[str, Any, str]], predict: Any) -> None:
    """Predict the matched entries in one batch and count every entry (an unmatched one as wrong)."""
    inputs = [text for _, text, _ in entries if text is not None]
    labels = iter(_checked(predict(inputs), len(inputs)) if inputs else [])
    confusion = report.sections[section]
    for gold, text, where in entries:
        if text is None:
            report.unmatched.append(f"{section}\t{where}")
            confusion.add(gold, MISSING)
        else:
            confusion.add(gold, next(labels))


def _checked(labels: Sequence[str], expected: int) -> list[str]:
    if len(labels) != expected or any(label not in LABELS for label in labels):
        raise InputError(f"the tone predictor must return {expected} labels out of {', '.join(LABELS)}")
    return list(labels)
