"""The real-news set (`eval/real/`, docs/evaluation.md): the pipeline over real article pages and PFSA-ID
articles, scored against facts-only gold files (`real_gold`).

Entities are scored per group (persons, role-only persons, organizations, places, brands) with one-to-one
matching: a predicted entity matches a gold item when its name or an alias, normalized, is one of the item's
name and forms; a second predicted entity for the same gold item is a false positive, so a person split in two
is punished. Direct quotes match by the opening key of their first words. A found quote's speaker is right
only when the predicted speaker entity's canonical name is the gold speaker's name (strict: ranks, titles and
degrees dropped from both, a fragment of the name is wrong); for a role-only person or an organization its name
or an alias must be one of the gold item's forms; for a quote whose gold speaker is null, no speaker.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.document import to_document
from warta.errors import InputError
from warta.evaluation import pfsa
from warta.evaluation.real_gold import (
    GROUPS,
    GoldArticle,
    GoldItem,
    GoldQuote,
    held_out_page,
    held_out_pfsa,
    opening_key,
    read_gold,
)
from warta.evaluation.speakers import name_key, strict_key
from warta.model import Raw
from warta.pipeline import Pipeline
from warta.scores import Tally
from warta.types import ORG_TYPES, PLACE_TYPES

Doc = dict[str, Any]
PARTS = ("dev", "held-out", "all")
COMBINED = "orgs+places+persons"
QUOTES = "direct quotes"
_MARKS = "“”\"'‘’ "


@dataclass
class Scores:
    """Tallies per group and for direct quotes, and the speaker counts, over some articles."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in (*GROUPS, QUOTES)})
    speakers_right: int = 0
    articles: int = 0

    @property
    def quotes_gold(self) -> int:
        """Gold direct quotes."""
        return self.tallies[QUOTES].tp + self.tallies[QUOTES].fn

    @property
    def quotes_found(self) -> int:
        """Gold direct quotes a predicted direct quote matched."""
        return self.tallies[QUOTES].tp

    @property
    def speaker_accuracy(self) -> float:
        """Strict speaker accuracy over the found gold quotes."""
        return self.speakers_right / self.quotes_found if self.quotes_found else 0.0

    @property
    def speaker_accuracy_all(self) -> float:
        """Strict speaker accuracy over all gold quotes (a quote not found counts as wrong)."""
        return self.speakers_right / self.quotes_gold if self.quotes_gold else 0.0

    def table_tallies(self) -> dict[str, Tally]:
        """The groups, their combination (persons, organizations and places) and direct quotes, for printing."""
        combined = Tally()
        for name in ("persons", "organizations", "places"):
            t = self.tallies[name]
            combined.tp, combined.fp, combined.fn = combined.tp + t.tp, combined.fp + t.fp, combined.fn + t.fn
        return {**{g: self.tallies[g] for g in GROUPS}, COMBINED: combined, QUOTES: self.tallies[QUOTES]}

    def add(self, other: Scores) -> None:
        """Pool another set of articles into this one."""
        for name, t in other.tallies.items():
            mine = self.tallies[name]
            mine.tp, mine.fp, mine.fn = mine.tp + t.tp, mine.fp + t.fp, mine.fn + t.fn
        self.speakers_right += other.speakers_right
        self.articles += other.articles

    def summary(self) -> dict[str, Any]:
        """All figures as JSON-ready data (percentages rounded to two decimals)."""
        groups = {name: _figures(t) for name, t in self.table_tallies().items()}
        return {
            "articles": self.articles,
            "groups": groups,
            "speakers": {
                "right": self.speakers_right,
                "found": self.quotes_found,
                "gold": self.quotes_gold,
                "strict_accuracy_of_found": round(100 * self.speaker_accuracy, 2),
                "strict_accuracy_of_all": round(100 * self.speaker_accuracy_all, 2),
            },
        }


def _figures(t: Tally) -> dict[str, float | int]:
    return {
        "p": round(100 * t.precision, 2),
        "r": round(100 * t.recall, 2),
        "f1": round(100 * t.f1, 2),
        "tp": t.tp,
        "fp": t.fp,
        "fn": t.fn,
    }


@dataclass
class RealReport:
    """Scores per source ("pages", "pfsa") and the failures, one line each."""

    part: str
    sources: dict[str, Scores] = field(default_factory=lambda: {"pages": Scores(), "pfsa": Scores()})
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> Scores:
        """Both sources pooled."""
        pooled = Scores()
        for scores in self.sources.values():
            pooled.add(scores)
        return pooled

    def summary(self) -> dict[str, Any]:
        """Every figure, per source and pooled, as JSON-ready data."""
        return {
            "part": self.part,
            **{name: s.summary() for name, s in self.sources.items()},
            "all": self.total.summary(),
        }


# ------------------------------------------------------------------ running the set


def evaluate(pipe: Pipeline, gold: Path, pages: Path | None, pfsa_file: Path | None, part: str) -> RealReport:
    """Run the pipeline over every gold article of the chosen part whose input was given, and score it."""
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; use one of {', '.join(PARTS)}")
    if not gold.is_dir():
        raise InputError(f"{gold}: no such folder")
    report = RealReport(part)
    if pages is not None:
        _run_pages(pipe, gold / "pages", pages, report)
    if pfsa_file is not None:
        _run_pfsa(pipe, gold / "pfsa", pfsa_file, report)
    return report


def _run_pages(pipe: Pipeline, gold: Path, pages: Path, report: RealReport) -> None:
    if not pages.is_dir():
        raise InputError(f"{pages}: no such folder")
    for path in _chosen(gold, report.part, lambda p: held_out_page(p.stem)):
        doc = to_document(pipe.run(Raw(content=read_page(pages, path.stem), format="html", origin=path.stem)))
        score(doc, read_gold(path, f"pages/{path.stem}"), report.sources["pages"], report.failures)


def _run_pfsa(pipe: Pipeline, gold: Path, pfsa_file: Path, report: RealReport) -> None:
    if not pfsa_file.is_file():
        raise InputError(f"{pfsa_file}: no such file")
    chosen = _chosen(gold, report.part, lambda p: held_out_pfsa(_number(p)))
    articles = pfsa.read(pfsa_file) if chosen else []
    for path in chosen:
        number = _number(path)
        if number > len(articles):
            raise InputError(f"{path}: {pfsa_file} has only {len(articles)} articles")
        rendered = pfsa.render(articles[number - 1])
        raw = Raw(content=rendered.text, format="text", origin=f"{pfsa_file}#{number}", as_is=True)
        doc = to_document(pipe.run(raw))
        score(doc, read_gold(path, f"pfsa/{path.stem}"), report.sources["pfsa"], report.failures)


def _chosen(folder: Path, part: str, held_out: Callable[[Path], bool]) -> list[Path]:
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return [p for p in files if part == "all" or held_out(p) == (part == "held-out")]


def _number(path: Path) -> int:
    if not path.stem.isdigit():
        raise InputError(f"{path}: a PFSA-ID gold file is named by its article number (NNN.json)")
    return int(path.stem)


def read_page(folder: Path, stem: str) -> bytes:
    """The saved page of a gold file (`<stem>.html`, or gzip-compressed `<stem>.html.gz`), decompressed."""
    for name in (f"{stem}.html", f"{stem}.html.gz"):
        path = folder / name
        if path.is_file():
            try:
                content = path.read_bytes()
                return gzip.decompress(content) if name.endswith(".gz") else content
            except (OSError, EOFError) as exc:
                raise InputError(f"{path}: cannot read the page ({exc.__class__.__name__})") from exc
    raise InputError(f"{folder}: no page {stem}.html or {stem}.html.gz for its gold file")


# ------------------------------------------------------------------ scoring one article


def score(doc: Doc, gold: GoldArticle, scores: Scores, failures: list[str]) -> None:
    """Add one article's comparison (its document against its gold) to the scores and the failures."""
    entities = [e for e in doc["entities"] if not e["inferred"]]
    for group in GROUPS:
        predicted = [e for e in entities if _group(e) == group]
        key = strict_key if group == "persons" else name_key
        pairs = match_items([_keys(e, key) for e in predicted], [_gold_keys(i, key) for i in gold.items[group]])
        tally = scores.tallies[group]
        tally.tp += len(pairs)
        for i, entity in enumerate(predicted):
            if i not in pairs:
                tally.fp += 1
                failures.append(f"{gold.label}\t{group}\tFP\t{entity['name']}")
        for j, item in enumerate(gold.items[group]):
            if j not in pairs.values():
                tally.fn += 1
                failures.append(f"{gold.label}\t{group}\tFN\t{item.name}")
    _score_quotes(doc, gold, scores, failures)
    scores.articles += 1


def _group(entity: Doc) -> str | None:
    kind = entity["type"]
    if kind == "person":
        return "persons" if entity["named"] else "role_persons"
    if kind in ORG_TYPES:
        return "organizations"
    if kind in PLACE_TYPES:
        return "places"
    return "brands" if kind == "brand" else None


def _keys(entity: Doc, key: Callable[[str], str]) -> frozenset[str]:
    return frozenset(key(n) for n in (entity["name"], *entity["aliases"])) - {""}


def _gold_keys(item: GoldItem, key: Callable[[str], str]) -> frozenset[str]:
    return frozenset(key(n) for n in (item.name, *item.forms)) - {""}


def match_items(predicted: Sequence[frozenset[str]], gold: Sequence[frozenset[str]]) -> dict[int, int]:
    """A largest one-to-one matching of predicted to gold items sharing a key: predicted index → gold index."""
    owner: dict[int, int] = {}  # gold index → predicted index

    def augment(p: int, seen: set[int]) -> bool:
        for g, keys in enumerate(gold):
            if g in seen or not predicted[p] & keys:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = p
                return True
        return False

    for p in range(len(predicted)):
        augment(p, set())
    return {p: g for g, p in owner.items()}


def opening_keys(text: str) -> set[str]:
    """The opening keys a predicted quote may carry: of its text, and of its text without a leading mark."""
    return {opening_key(text), opening_key(text.lstrip(_MARKS))}


def match_quotes(gold: Sequence[GoldQuote], predicted: Sequence[Doc]) -> list[Doc | None]:
    """For each gold quote in order, the first predicted quote not yet used whose opening key equals it."""
    keys = [opening_keys(q["text"]) for q in predicted]
    used: set[int] = set()
    found: list[Doc | None] = []
    for quote in gold:
        index = next((i for i, k in enumerate(keys) if i not in used and quote.opening in k), None)
        if index is not None:
            used.add(index)
        found.append(predicted[index] if index is not None else None)
    return found


def _score_quotes(doc: Doc, gold: GoldArticle, scores: Scores, failures: list[str]) -> None:
    direct = [q for q in doc["quotes"] if q["kind"] == "direct"]
    found = match_quotes(gold.quotes, direct)
    tally = scores.tallies[QUOTES]
    by_id = {e["id"]: e for e in doc["entities"]}
    for quote, predicted in zip(gold.quotes, found, strict=True):
        if predicted is None:
            tally.fn += 1
            failures.append(f"{gold.label}\tquote\tFN\t{quote.opening} (speaker {quote.speaker})")
            continue
        tally.tp += 1
        speaker = by_id.get(predicted["speaker"] or "")
        if speaker_right(quote.speaker, speaker, gold):
            scores.speakers_right += 1
        else:
            name = speaker["name"] if speaker else None
            failures.append(f"{gold.label}\tspeaker\tWRONG\t{quote.opening}: gold {quote.speaker}, predicted {name}")
    matched = {id(q) for q in found if q is not None}
    for quote in direct:
        if id(quote) not in matched:
            tally.fp += 1
            failures.append(f"{gold.label}\tquote\tFP\t{opening_key(quote['text'])} {_opening(quote['text'])}")


def _opening(text: str) -> str:
    return " ".join(text.split()[:6])


def speaker_right(gold_speaker: str | None, entity: Doc | None, gold: GoldArticle) -> bool:
    """Whether a predicted speaker entity is the gold speaker: for a named person the same name (strict), for a
    role-only person or a body one of the gold item's forms; when the gold says none, no speaker."""
    if gold_speaker is None or entity is None:
        return gold_speaker is None and entity is None
    if entity["type"] == "person" and entity["named"]:
        return strict_key(entity["name"]) == strict_key(gold_speaker)
    forms = _item_forms(gold_speaker, gold.items["role_persons"], gold.items["organizations"])
    return bool(_keys(entity, name_key) & forms)


def _item_forms(name: str, *groups: Iterable[GoldItem]) -> frozenset[str]:
    for group in groups:
        for item in group:
            if item.name == name:
                return _gold_keys(item, name_key)
    return frozenset({name_key(name)})
