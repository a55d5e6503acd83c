"""An isu's label in Indonesian, made of its own articles' words: the key word and the main place, the main
actor (a body or a person), and a key phrase, e.g. "Banjir Lamongan · Dinas PU · tanggul jebol".

Everything is counted over the isu's articles (how many articles hold a word, an entity, a phrase), with ties
broken by name, so the same articles always give the same label. A large isu is labelled from a sample of its
articles, the `SAMPLE` with the smallest ids: the ids are hashes, so the sample is an even draw over the whole
story, the same whatever order the articles came in, and a store can tell from an article's id alone whether
filing it changes the label (most articles of a large isu do not).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence

from warta.isu.features import Features

SEPARATOR = " · "
_PREFIXES = ("Kabupaten ", "Kab. ")
_NAMED = ("place", "region", "person")  # their words stay out of the phrases: names have their own parts
SAMPLE = 200  # articles a label is counted over


def sample(members: Sequence[Features]) -> list[Features]:
    """The articles an isu's label is counted over: the `SAMPLE` with the smallest ids."""
    return sorted(members, key=lambda item: item.article)[:SAMPLE]


def label(members: Sequence[Features]) -> str:
    """The label of an isu from its articles' features ("" for no articles)."""
    if not members:
        return ""
    members = sample(members)
    place = _top_entity(members, ("place",)) or _top_entity(members, ("region",))
    actor = _top_entity(members, ("organization",)) or _top_entity(members, ("person",))
    taken = {w.lower() for name in (place, actor) if name for w in name.split()}
    places = {w.lower() for item in members for _, kind, name in item.entities if kind in _NAMED for w in name.split()}
    keywords = _keywords(members, taken | places, 1)
    key = keywords[0] if keywords else ""
    holding = _phrase(members, taken, places, key)  # "demam berdarah" says more than "berdarah"
    head = holding or key
    taken.update(head.split())
    head = f"{head[:1].upper()}{head[1:]} {_short(place) if place else ''}".strip()
    phrase = _phrase(members, taken, places)
    return SEPARATOR.join(part for part in (head, actor, phrase) if part)


def _short(place: str) -> str:
    for prefix in _PREFIXES:
        if place.startswith(prefix):
            return place[len(prefix) :]
    return place


def _top_entity(members: Sequence[Features], kinds: tuple[str, ...]) -> str | None:
    """The name of the entity of these kinds that most articles name (ties: the shorter, then alphabetical)."""
    counts: Counter[str] = Counter()
    for item in members:
        counts.update({name for _, kind, name in item.entities if kind in kinds})
    if not counts:
        return None
    return min(counts.items(), key=lambda pair: (-pair[1], len(pair[0]), pair[0]))[0]


def _keywords(members: Sequence[Features], taken: set[str], limit: int) -> list[str]:
    """The surface words of the stems most articles hold (then the heaviest), skipping entity-name words. The
    stems are taken from a heap in that order until `limit` are kept, so only those read their surfaces."""
    held: Counter[str] = Counter()
    weight: dict[str, float] = defaultdict(float)
    for item in members:
        for stem, w in item.stems:
            held[stem] += 1
            weight[stem] += w
    ranked = [(-held[s], -round(weight[s], 9), s) for s in held]
    heapq.heapify(ranked)
    out: list[str] = []
    while ranked and len(out) < limit:
        stem = heapq.heappop(ranked)[2]
        surface = _surface(members, stem)
        if surface not in taken and stem not in taken:
            out.append(surface)
    return out


def _surface(members: Sequence[Features], stem: str) -> str:
    """The word most of these articles write `stem` as (ties: the shortest, then alphabetical); the stem itself
    when none holds it."""
    counts = Counter(word for item in members if (word := item.surface_of.get(stem)) is not None)
    return min(counts.items(), key=lambda p: (-p[1], len(p[0]), p[0]))[0] if counts else stem


def _phrase(members: Sequence[Features], taken: set[str], places: set[str], holding: str = "") -> str:
    """The two-word phrase most articles hold that adds a word the label lacks and holds no word of a place or
    person name (`places`), and that holds the word `holding` if one is given and two articles hold it ("" if none)."""
    held: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for item in members:
        for phrase, count in item.phrases:
            held[phrase] += 1
            total[phrase] += count
    ranked = sorted(held, key=lambda p: (-held[p], -total[p], p))
    if holding:
        ranked = [p for p in ranked if holding in p.split() and (held[p] > 1 or len(members) == 1)]
    return next((p for p in ranked if not set(p.split()) <= taken and not set(p.split()) & places), "")
