"""Matching an article against watchlists: what an article offers (`Facts`), the index keys that reach the
watchlists it may match (`article_keys`, `watch_keys`), and the test of one watchlist with its reasons (`match`).

The keys make matching cost grow with the matches, not with the number of watchlists: an article is tested only
against the watchlists one of its keys reaches (`e:` an entity it names, `h:` a body one of its persons holds a
role at, `k:` a folded word of its text, `r:` a region code of a place it names, with the codes above it). A
watchlist is reached by its entities (and, with `holders`, their `h:` keys) and the first word of each keyword;
a watchlist of a region alone by its region's code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from warta.ids import normalize_key
from warta.model import Article, Mention
from warta.types import REGION_TYPES
from warta.watch.spec import Watchlist

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Reason:
    """Why an article matched: the `kind` (entity, holder, keyword, region), the watched `value` (entity id,
    keyword, region code), what the text says (`label`) and where (character offsets; None for a region known
    only through an inferred place)."""

    kind: str
    value: str
    label: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Facts:
    """What matching reads of an article: its text and folded words, its mentions by entity, the entity names,
    the bodies its persons hold roles at (in the article, or as the store knows them), the region codes of the
    places it names (each with the codes above it) and where each code is first named, its tone and isu."""

    text: str
    words: frozenset[str]
    mentions: Mapping[str, tuple[Mention, ...]]
    names: Mapping[str, str]
    roles: Mapping[str, frozenset[str]]
    regions: Mapping[str, Mention | None]
    tone: str | None
    isu: str | None


def facts_of(article: Article, known_roles: Mapping[str, Iterable[str]], isu: str | None = None) -> Facts:
    """The facts of `article`; `known_roles` maps its persons to the bodies the store says they hold roles at."""
    by_entity: dict[str, list[Mention]] = {}
    for m in sorted(article.mentions, key=lambda m: m.start):
        by_entity.setdefault(m.entity, []).append(m)
    roles: dict[str, set[str]] = {p: set(bodies) for p, bodies in known_roles.items()}
    for e in article.entities:
        for r in e.roles:
            if r.of_entity:
                roles.setdefault(e.id, set()).add(r.of_entity)
    regions: dict[str, Mention | None] = {}
    for e in article.entities:
        code = str(e.kb.get("region_code") or "")
        if e.type in REGION_TYPES and code:
            first = by_entity.get(e.id, [None])[0]
            for up in _codes_up(code):
                if regions.get(up) is None:
                    regions[up] = first
    return Facts(
        text=article.text,
        words=frozenset(_WORD.findall(normalize_key(article.text))),
        mentions={k: tuple(v) for k, v in by_entity.items()},
        names={e.id: e.name for e in article.entities},
        roles={p: frozenset(b) for p, b in roles.items()},
        regions=regions,
        tone=article.tone.label if article.tone else None,
        isu=isu,
    )


def _codes_up(code: str) -> list[str]:
    """A Kemendagri code and the codes above it: 35.16.05 → 35, 35.16, 35.16.05."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def article_keys(facts: Facts) -> set[str]:
    """The index keys of an article (see the module's docstring)."""
    keys = {f"e:{entity}" for entity in facts.mentions}
    keys |= {f"h:{body}" for bodies in facts.roles.values() for body in bodies}
    keys |= {f"k:{word}" for word in facts.words}
    keys |= {f"r:{code}" for code in facts.regions}
    return keys


def watch_keys(w: Watchlist) -> set[str]:
    """The index keys that reach watchlist `w`."""
    keys = {f"e:{entity}" for entity in w.entities}
    if w.holders:
        keys |= {f"h:{entity}" for entity in w.entities}
    for keyword in w.keywords:
        words = _WORD.findall(normalize_key(keyword))
        if words:
            keys.add(f"k:{words[0]}")
    if not keys and w.region:
        keys.add(f"r:{w.region}")
    return keys


def match(w: Watchlist, facts: Facts) -> list[Reason]:
    """Why `facts`' article matches `w`, or [] when it does not (see `warta.watch.spec`)."""
    if (w.tone and facts.tone != w.tone) or (w.isu and facts.isu != w.isu):
        return []
    region: list[Reason] = []
    if w.region:
        if w.region not in facts.regions:
            return []
        first = facts.regions[w.region]
        label = first.text if first else w.region
        region = [Reason("region", w.region, label, first.start if first else None, first.end if first else None)]
    if not (w.entities or w.keywords):
        return region
    found = _entity_reasons(w, facts) + _keyword_reasons(w, facts)
    return found + region if found else []


def _entity_reasons(w: Watchlist, facts: Facts) -> list[Reason]:
    """The watched entities the article names (their first mention; without `aliases`, their first mention that
    writes the entity's own name) and, with `holders`, the persons holding a role at one of them."""
    found = []
    for entity in w.entities:
        mentions = facts.mentions.get(entity, ())
        if not w.aliases:
            name = normalize_key(facts.names.get(entity, ""))
            mentions = tuple(m for m in mentions if normalize_key(m.text) == name)
        if mentions:
            found.append(Reason("entity", entity, mentions[0].text, mentions[0].start, mentions[0].end))
    if w.holders:
        watched = set(w.entities)
        for person, bodies in sorted(facts.roles.items()):
            body = min(bodies & watched, default=None)
            spots = facts.mentions.get(person, ())
            if body and spots:
                found.append(Reason("holder", body, spots[0].text, spots[0].start, spots[0].end))
    return found


def _keyword_reasons(w: Watchlist, facts: Facts) -> list[Reason]:
    """The keywords the text holds as whole words (case and accents ignored), each at its first place."""
    found = []
    for keyword in w.keywords:
        words = _WORD.findall(normalize_key(keyword))
        if not words or not all(word in facts.words for word in words):
            continue
        spot = _keyword_pattern(" ".join(words)).search(_folded(facts.text))
        if spot:
            found.append(Reason("keyword", keyword, facts.text[spot.start() : spot.end()], spot.start(), spot.end()))
    return found


@lru_cache(maxsize=4096)
def _keyword_pattern(folded: str) -> re.Pattern[str]:
    """Whole words `folded` (already folded), with any run of spaces or hyphens between them."""
    return re.compile(r"(?<!\w)" + r"[\s-]+".join(re.escape(w) for w in folded.split()) + r"(?!\w)")


@lru_cache(maxsize=64)
def _folded(text: str) -> str:
    """`text` lower-cased with accents dropped character by character, so that offsets stay those of `text`."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def _fold_char(c: str) -> str:
    """One character folded as `normalize_key` folds it, or lower-cased where folding would change its length."""
    folded = normalize_key(c) if c.strip() else c
    if len(folded) == 1:
        return folded
    lower = c.lower()
    return lower if len(lower) == 1 else c
