"""Token features for the CRF: the word and its shape, affixes, two words of context either side, where the
word sits in its run of capitalized words, whether the knowledge base knows it (region, title, body acronym),
its word clusters, and copies of every feature tagged with the corpus ("domain") so that corpora with
different guidelines can be pooled (Daumé's feature augmentation).

Features are strings (CRFsuite attributes of weight 1). What depends on the word alone is computed once per
word and cached, which keeps tagging fast."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from warta.ids import normalize_key

Clusters = dict[str, tuple[str, ...]]
_DIGITS = re.compile(r"\d")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")
_RUNS = re.compile(r"(.)\1+")


def shape(word: str) -> str:
    """Xxxx, XXX, dd/dd, … with runs collapsed."""
    return _RUNS.sub(r"\1\1", _LOWER.sub("x", _UPPER.sub("X", _DIGITS.sub("d", word))))


CACHE_WORDS = 30_000
OFFSETS = (-2, -1, 1, 2)  # the context window: two words either side


# The window's ends a token at index i (or i - len, from the end) sees: "-2:edge" when no word is two before, …
_EDGES = {0: ("-2:edge", "-1:edge"), 1: ("-2:edge",), -1: ("1:edge", "2:edge"), -2: ("2:edge",)}


def copies(domain: str, features: Sequence[str]) -> list[str]:
    """The features' copies tagged with a domain ("idner|w=kata"): the corpus-specific half of each feature."""
    return [f"{domain}|{feature}" for feature in features]


class Featurizer:
    """Builds the features of a sentence; holds the word clusters of one model."""

    def __init__(self, clusters: Clusters | None = None, casing: dict[str, str] | None = None) -> None:
        self.clusters = clusters or {}
        self.casing = casing or {}
        # Bounded caches: the frequent words stay, memory stays flat over a long crawl. Tagging looks up the last
        # two, one entry per word (and domain) holding all its features; the first two fill them.
        self._word = lru_cache(maxsize=CACHE_WORDS)(self._word_features)
        self._context = lru_cache(maxsize=CACHE_WORDS // len(OFFSETS))(self._context_features)
        self._word_all = lru_cache(maxsize=CACHE_WORDS)(self._word_with_copies)
        self._context_all = lru_cache(maxsize=CACHE_WORDS // len(OFFSETS))(self._contexts_with_copies)

    def sentence(self, tokens: Sequence[str], domain: str | None = None) -> list[list[str]]:
        """Features of every token; with a domain, each feature also as a domain-specific copy."""
        words = [self._word_all(token, domain or "") for token in tokens]
        contexts = [self._context_all(token, domain or "") for token in tokens]
        places = self.positions(tokens)
        return [self._token(tokens, i, domain, words[i], contexts, places[i]) for i in range(len(tokens))]

    def token(self, tokens: Sequence[str], i: int, domain: str | None = None) -> list[str]:
        """Features of token `i` in its sentence, with domain copies when a domain is given."""
        contexts = [self._context_all(token, domain or "") if abs(j - i) <= 2 else () for j, token in enumerate(tokens)]
        word = self._word_all(tokens[i], domain or "")
        return self._token(tokens, i, domain, word, contexts, self.positions(tokens)[i])

    def _token(
        self,
        tokens: Sequence[str],
        i: int,
        domain: str | None,
        word: tuple[str, ...],
        contexts: Sequence[tuple[tuple[str, ...], ...]],
        place: list[str],
    ) -> list[str]:
        """Features of token `i` from its word's features, its neighbours' context features (by offset) and the
        features of its place, with their domain copies."""
        feats = list(word)
        for k, offset in enumerate(OFFSETS):
            j = i + offset
            if 0 <= j < len(tokens):
                feats.extend(contexts[j][k])
        feats.extend(place)
        if domain:
            feats.extend(copies(domain, place))
        return feats

    def word(self, word: str, domain: str | None = None) -> tuple[str, ...]:
        """The features of the word alone (cached), with their domain copies when a domain is given."""
        return self._word_all(word, domain or "")

    def contexts(self, word: str, domain: str | None = None) -> tuple[tuple[str, ...], ...]:
        """The features the word gives its neighbours (cached): for each offset of `OFFSETS`, those of the token
        that far from it, with their domain copies when a domain is given."""
        return self._context_all(word, domain or "")

    def positions(self, tokens: Sequence[str]) -> list[list[str]]:
        """For each token, the features that depend on its place in the sentence rather than on the word alone:
        the sentence's ends within two words, the bigrams with its neighbours, and where it sits in its run of
        capitalized words and what follows the run (an acronym in parentheses often closes an organization's
        name)."""
        size = len(tokens)
        lows = [token.lower() for token in tokens]
        runs = _runs(tokens)
        out = []
        for i, low in enumerate(lows):
            feats = ["bias", "first", *_EDGES[0]] if i == 0 else ["bias", *_EDGES[i]] if i < 2 else ["bias"]
            if i + 2 >= size:
                feats.extend(_EDGES[i - size])
            if i > 0:
                feats.append(f"bigram-1={lows[i - 1]}|{low}")
            if i + 1 < size:
                feats.append(f"bigram+1={low}|{lows[i + 1]}")
            run = runs[i]
            if run is not None:
                start, end = run
                feats += [
                    f"run_pos={min(i - start, 3)}",
                    f"run_len={min(end - start + 1, 5)}",
                    f"run_head={lows[start]}",
                ]
                if i == end:
                    feats.append("run_last")
                if end + 1 < size and tokens[end + 1] == "(":
                    feats.append("run_then_paren")
            out.append(feats)
        return out

    def _word_with_copies(self, word: str, domain: str) -> tuple[str, ...]:
        """The word's features, then their copies tagged with the domain (when one is given)."""
        return self._word(word, "") + (self._word(word, domain) if domain else ())

    def _contexts_with_copies(self, word: str, domain: str) -> tuple[tuple[str, ...], ...]:
        """For each offset of `OFFSETS`: the word's context features there, then their domain copies."""
        return tuple(
            self._context(word, offset, "") + (self._context(word, offset, domain) if domain else ())
            for offset in OFFSETS
        )

    def _word_features(self, word: str, domain: str) -> tuple[str, ...]:
        if domain:
            return tuple(copies(domain, self._word(word, "")))
        low = word.lower()
        feats = [
            f"w={low}",
            f"shape={shape(word)}",
            f"p2={low[:2]}",
            f"p3={low[:3]}",
            f"p4={low[:4]}",
            f"s2={low[-2:]}",
            f"s3={low[-3:]}",
            f"s4={low[-4:]}",
            f"len={min(len(word), 12)}",
        ]
        feats.extend(_flags(word))
        feats.extend(f"kb:{kind}" for kind in _gazetteer().get(low, ()))
        feats.extend(f"0:c{n}={c}" for n, c in enumerate(self.clusters.get(low, ())))
        if self.casing:
            feats.append(f"case={self.casing.get(low, 'unseen')}")
        return tuple(feats)

    def _context_features(self, word: str, offset: int, domain: str) -> tuple[str, ...]:
        if domain:
            return tuple(copies(domain, self._context(word, offset, "")))
        low = word.lower()
        feats = [f"{offset}:w={low}", f"{offset}:shape={shape(word)}"]
        feats.extend(f"{offset}:{flag}" for flag in _flags(word) if flag in ("title", "upper"))
        feats.extend(f"{offset}:kb:{kind}" for kind in _gazetteer().get(low, ()))
        if abs(offset) == 1:
            feats.extend(f"{offset}:c{n}={c}" for n, c in enumerate(self.clusters.get(low, ())))
            if self.casing:
                feats.append(f"{offset}:case={self.casing.get(low, 'unseen')}")
        return tuple(feats)


def _flags(word: str) -> list[str]:
    flags = []
    if word[:1].isupper():
        flags.append("title")
    if word.isupper() and len(word) > 1:
        flags.append("upper")
    if any(c.isdigit() for c in word):
        flags.append("digit")
    if not any(c.isalnum() for c in word):
        flags.append("punct")
    return flags


def _runs(tokens: Sequence[str]) -> list[tuple[int, int] | None]:
    """For each token, the first and last index of its run of capitalized words (None for a token that is not
    capitalized)."""
    out: list[tuple[int, int] | None] = [None] * len(tokens)
    i = 0
    while i < len(tokens):
        if not tokens[i][:1].isupper():
            i += 1
            continue
        end = i
        while end + 1 < len(tokens) and tokens[end + 1][:1].isupper():
            end += 1
        out[i : end + 1] = [(i, end)] * (end + 1 - i)
        i = end + 1
    return out


@cache
def _gazetteer() -> dict[str, tuple[str, ...]]:
    """Lowercased single words the knowledge base knows, with what they are."""
    from warta.kb import bodies, regions, roles

    table: dict[str, set[str]] = {}

    def put(word: str, kind: str) -> None:
        table.setdefault(normalize_key(word), set()).add(kind)

    for short in regions.cities_by_short():
        for part in short.split():
            put(part, "region")
    for province in regions.province_names():
        for part in province.split():
            put(part, "region")
    for title in roles.titles():
        for form in (title.title, *title.forms):
            put(form.split()[0], "title")
    for body in bodies.all_bodies():
        for acronym in body.acronyms:
            put(acronym, body.type)
    return {k: tuple(sorted(v)) for k, v in table.items()}
