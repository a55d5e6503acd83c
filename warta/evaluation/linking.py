"""Entity linking across articles, scored with B-cubed over gold mentions (`eval/linking/README.md`).

The articles (`articles.jsonl`) go through the pipeline into a fresh in-memory store, so that the store's
identity rules (persons of one name, curation) apply as in use. Each gold mention (`gold.tsv`: article,
surface, occurrence, cluster) is found in the stored article's text; its predicted cluster is the entity of
the predicted mention overlapping it most, or, for a person known only by role, the holder the store infers
from other articles of the period. A gold mention no predicted mention overlaps is its own singleton.

B-cubed (Bagga and Baldwin, 1998): for each gold mention, precision is the share of its predicted cluster
(restricted to gold mentions) that shares its gold cluster, recall the share of its gold cluster that shares
its predicted cluster; both are averaged over mentions.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.pipeline import Pipeline
from warta.scores import Clustering, bcubed
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.files import iter_inputs
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore


@dataclass(frozen=True)
class GoldMention:
    """One row of gold.tsv."""

    article: str
    surface: str
    occurrence: int
    cluster: str
    line: int


@dataclass
class LinkingReport(Clustering):
    """B-cubed figures and what went into them."""

    articles: int = 0
    mentions: int = 0
    clusters: int = 0
    unfound: int = 0
    failures: list[str] = field(default_factory=list)


def read_gold(path: Path) -> list[GoldMention]:
    """The gold mentions; a malformed row is an InputError naming its line."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            try:
                out.append(GoldMention(row["article"], row["surface"], int(row["occurrence"]), row["cluster"], number))
            except (KeyError, TypeError, ValueError):
                raise InputError(f"{path}:{number}: need article, surface, occurrence (a number), cluster") from None
    return out


def evaluate(pipe: Pipeline, folder: Path) -> LinkingReport:
    """Run the articles into a fresh store and score the gold mentions."""
    articles_path = folder / "articles.jsonl"
    if not articles_path.is_file():
        raise InputError(f"{articles_path}: no such file")
    gold = read_gold(folder / "gold.tsv")
    report = LinkingReport()
    with open_store(":memory:") as store:
        for item in iter_inputs([str(articles_path)], Settings(), "jsonl"):
            if isinstance(item, Unreadable):
                raise InputError(f"{item.error}")
            store.save(pipe.run(item))
            report.articles += 1
        predicted = [_predict(store, mention, report) for mention in gold]
    labels = [g.cluster for g in gold]
    report.precision, report.recall, _ = bcubed(labels, predicted)
    report.mentions, report.clusters = len(gold), len(set(labels))
    report.failures.extend(_failures(gold, predicted))
    return report


def _predict(store: SQLStore, mention: GoldMention, report: LinkingReport) -> str:
    try:
        doc = store.article(mention.article)
    except Exception:
        raise InputError(f"gold.tsv:{mention.line}: no article {mention.article!r} in articles.jsonl") from None
    start = _find(doc["article"]["text"], mention.surface, mention.occurrence)
    if start is None:
        raise InputError(f"gold.tsv:{mention.line}: {mention.surface!r} occurs fewer than {mention.occurrence} times")
    end = start + len(mention.surface)
    best = _overlapping(doc["mentions"], start, end)
    if best is None:
        report.unfound += 1
        return f"unfound:{mention.article}:{start}"
    return _resolved(store, doc, best["entity"], mention.article)


def _find(text: str, surface: str, occurrence: int) -> int | None:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(surface, pos + 1)
        if pos < 0:
            return None
    return pos


def _overlapping(mentions: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    scored = [(min(end, m["end"]) - max(start, m["start"]), m) for m in mentions]
    scored = [(n, m) for n, m in scored if n > 0]
    if not scored:
        return None
    return max(scored, key=lambda pair: (pair[0], -abs(pair[1]["start"] - start)))[1]


def _resolved(store: SQLStore, doc: dict[str, Any], entity_id: str, article_id: str) -> str:
    entity = next((e for e in doc["entities"] if e["id"] == entity_id), None)
    if entity is not None and entity["type"] == "person" and not entity["named"]:
        holder = next((h for h in queries.role_holders(store, entity_id) if h.article_id == article_id), None)
        if holder is not None:
            return holder.person_id
    return entity_id


def _failures(gold: Sequence[GoldMention], predicted: Sequence[str]) -> list[str]:
    """Gold mentions whose predicted cluster disagrees with the majority predicted cluster of their gold one."""
    by_gold: dict[str, Counter[str]] = {}
    for g, p in zip(gold, predicted, strict=True):
        by_gold.setdefault(g.cluster, Counter())[p] += 1
    out = []
    for g, p in zip(gold, predicted, strict=True):
        majority = by_gold[g.cluster].most_common(1)[0][0]
        shared = [o.cluster for o, q in zip(gold, predicted, strict=True) if q == p and o.cluster != g.cluster]
        if p != majority or shared:
            also = f"; predicted cluster also holds {sorted(set(shared))}" if shared else ""
            out.append(f"{g.article}\t{g.surface!r}\tgold {g.cluster}\tpredicted {p}{also}")
    return out
