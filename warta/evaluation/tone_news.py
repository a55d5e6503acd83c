"""The tone stage end to end on the team's news-tone set (`eval/tone/news.jsonl`, docs/tone.md): each article is
run through the whole pipeline, and its tone and the tone toward each labelled target are scored against the
gold, for articles, article targets and sentence targets (`warta eval tone --format warta --level …`).

A target is found among the article's entities by its name or an alias (case and accents ignored); a target the
pipeline did not find as an entity counts as `netral` predicted (so a missed entity costs, as it should).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.ids import normalize_key
from warta.model import Article, Raw
from warta.pipeline import Pipeline
from warta.tone.evaluation import ToneReport, score

LEVELS = ("article", "target", "sentence-target")


@dataclass
class NewsArticle:
    """One gold article: its title, its sentences (with their targets), its label and article targets."""

    id: str
    part: str
    title: str = ""
    label: str = "netral"
    targets: list[dict[str, str]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)


def read_articles(path: Path, part: str) -> list[NewsArticle]:
    """The articles of the chosen part (`train`, `held-out` or `all`), in file order."""
    articles: dict[str, NewsArticle] = {}
    for number, row in _rows(path):
        key = str(row.get("article", ""))
        if not key:
            raise InputError(f"{path}:{number}: a row without its article")
        article = articles.setdefault(key, NewsArticle(key, "train" if row.get("part") == "train" else "held-out"))
        if row.get("n") == 0:
            article.title, article.label = str(row.get("title", "")), str(row.get("label", ""))
            article.targets = list(row.get("targets", []))
        else:
            article.sentences.append(row)
    return [a for a in articles.values() if part == "all" or a.part == part]


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    for number, line in enumerate(lines, 1):
        if line.strip():
            row = json.loads(line)
            if not isinstance(row, dict):
                raise InputError(f"{path}:{number}: expected a JSON object")
            yield number, row


def evaluate(pipe: Pipeline, path: Path, part: str, level: str) -> ToneReport:
    """Score the pipeline's tone at one level (`article`, `target`: article targets, `sentence-target`)."""
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    gold: list[str] = []
    predicted: list[str] = []
    for item in read_articles(path, part):
        if level == "sentence-target":
            for sentence in item.sentences:
                _targets(pipe.run(_raw(item.id, "", [sentence])), sentence.get("targets", []), gold, predicted)
            continue
        article = pipe.run(_raw(item.id, item.title, item.sentences))
        if level == "article":
            gold.append(item.label)
            predicted.append(article.tone.label if article.tone else "netral")
        else:
            _targets(article, item.targets, gold, predicted)
    return score(gold, predicted)


def _raw(key: str, title: str, sentences: list[dict[str, Any]]) -> Raw:
    body = " ".join(str(s.get("text", "")) for s in sentences)
    return Raw(content=body, format="text", origin=f"news-tone:{key}", title=title or None)


def _targets(article: Article, targets: list[dict[str, str]], gold: list[str], predicted: list[str]) -> None:
    for target in targets:
        gold.append(target["label"])
        predicted.append(_tone_toward(article, target["name"]))


def _tone_toward(article: Article, name: str) -> str:
    key = normalize_key(name)
    for entity in article.entities:
        forms = {normalize_key(entity.name), *(normalize_key(a) for a in entity.aliases)}
        if key in forms and entity.tone is not None:
            return entity.tone.label
    return "netral"


def target_labels(pipe: Pipeline, pairs: list[tuple[str, str]]) -> list[str]:
    """The pipeline's tone toward each named target in its sentence (for `warta.evaluation.tone_real`)."""
    runs = ((pipe.run(Raw(content=text, format="text", origin="tone-target")), name) for text, name in pairs)
    return [_tone_toward(article, name) for article, name in runs]
