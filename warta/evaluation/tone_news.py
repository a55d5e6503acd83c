"""The tone stage end to end on the team's news-tone set (`eval/tone/news.jsonl`, docs/tone.md): each article is
run through the whole pipeline, and its tone and the tone toward each labelled target are scored against the
gold, for articles, article targets and sentence targets (`warta eval tone --format warta --level …`).

A target is found among the article's entities by its name or an alias (case and accents ignored); a target the
pipeline did not find as an entity counts as `netral` predicted (so a missed entity costs, as it should).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.evaluation.tone_real import TargetQuery
from warta.ids import normalize_key
from warta.model import Article, Entity, Raw, Tone
from warta.pipeline import Pipeline
from warta.stages.tone import ToneStage, tones_toward
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
    entity = _named(article, name)
    return entity.tone.label if entity is not None and entity.tone is not None else "netral"


def _named(article: Article, name: str, within: tuple[int, int] | None = None) -> Entity | None:
    """The entity called `name`: by its name or an alias, else by a mention that is the name or that covers a
    place where the text writes the name ("Polres Bone" in "Satreskrim Polres Bone"); only mentions within a
    span when one is given. None when nothing matches."""
    key = normalize_key(name)
    if within is None:
        for entity in article.entities:
            if key in {normalize_key(entity.name), *(normalize_key(a) for a in entity.aliases)}:
                return entity
    low, high = within or (0, len(article.text))
    places = [m.start() for m in re.finditer(re.escape(name), article.text[low:high])]
    for mention in article.mentions:
        if not low <= mention.start < high:
            continue
        covers = any(mention.start < low + at + len(name) and low + at < mention.end for at in places)
        if covers or normalize_key(mention.text) == key:
            return next((e for e in article.entities if e.id == mention.entity), None)
    return None


def target_labels(pipe: Pipeline, queries: list[TargetQuery]) -> list[str]:
    """The pipeline's tone toward each named target (for `warta.evaluation.tone_real`). A query with its page is
    read in the whole page, so a target named by a first name is found: the tone toward it in its sentence, or
    in the article for an article target. Otherwise, or when the page gives nothing, its text is run alone."""
    model = next((stage.model for stage in pipe.stages if isinstance(stage, ToneStage)), None)
    runs: dict[tuple[str, str], tuple[Article, list[Tone]]] = {}
    labels = []
    for query in queries:
        label = None
        if query.body and model is not None:
            if (query.title, query.body) not in runs:
                raw = Raw(content=query.body, format="text", origin="tone-target", title=query.title or None)
                article = pipe.run(raw)
                runs[(query.title, query.body)] = (article, model.predict(_sentences(article)))
            label = _in_article(*runs[(query.title, query.body)], query)
        if label is None:
            label = _tone_toward(pipe.run(Raw(content=query.text, format="text", origin="tone-target")), query.name)
        labels.append(label)
    return labels


def _sentences(article: Article) -> list[str]:
    return [article.text[span.start : span.end] for span in article.sentences]


def _in_article(article: Article, tones: list[Tone], query: TargetQuery) -> str | None:
    """The tone toward the query's target in its article (None when its sentence or the target is not found)."""
    if query.start is None:
        entity = _named(article, query.name)
        return entity.tone.label if entity is not None and entity.tone is not None else None
    at = article.text.find(query.text, max(0, query.start - 200))
    at = at if at >= 0 else article.text.find(query.text)
    if at < 0:
        return None
    entity = _named(article, query.name, (at, at + len(query.text)))
    if entity is None:
        return None
    for index, tone in tones_toward(article, entity, tones).items():
        if article.sentences[index].start <= at < article.sentences[index].end:
            return tone.label
    return None
