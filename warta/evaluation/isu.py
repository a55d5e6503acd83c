"""Isu clustering scored with B-cubed against a gold story per article (`eval/isu/`, docs/isu.md).

The articles (`articles.jsonl`: id, story, outlet, url, published, title, text) go through the pipeline and are
clustered in file order. Stories are numbered (`s01`, `s02`, …); every third one (s03, s06, …) is held out: the
rule was tuned on the others (`--part dev`) and scored once on the held-out part. A part is clustered on its own.

B-cubed (Bagga and Baldwin, 1998): for each article, precision is the share of its predicted isu that shares its
gold story, recall the share of its gold story that shares its predicted isu; both are averaged over articles.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from warta.errors import InputError
from warta.isu import Clusterer, Features, Rule, features, label
from warta.pipeline import Pipeline
from warta.scores import Clustering, bcubed
from warta.sources import Unreadable
from warta.sources.files import parse_jsonl

PARTS = ("dev", "held-out", "all")
_NUMBER = re.compile(r"\d+")


@dataclass
class IsuReport(Clustering):
    """B-cubed figures, and what went into them."""

    articles: int = 0
    stories: int = 0
    isus: int = 0
    failures: list[str] = field(default_factory=list)


def in_part(story: str, part: str) -> bool:
    """Whether a story (`s07`) belongs to a part: held-out when its number is divisible by 3."""
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; use one of {', '.join(PARTS)}")
    match = _NUMBER.search(story)
    if match is None:
        raise InputError(f"story {story!r} has no number; stories are named s01, s02, …")
    held_out = int(match.group()) % 3 == 0
    return part == "all" or held_out == (part == "held-out")


def read_stories(path: Path) -> dict[str, str]:
    """Article id → gold story, from the JSON Lines file; a record without both is an InputError."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    stories: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            article, story = str(record["id"]), str(record["story"])
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{path}:{number}: need a JSON object with id and story") from None
        if article in stories:
            raise InputError(f"{path}:{number}: article {article!r} appears twice")
        stories[article] = story
    return stories


def cluster_file(pipe: Pipeline, path: Path, rule: Rule | None = None) -> tuple[list[Features], Clusterer]:
    """The features of the file's articles (file order) and the clusterer they were added to."""
    stories = read_stories(path)
    clusterer = Clusterer(rule) if rule is not None else Clusterer()
    items: list[Features] = []
    for raw in parse_jsonl(path.read_text(encoding="utf-8"), str(path)):
        if isinstance(raw, Unreadable):
            raise InputError(raw.error)
        if raw.id is None or raw.id not in stories:
            raise InputError(f"{raw.origin}: record without an id and story")
        item = features(pipe.run(raw))
        items.append(item)
        clusterer.add(item)
    return items, clusterer


def evaluate(pipe: Pipeline, path: Path, part: str = "dev", rule: Rule | None = None) -> IsuReport:
    """Cluster every article of the file in file order, and score the part's articles."""
    stories = read_stories(path)
    if part not in PARTS:
        raise InputError(f"unknown part {part!r}; use one of {', '.join(PARTS)}")
    items, clusterer = cluster_file(pipe, path, rule)
    gold = [stories[item.article] for item in items]
    predicted = [clusterer.isu_of(item.article) for item in items]
    scored = [in_part(story, part) for story in gold]
    chosen = [i for i, keep in enumerate(scored) if keep]
    report = IsuReport(
        articles=len(chosen), stories=len({gold[i] for i in chosen}), isus=len({predicted[i] for i in chosen})
    )
    report.precision, report.recall, _ = bcubed(gold, predicted, scored)
    report.failures = failures(clusterer, stories, part)
    return report


def failures(clusterer: Clusterer, stories: dict[str, str], part: str) -> list[str]:
    """One line per isu that mixes stories, and per story split over isus (the part's stories only)."""
    lines = []
    by_story: dict[str, set[str]] = defaultdict(set)
    for isu in clusterer.isus():
        members = clusterer.members(isu)
        held = Counter(stories[m.article] for m in members)
        for m in members:
            by_story[stories[m.article]].add(isu)
        if len(held) > 1 and any(in_part(story, part) for story in held):
            mix = ", ".join(f"{s}×{n}" for s, n in sorted(held.items()))
            lines.append(f"mixed {isu} [{label(members)}]: {mix}")
    for story, isus in sorted(by_story.items()):
        if len(isus) > 1 and in_part(story, part):
            parts = "; ".join(
                f"{isu} ({', '.join(m.article for m in clusterer.members(isu) if stories[m.article] == story)})"
                for isu in sorted(isus)
            )
            lines.append(f"split {story}: {parts}")
    return lines
