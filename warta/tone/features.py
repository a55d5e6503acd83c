"""Tone features: hashed word unigrams and bigrams, hashed character n-grams, and the tone lexicon with negation.

Every feature is a string hashed (CRC-32) into a fixed number of buckets, so a model stores weights by bucket
and no word of its training data (docs/tone.md). The word and character groups are each scaled to unit length;
the lexicon adds its positive and negative counts after negation.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEXICON_FILE = HERE / "lexicon.tsv"
COMMON_FILE = HERE / "indonesian_words.txt"

NEGATORS = frozenset({"tidak", "tak", "belum", "bukan", "tanpa", "jangan", "gagal", "enggak", "nggak", "gak", "tdk"})
NEGATION_WINDOW = 3
CHAR_SIZES = (3, 4, 5)
ENGLISH = frozenset(
    "the and of to is are was were in on for with that this it be by from at an have has not you your".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)*")
_LETTERS = re.compile(r"[^\W\d_]")
_CLAUSE_END = re.compile(r"[.,;:!?()\u2013\u2014]\s|[.,;:!?()]$")


@dataclass(frozen=True)
class FeatureConfig:
    """How texts become hashed features: the number of buckets and the weights of the feature groups."""

    buckets: int = 1 << 18
    char_weight: float = 1.0
    lexicon_weight: float = 0.5

    def to_json(self) -> dict[str, float | int]:
        """The settings as the model file stores them."""
        return {"buckets": self.buckets, "char_weight": self.char_weight, "lexicon_weight": self.lexicon_weight}


def tokens(text: str) -> list[str]:
    """Lowercased words and numbers of a text, punctuation dropped."""
    return _WORD.findall(text.lower())


def clause_starts(text: str) -> frozenset[int]:
    """Indices (into `tokens(text)`) of the words that open a new clause after punctuation: a negation window
    ends there ("Tidak, kami berhasil" is not a negated "berhasil")."""
    starts: set[int] = set()
    count = 0
    for piece in _CLAUSE_END.split(text.lower()):
        count += len(_WORD.findall(piece))
        starts.add(count)
    return frozenset(starts)


@cache
def lexicon() -> dict[str, int]:
    """The tone lexicon: word → +1 (positive) or -1 (negative)."""
    words: dict[str, int] = {}
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, polarity = line.split("\t")
            words[word] = 1 if int(polarity) > 0 else -1
    return words


@cache
def common_words() -> frozenset[str]:
    """Frequent Indonesian words (the language check)."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_indonesian(words: list[str]) -> bool:
    """Whether a tokenized text may be Indonesian: mostly Latin letters, and not more common English words
    than common Indonesian ones once there are two or more English words. Short texts with no evidence either
    way ("salut", a headline of names) count as Indonesian."""
    letters = "".join(w for w in words if not w[0].isdigit())
    if not letters or sum(1 for ch in letters if "a" <= ch <= "z") < len(letters) / 2:
        return False
    known, lex = common_words(), lexicon()
    indonesian = sum(1 for w in words if w in known or w in lex or w.endswith(("nya", "kan")))
    english = sum(1 for w in words if w in ENGLISH)
    return english < 2 or indonesian >= english


def polarity_counts(words: list[str], starts: frozenset[int] = frozenset()) -> tuple[int, int, list[int]]:
    """Positive and negative lexicon hits after negation, and the positions inside a negation window.

    A negator opens a window over the next NEGATION_WINDOW words; a lexicon word inside it counts with the
    opposite polarity ("tidak berhasil" is negative, "tidak ada korban" positive); a clause start (`starts`)
    closes the window."""
    lex = lexicon()
    positive = negative = 0
    scoped: list[int] = []
    open_until = -1
    for i, word in enumerate(words):
        if i in starts:
            open_until = -1
        polarity = lex.get(word, 0)
        if i <= open_until:
            scoped.append(i)
            polarity = -polarity
        if polarity > 0:
            positive += 1
        elif polarity < 0:
            negative += 1
        if word in NEGATORS:
            open_until = i + NEGATION_WINDOW
    return positive, negative, scoped


_MAX_REMEMBERED = 1 << 20  # buckets remembered per bucket count: the same n-grams come back in every article
_REMEMBERED: dict[int, dict[str, int]] = {}


def _buckets_of(buckets: int) -> dict[str, int]:
    memo = _REMEMBERED.setdefault(buckets, {})
    if len(memo) >= _MAX_REMEMBERED:
        memo.clear()
    return memo


def _unit(counts: Counter[str], weight: float, buckets: int, out: dict[int, float]) -> None:
    """Add a feature group scaled to length `weight` (sublinear counts: 1 + log n) into `out`."""
    values = [(f, 1.0 if n == 1 else 1.0 + math.log(n)) for f, n in counts.items()]
    norm = math.sqrt(sum(v * v for _, v in values))
    if not norm:
        return
    scale = weight / norm
    memo = _buckets_of(buckets)
    for feature, value in values:
        index = memo.get(feature)
        if index is None:
            index = memo[feature] = zlib.crc32(feature.encode("utf-8")) % buckets
        out[index] = out.get(index, 0.0) + scale * value


def word_features(words: list[str], scoped: list[int]) -> Counter[str]:
    """Unigrams, bigrams (with sentence edges) and negated unigrams ("!word") of a tokenized text."""
    counts: Counter[str] = Counter(f"w:{w}" for w in words)
    padded = ["<s>", *words, "</s>"]
    counts.update(f"b:{a} {b}" for a, b in pairwise(padded))
    counts.update(f"n:{words[i]}" for i in scoped)
    return counts


def char_features(words: list[str]) -> Counter[str]:
    """Character n-grams of each word with its edges marked."""
    counts: Counter[str] = Counter()
    for word in words:
        counts.update(_char_grams(word))
    return counts


@lru_cache(maxsize=1 << 16)
def _char_grams(word: str) -> tuple[str, ...]:
    marked = f" {word} "
    return tuple(f"c:{marked[i : i + size]}" for size in CHAR_SIZES for i in range(len(marked) - size + 1))


def featurize(text: str, config: FeatureConfig) -> dict[int, float] | None:
    """Hashed feature vector (bucket → value) of a text, or None when it is empty or not Indonesian."""
    words = tokens(text)
    if not words or not _LETTERS.search(text) or not is_indonesian(words):
        return None
    positive, negative, scoped = polarity_counts(words, clause_starts(text))
    out: dict[int, float] = {}
    _unit(word_features(words, scoped), 1.0, config.buckets, out)
    _unit(char_features(words), config.char_weight, config.buckets, out)
    for name, count in (("lex:pos", positive), ("lex:neg", negative), ("lex:net", positive - negative)):
        if count:
            index = zlib.crc32(name.encode("utf-8")) % config.buckets
            out[index] = out.get(index, 0.0) + config.lexicon_weight * math.copysign(math.log1p(abs(count)), count)
    return out
