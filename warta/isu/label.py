"""An isu's label in Indonesian, made of its own articles' words: the key word and the main place, the main
actor (a body or a person), and a key phrase, e.g. "Banjir Lamongan · Dinas PU · tanggul jebol".

Everything is counted over the isu's articles (how many articles hold a word, an entity, a phrase), with ties
broken by name, so the same articles always give the same label. A large isu is labelled from a sample of its
articles, the `SAMPLE` with the smallest ids: the ids are hashes, so the sample is an even draw over the whole
story, the same whatever order the articles came in, and a store can tell from an article's id alone whether
filing it changes the label (most articles of a large isu do not).
"""

from __future__ import annotations

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
    named = _named(members)
    place = _top(named, "place") or _top(named, "region")
    actor = _top(named, "organization") or _top(named, "person")
    taken = {w.lower() for name in (place, actor) if name for w in name.split()}
    places = {w.lower() for (kind, name) in named if kind in _NAMED for w in name.split()}
    keywords = _keywords(members, taken | places, 1)
    key = keywords[0] if keywords else ""
    phrases = _phrases(members)
    holding = _phrase(phrases, len(members), taken, places, key)  # "demam berdarah" says more than "berdarah"
    head = holding or key
    taken.update(head.split())
    head = f"{head[:1].upper()}{head[1:]} {_short(place) if place else ''}".strip()
    phrase = _phrase(phrases, len(members), taken, places)
    return SEPARATOR.join(part for part in (head, actor, phrase) if part)


def _short(place: str) -> str:
    for prefix in _PREFIXES:
        if place.startswith(prefix):
            return place[len(prefix) :]
    return place


def _named(members: Sequence[Features]) -> Counter[tuple[str, str]]:
    """How many articles name each (kind, name)."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in members:
        counts.update({(kind, name) for _, kind, name in item.entities})
    return counts


def _top(named: Counter[tuple[str, str]], kind: str) -> str | None:
    """The name of the entity of this kind that most articles name (ties: the shorter, then alphabetical)."""
    found = [(-n, len(name), name) for (k, name), n in named.items() if k == kind]
    return min(found)[2] if found else None


def _keywords(members: Sequence[Features], taken: set[str], limit: int) -> list[str]:
    """The surface words of the stems most articles hold (then the heaviest), skipping entity-name words. The
    stems are read in that order, a count of articles at a time, until `limit` are kept, so only those read
    their surfaces and only those counts' stems are sorted by weight."""
    held: defaultdict[str, int] = defaultdict(int)
    weight: defaultdict[str, float] = defaultdict(float)
    for item in members:
        for stem, w in item.stems:
            held[stem] += 1
            weight[stem] += w
    out: list[str] = []
    for _, stems in _by_count(held):
        for stem in sorted(stems, key=lambda s: (-round(weight[s], 9), s)):
            surface = _surface(members, stem)
            if surface not in taken and stem not in taken:
                out.append(surface)
                if len(out) == limit:
                    return out
    return out


def _by_count(held: dict[str, int]) -> list[tuple[int, list[str]]]:
    """The keys of `held` grouped by their count, the largest count first."""
    groups: defaultdict[int, list[str]] = defaultdict(list)
    for key, n in held.items():
        groups[n].append(key)
    return sorted(groups.items(), reverse=True)


def _surface(members: Sequence[Features], stem: str) -> str:
    """The word most of these articles write `stem` as (ties: the shortest, then alphabetical); the stem itself
    when none holds it."""
    counts = Counter(word for item in members if (word := item.surface_of.get(stem)) is not None)
    return min(counts.items(), key=lambda p: (-p[1], len(p[0]), p[0]))[0] if counts else stem


def _phrases(members: Sequence[Features]) -> list[tuple[str, int, int]]:
    """Each phrase with how many articles hold it and how often they write it, most held first (then most
    written, then alphabetical)."""
    held: defaultdict[str, int] = defaultdict(int)
    total: defaultdict[str, int] = defaultdict(int)
    for item in members:
        for phrase, count in item.phrases:
            held[phrase] += 1
            total[phrase] += count
    return sorted(((p, held[p], total[p]) for p in held), key=lambda x: (-x[1], -x[2], x[0]))


def _phrase(
    phrases: Sequence[tuple[str, int, int]], members: int, taken: set[str], places: set[str], holding: str = ""
) -> str:
    """The two-word phrase most articles hold (of `phrases`, in `_phrases`' order) that adds a word the label lacks
    and holds no word of a place or person name (`places`), and that holds the word `holding` if one is given and
    two articles hold it ("" if none)."""
    for phrase, held, _ in phrases:
        words = phrase.split()
        if holding and (holding not in words or (held <= 1 and members != 1)):
            continue
        if not set(words) <= taken and not set(words) & places:
            return phrase
    return ""
