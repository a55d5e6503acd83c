"""Syndicated copies of one story across outlets, grouped as near-duplicates with datasketch's MinHash LSH
over word 5-shingles: an article whose estimated Jaccard similarity to a recent stored one reaches the
threshold joins that article's group; otherwise it starts its own. Syndication happens within days, so the
index holds the latest WINDOW articles only (about 3.5 KiB each): memory stays flat however long the crawl."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable

from datasketch import LeanMinHash, MinHash, MinHashLSH

THRESHOLD = 0.7
PERMUTATIONS = 128
SHINGLE = 5
WINDOW = 20_000
_WORD = re.compile(r"\w+")


def signature(text: str) -> LeanMinHash:
    """The MinHash of a text's word 5-shingles (lowercased)."""
    words = [w.lower() for w in _WORD.findall(text)]
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    for shingle in shingles:
        minhash.update(shingle.encode("utf-8"))
    return LeanMinHash(minhash)


def to_bytes(lean: LeanMinHash) -> bytes:
    """A signature as stored."""
    buffer = bytearray(lean.bytesize())
    lean.serialize(buffer)
    return bytes(buffer)


class NearDuplicates:
    """An in-memory LSH index of the stored articles' signatures."""

    def __init__(self, stored: Iterable[tuple[str, str, bytes]] = (), window: int = WINDOW) -> None:
        """`stored`: (article id, group, signature) oldest first; only the last `window` are kept."""
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
        self._groups: dict[str, str] = {}
        self._order: deque[str] = deque()
        self.window = max(1, window)
        for article_id, group, data in stored:
            self._add(article_id, group, LeanMinHash.deserialize(data))

    def __len__(self) -> int:
        return len(self._order)

    def _add(self, article_id: str, group: str, lean: LeanMinHash) -> None:
        if article_id in self._groups:
            return
        self._lsh.insert(article_id, lean)
        self._groups[article_id] = group
        self._order.append(article_id)
        while len(self._order) > self.window:
            oldest = self._order.popleft()
            self._lsh.remove(oldest)
            del self._groups[oldest]

    def assign(self, article_id: str, text: str) -> tuple[str, bytes]:
        """The group of an article (an existing one's, or its own id) and its signature bytes; the article is
        added to the index."""
        if article_id in self._groups:
            lean = signature(text)
            return self._groups[article_id], to_bytes(lean)
        lean = signature(text)
        matches = sorted(self._lsh.query(lean))
        group = self._groups[matches[0]] if matches else article_id
        self._add(article_id, group, lean)
        return group, to_bytes(lean)
