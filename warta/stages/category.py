"""The category stage: one category per article (docs/category.md).

The outlet's own section decides where it names a category: the page's section metadata, then the first label of
the host ("health.example.id") and the URL's path segments (`kb/data/sections.tsv`). Otherwise a word classifier
scores each category over the title (counted `TITLE_WEIGHT` times) and the body (`kb/data/category_words.tsv`);
no evidence, too little, or a tie gives "lainnya".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from urllib.parse import urlsplit

from warta.kb.lexicons import category_words
from warta.model import Article
from warta.pipeline import BaseStage, register
from warta.types import CATEGORIES

OTHER = CATEGORIES[-1]  # "lainnya": the rest
NO_CATEGORY = "-"  # a section that names no category by itself (sections.tsv)

TITLE_WEIGHT = 3.0  # a word in the title counts as this many in the body
MOST_PER_WORD = 3  # a word repeated in the body counts at most this many times
MIN_SCORE = 3.0  # below this best score the classifier says "lainnya"
MAX_PHRASE = 3  # the longest phrase of category_words.tsv, in words

_WORD = re.compile(r"[^\W_]+")
_SECTION_SPLIT = re.compile(r"\s*/\s*")
_HOST_SKIP = frozenset({"www", "m", "amp", "mobile", "web"})
_SECOND_LEVEL = frozenset({"co", "go", "ac", "or", "sch", "web", "my", "net", "com", "org"})


@dataclass(frozen=True)
class Decision:
    """A category and where it came from: "section" or "classifier"."""

    category: str
    source: str


def _checked(filename: str, category: str, allowed: frozenset[str]) -> str:
    if category not in allowed:
        raise ValueError(f"{filename}: unknown category {category!r}; expected one of {sorted(allowed)}")
    return category


@cache
def section_map() -> dict[str, str]:
    """Section word → category ("-" for a section that names none)."""
    allowed = frozenset(CATEGORIES) | {NO_CATEGORY}
    return {w: _checked("sections.tsv", c, allowed) for w, c, _ in category_words("sections.tsv")}


class Lexicon:
    """The classifier's words: exact words and phrases, and stems matching the words they begin."""

    def __init__(self, rows: tuple[tuple[str, str, float], ...]) -> None:
        self.exact: dict[str, tuple[str, float]] = {}
        self.stems: dict[str, tuple[str, float]] = {}
        for word, category, weight in rows:
            _checked("category_words.tsv", category, frozenset(CATEGORIES))
            key = " ".join(_WORD.findall(word.casefold()))
            if not key or key.count(" ") >= MAX_PHRASE:
                raise ValueError(f"category_words.tsv: {word!r} is empty or longer than {MAX_PHRASE} words")
            if word.endswith("*"):
                self.stems[key] = (category, weight)
            else:
                self.exact[key] = (category, weight)
        self.stem_lengths = sorted({len(s) for s in self.stems}, reverse=True)
        self.phrase_starts = frozenset(key.split()[0] for key in self.exact if " " in key)
        self._cache: dict[str, tuple[str, float] | None] = {}

    def word(self, token: str) -> tuple[str, float] | None:
        """What one word speaks for: its own entry, else the longest stem it begins with."""
        if token in self._cache:
            return self._cache[token]
        found = self.exact.get(token)
        if found is None:
            found = next((self.stems[token[:n]] for n in self.stem_lengths if token[:n] in self.stems), None)
        if len(self._cache) < 100_000:
            self._cache[token] = found
        return found

    def hits(self, text: str) -> Counter[tuple[str, str, float]]:
        """Each matched word or phrase (as (key, category, weight)) with its count in `text`."""
        tokens = _WORD.findall(text.casefold())
        out: Counter[tuple[str, str, float]] = Counter()
        for i, token in enumerate(tokens):
            found = self.word(token)
            if found is not None:
                out[(token, *found)] += 1
            if token not in self.phrase_starts:
                continue
            for size in range(2, MAX_PHRASE + 1):
                if i + size > len(tokens):
                    break
                phrase = " ".join(tokens[i : i + size])
                entry = self.exact.get(phrase)
                if entry is not None:
                    out[(phrase, *entry)] += 1
        return out


@cache
def lexicon() -> Lexicon:
    """The classifier's words, read once."""
    return Lexicon(category_words("category_words.tsv"))


def scores(title: str | None, text: str) -> dict[str, float]:
    """Each category's evidence: title words times `TITLE_WEIGHT`, body words up to `MOST_PER_WORD` times each."""
    out: dict[str, float] = {}
    words = lexicon()
    for (_, category, weight), count in words.hits(title or "").items():
        out[category] = out.get(category, 0.0) + TITLE_WEIGHT * weight * count
    for (_, category, weight), count in words.hits(text).items():
        out[category] = out.get(category, 0.0) + weight * min(count, MOST_PER_WORD)
    return out


def classify(title: str | None, text: str) -> str:
    """The category the words speak for most; "lainnya" when the best score is under `MIN_SCORE` or tied."""
    ranked = sorted(scores(title, text).items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < MIN_SCORE or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return OTHER
    return ranked[0][0]


def section_words(url: str | None, section: str | None) -> list[str]:
    """The outlet's section words, best first: the metadata's section names, the host's first label (when the
    host has one below its domain: "health" of health.example.com, not "kabar" of kabar.co.id), then the URL
    path's segments."""
    words = ["-".join(name.casefold().split()) for name in _SECTION_SPLIT.split(section or "") if name.strip()]
    if url:
        parts = urlsplit(url if "://" in url else f"//{url}")
        labels = (parts.hostname or "").split(".")
        second_level = len(labels) >= 3 and labels[-2] in _SECOND_LEVEL  # kabar.co.id: no sub-domain
        if len(labels) >= 3 + second_level and labels[0] not in _HOST_SKIP:
            words.append(labels[0])
        words += [segment.casefold() for segment in parts.path.split("/") if segment]
    return words


def from_section(url: str | None, section: str | None) -> str | None:
    """The category the outlet's section names, or None."""
    known = section_map()
    for word in section_words(url, section):
        category = known.get(word)
        if category is not None and category != NO_CATEGORY:
            return category
    return None


def decide(article: Article, *, classifier_only: bool = False) -> Decision:
    """The article's category: its section's where it names one (unless `classifier_only`), else the words'."""
    if not classifier_only:
        category = from_section(article.url, article.section)
        if category is not None:
            return Decision(category, "section")
    return Decision(classify(article.title, article.text), "classifier")


@register("category", requires=("text", "metadata"), provides=("category",))
class CategoryStage(BaseStage):
    """Adds `category` and `category_source` to the article."""

    def __call__(self, article: Article) -> Article:
        decision = decide(article)
        return replace(article, category=decision.category, category_source=decision.source)
