"""What the isu clustering knows of one article: its stem vector, key phrases, entities, day and outlet.

Features are computed from one article alone (after the pipeline, so its entities are known), never from other
articles: that is what lets clustering be order-independent. They are plain data (`to_dict`/`from_dict`), so a
store can persist them and rebuild the clusterer without running the pipeline again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from warta.errors import InputError
from warta.isu import text as words
from warta.model import Article
from warta.types import PLACE_TYPES, TYPES

STEM_LIMIT = 60  # stems kept per article: enough for the topic, bounded for the index
PHRASE_LIMIT = 12
TITLE_WEIGHT = 2  # title words count this many times
# Places that tell one story from another: regencies, cities, districts, villages, named spots. Provinces and
# countries are shared by too many unrelated stories to count.
SPECIFIC_PLACES = PLACE_TYPES - {"province", "country"}


@dataclass(frozen=True)
class Features:
    """One article as the clusterer sees it. `entities`: (id, kind, name) with kind `person`, `organization`,
    `place` (specific) or `region` (province, country); role-only persons are left out, since every article of
    a regency shares its Bupati."""

    article: str
    published: str = ""
    outlet: str = ""
    stems: tuple[tuple[str, float], ...] = ()
    surfaces: tuple[tuple[str, str], ...] = ()
    phrases: tuple[tuple[str, int], ...] = ()
    entities: tuple[tuple[str, str, str], ...] = ()
    neardup: str | None = None

    @cached_property
    def vector(self) -> dict[str, float]:
        """The stem vector (unit length) as a mapping."""
        return dict(self.stems)

    @cached_property
    def surface_of(self) -> dict[str, str]:
        """The commonest surface word of each stem, as a mapping."""
        return dict(self.surfaces)

    @cached_property
    def day(self) -> int | None:
        """The publication day as a day number, or None when the date is missing or unreadable."""
        return day_number(self.published)

    @cached_property
    def places(self) -> frozenset[str]:
        """Ids of the specific places the article names."""
        return frozenset(e for e, kind, _ in self.entities if kind == "place")

    @cached_property
    def actors(self) -> frozenset[str]:
        """Ids of the named persons and organisations the article names."""
        return frozenset(e for e, kind, _ in self.entities if kind in ("person", "organization"))

    @property
    def order(self) -> tuple[str, str]:
        """The sort key that picks a cluster's first article: publication time, then article id."""
        return (self.published, self.article)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "article": self.article,
            "published": self.published,
            "outlet": self.outlet,
            "stems": [list(p) for p in self.stems],
            "surfaces": [list(p) for p in self.surfaces],
            "phrases": [list(p) for p in self.phrases],
            "entities": [list(e) for e in self.entities],
            "neardup": self.neardup,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Features:
        """Features from `to_dict` data; malformed data is an InputError."""
        try:
            return cls(
                article=str(data["article"]),
                published=str(data.get("published") or ""),
                outlet=str(data.get("outlet") or ""),
                stems=tuple((str(s), float(w)) for s, w in data.get("stems", ())),
                surfaces=tuple((str(s), str(w)) for s, w in data.get("surfaces", ())),
                phrases=tuple((str(p), int(c)) for p, c in data.get("phrases", ())),
                entities=tuple((str(i), str(k), str(n)) for i, k, n in data.get("entities", ())),
                neardup=str(data["neardup"]) if data.get("neardup") else None,
            )
        except (KeyError, TypeError, ValueError):
            raise InputError("isu features: need article, and lists of stems, surfaces, phrases, entities") from None


def day_number(published: str | None) -> int | None:
    """The day number (proleptic ordinal) of an ISO date or date-time, or None."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def entity_kind(type_name: str) -> str | None:
    """The kind an entity type counts as for isu features, or None for types left out."""
    entry = TYPES.get(type_name)
    if entry is None:
        return None
    if entry.kind == "place":
        return "place" if type_name in SPECIFIC_PLACES else "region"
    return entry.kind if entry.kind in ("person", "organization") else None


def features(article: Article, neardup: str | None = None) -> Features:
    """The isu features of an article that went through the pipeline."""
    title = words.tokens(article.title or "")
    body = words.tokens(article.text)
    names = _name_words(article)
    counts, surfaces = words.stem_counts(w for w in title * TITLE_WEIGHT + body if w not in names)
    vector = words.weights(counts, STEM_LIMIT)
    found = words.phrases(title) + words.phrases(body)
    for phrase in words.phrases(title):
        found[phrase] += TITLE_WEIGHT - 1
    top_phrases = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:PHRASE_LIMIT]
    return Features(
        article=article.id,
        published=article.published or "",
        outlet=article.source or article.site or "",
        stems=tuple(sorted(vector.items())),
        surfaces=tuple(sorted((s, _commonest(surfaces[s])) for s in vector)),
        phrases=tuple(top_phrases),
        entities=_entities(article),
        neardup=neardup,
    )


def _name_words(article: Article) -> frozenset[str]:
    """The words of the names of the article's persons, role-only ones included ("Bupati Lamongan"): persons
    count as entities, not as words, so two articles about one Bupati are not similar for the name alone. Place
    names elsewhere in the text stay, unless a person's name holds the word."""
    out: set[str] = set()
    for entity in article.entities:
        if entity.type == "person":
            for name in (entity.name, *entity.aliases):
                out.update(words.tokens(name))
    return frozenset(out)


def _commonest(counts: Counter[str]) -> str:
    """The most frequent surface word; ties go to the shortest, then the first alphabetically."""
    return min(counts.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]


def _entities(article: Article) -> tuple[tuple[str, str, str], ...]:
    """(id, kind, name) of the article's entities that count, sorted."""
    out = set()
    for entity in article.entities:
        kind = entity_kind(entity.type)
        if kind is None or (kind == "person" and not entity.named):
            continue
        out.add((entity.id, kind, entity.name))
    return tuple(sorted(out))
