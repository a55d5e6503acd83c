"""Which of a new article's stems the isu candidate search reads last (`warta.store.isu`).

The search sums, over the near window's articles, the products of their stem weights with the new article's:
every posting of every stem, most of them of a few common stems ("kata", "jalan") whose products are small. A
stem vector is a unit vector (`warta.isu.text.weights`), so what a set of the new article's stems can add to
any cosine is at most their weights' norm (Cauchy–Schwarz). Take the commonest stems whose norm stays at most
`LIGHT` of the rule's floor: an article sharing none of the other stems cannot reach the floor, so the search
reads the postings of the other stems only, keeps the articles whose sum could still reach the floor with the
light stems' most, and adds the light stems' products for those few by key. The candidates and their cosines
are the full scan's, whichever stems are called common: commonness only decides how much is skipped.

Commonness is counted over the articles this process has filed, halved every `HALF_LIFE` of them so that it
follows the news and stays as small as the vocabulary in use. A process that has filed nothing skips nothing.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable

LIGHT = 0.8  # the light stems' norm stays at most this share of the rule's floor (0.2 of 0.25)
HALF_LIFE = 10_000  # filed articles after which every count is halved


class Commonness:
    """How many recently filed articles hold each stem (thread-safe: a server files from several threads)."""

    def __init__(self, half_life: int = HALF_LIFE) -> None:
        self._counts: Counter[str] = Counter()
        self._added = 0
        self._half_life = half_life
        self._lock = threading.Lock()

    def add(self, stems: Iterable[str]) -> None:
        """Count one filed article's stems."""
        with self._lock:
            self._counts.update(stems)
            self._added += 1
            if self._added >= self._half_life:
                self._counts = Counter({s: n // 2 for s, n in self._counts.items() if n > 1})
                self._added = 0

    def light(self, stems: Iterable[tuple[str, float]], bound: float) -> tuple[frozenset[str], float]:
        """The commonest of these (stem, weight) pairs whose weights' norm stays at most `bound`, and that norm
        (stems no filed article held are never light)."""
        with self._lock:
            ranked = sorted(((self._counts[s], s, w) for s, w in stems if self._counts[s]), reverse=True)
        squares = 0.0
        light: set[str] = set()
        for _, stem, weight in ranked:
            if squares + weight * weight > bound * bound:
                break
            squares += weight * weight
            light.add(stem)
        return frozenset(light), math.sqrt(squares)


COMMON = Commonness()  # this process's counts, shared by every store it opens
