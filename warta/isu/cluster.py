"""Incremental, order-independent isu clustering: an isu is a connected component of the "same story" relation
(`warta.isu.link`), kept with a union-find as articles arrive.

A new article is compared with every earlier article it could be linked to: those within the time window that
share at least one stem (found through an inverted index of stem → day → articles, which also accumulates the
cosines), and those with its near-duplicate key. Every link the rule allows is found when the later of its two
articles arrives, so after any arrival order the components are those of the whole link graph: the same
articles give the same isus. An isu's id is a hash of its first article (earliest publication, then smallest
article id), so the id does not depend on the order either; an id changes only when an earlier article joins,
or when two isus merge (the merged isu takes the id of the earlier first article).
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TypeAlias

from warta.errors import InputError
from warta.ids import make_id
from warta.isu.decisions import NONE, Decisions
from warta.isu.features import Features
from warta.isu.link import DEFAULT_RULE, Rule, linked

_Postings: TypeAlias = "dict[int | None, tuple[array[int], array[float]]]"  # day → (articles, weights)
_EMPTY: tuple[array[int], array[float]] = (array("l"), array("d"))


def isu_id(first: Features) -> str:
    """The id of the isu whose first article is `first`."""
    return make_id("isu", first.article)


class Clusterer:
    """Isus in memory. `add` files an article and returns its isu; `members` lists an isu's articles.

    The state is the articles' features and the components; a store can persist both and rebuild a clusterer
    with `Clusterer(rule, features)` (replaying the features in any order gives the same isus). Curators'
    `decisions` (`warta.isu.decisions`) force or cut links between articles."""

    def __init__(
        self, rule: Rule = DEFAULT_RULE, features: Iterable[Features] = (), decisions: Decisions = NONE
    ) -> None:
        self.rule = rule
        self.decisions = decisions
        self._features: list[Features] = []
        self._index: dict[str, int] = {}
        self._parent: list[int] = []
        self._members: dict[int, list[int]] = {}
        self._first: dict[int, int] = {}
        self._roots: dict[str, int] = {}
        self._postings: dict[str, _Postings] = {}
        self._places: dict[str, dict[int | None, list[int]]] = {}
        self._neardup: dict[str, list[int]] = defaultdict(list)
        for item in features:
            self.add(item)

    def __len__(self) -> int:
        return len(self._features)

    def add(self, item: Features) -> str:
        """File an article and return the id of its isu (adding an article again changes nothing)."""
        if item.article in self._index:
            return self.isu_of(item.article)
        peers = self.links(item)
        number = len(self._features)
        self._features.append(item)
        self._index[item.article] = number
        self._parent.append(number)
        self._members[number] = [number]
        self._first[number] = number
        self._roots[isu_id(item)] = number
        for peer in peers:
            self._union(number, self._index[peer])
        self._remember(number, item)
        return self._isu(self._find(number))

    def links(self, item: Features) -> list[str]:
        """Ids of the filed articles that `item` is linked to (the store's seam: nothing is changed)."""
        floor = self.rule.floor - 1e-9  # no link below the rule's lowest threshold: skip those pairs early
        similar = self._similarities(item)
        found = {j for j, sim in similar.items() if sim >= floor and linked(item, self._features[j], self.rule, sim)}
        if item.neardup is not None:
            found.update(self._neardup.get(item.neardup, ()))
        if self.decisions:
            forced = {self._index[a] for a in self.decisions.peers(item.article) if a in self._index}
            found = {
                j for j in found | forced if self.decisions.allows(item.article, self._features[j].article, j in found)
            }
        return sorted(self._features[j].article for j in found)

    def isu_of(self, article: str) -> str:
        """The id of the isu an article is filed in; an unknown article is an InputError."""
        number = self._index.get(article)
        if number is None:
            raise InputError(f"isu: article {article!r} was never added")
        return self._isu(self._find(number))

    def members(self, isu: str) -> list[Features]:
        """The features of an isu's articles, first article first; an unknown isu is an InputError."""
        root = self._roots.get(isu)
        if root is None:
            raise InputError(f"isu: no isu {isu!r}")
        return sorted((self._features[m] for m in self._members[root]), key=lambda f: f.order)

    def isus(self) -> Iterator[str]:
        """Every isu id, sorted."""
        return iter(sorted(self._roots))

    def _isu(self, root: int) -> str:
        return isu_id(self._features[self._first[root]])

    def _find(self, number: int) -> int:
        parent = self._parent
        root = number
        while parent[root] != root:
            root = parent[root]
        while parent[number] != root:
            parent[number], number = root, parent[number]
        return root

    def _union(self, a: int, b: int) -> None:
        root_a, root_b = self._find(a), self._find(b)
        if root_a == root_b:
            return
        if len(self._members[root_a]) < len(self._members[root_b]):
            root_a, root_b = root_b, root_a
        del self._roots[self._isu(root_a)], self._roots[self._isu(root_b)]
        self._parent[root_b] = root_a
        self._members[root_a].extend(self._members.pop(root_b))
        first_a, first_b = self._first[root_a], self._first.pop(root_b)
        if self._features[first_b].order < self._features[first_a].order:
            self._first[root_a] = first_b
        self._roots[self._isu(root_a)] = root_a

    def _similarities(self, item: Features) -> dict[int, float]:
        """Cosines with the filed articles that could be linked: those near in time sharing a stem (through the
        stem index), and those within the far window sharing a specific place (through the place index)."""
        sims: dict[int, float] = defaultdict(float)
        near = _days(item.day, self.rule.window_days)
        for stem, weight in item.stems:
            postings = self._postings.get(stem)
            if postings is not None:
                for key in postings if near is None else near:
                    numbers, weights = postings.get(key, _EMPTY)
                    for j, other in zip(numbers, weights, strict=True):
                        sims[j] += weight * other
        far = _days(item.day, max(self.rule.window_days, self.rule.far_days))
        vector = dict(item.stems)  # not item.vector: a cached dict per filed article would double the memory
        for place in item.places:
            days = self._places.get(place, {})
            for key in days if far is None else far:
                for j in days.get(key, ()):
                    if j not in sims:  # the same sum, in stem order, as through the stem index
                        sims[j] = sum(w * vector.get(s, 0.0) for s, w in self._features[j].stems)
        return sims

    def _remember(self, number: int, item: Features) -> None:
        for stem, weight in item.stems:
            numbers, weights = self._postings.setdefault(stem, {}).setdefault(item.day, (array("l"), array("d")))
            numbers.append(number)
            weights.append(weight)
        for place in item.places:
            self._places.setdefault(place, {}).setdefault(item.day, []).append(number)
        if item.neardup is not None:
            self._neardup[item.neardup].append(number)


def _days(day: int | None, window: int) -> list[int | None] | None:
    """The index keys of the days within `window` of `day` (undated articles included); None for every day."""
    if day is None:
        return None
    return [*range(day - window, day + window + 1), None]
