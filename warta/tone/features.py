"""Tone features: hashed word unigrams and bigrams, hashed character n-grams, and the tone lexicon with negation.

Every feature is a string hashed (CRC-32) into a fixed number of buckets, so a model stores weights by bucket
and no word of its training data (docs/tone.md). The word and character groups are each scaled to unit length;
the lexicon adds its positive and negative counts after negation.

`featurize` computes one text's vector; `featurize_arrays` gives the same vectors for many texts, counting their
character n-grams together with numpy (docs/performance.md). Both give exactly what the plain definition gives
(`tests/test_tone_speed_equivalence.py`).
"""

from __future__ import annotations

import math
import re
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

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
_NOT_LATIN = re.compile(r"[^a-z]")
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
    if not letters or len(_NOT_LATIN.sub("", letters)) < len(letters) / 2:
        return False
    english = sum(map(ENGLISH.__contains__, words))
    if english < 2:
        return True
    known, lex = common_words(), lexicon()
    return sum(1 for w in words if w in known or w in lex or w.endswith(("nya", "kan"))) >= english


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


_MAX_REMEMBERED = 1 << 19  # buckets remembered per memo (four per bucket count): the same n-grams come back
_SUBLINEAR = (0.0, *(1.0 if n == 1 else 1.0 + math.log(n) for n in range(1, 256)))  # 1 + log n, looked up
_SQUARES = tuple(v * v for v in _SUBLINEAR)


class _Buckets(dict[Hashable, int]):
    """A memo of feature buckets for one bucket count: key → CRC-32 of the feature's spelling (`spell(key)`)
    modulo the bucket count, computed when a key is first met."""

    def __init__(self, buckets: int, spell: Callable[[Any], str]) -> None:
        super().__init__()
        self.buckets = buckets
        self.spell = spell

    def __missing__(self, key: Hashable) -> int:
        if len(self) >= _MAX_REMEMBERED:
            self.clear()
        index = self[key] = zlib.crc32(self.spell(key).encode("utf-8")) % self.buckets
        return index


@dataclass(frozen=True)
class _Memos:
    """The bucket memos of one bucket count: unigram ("w:word"), negated unigram ("n:word"), bigram
    ("b:first second", keyed by the pair) and any other feature keyed by its full spelling."""

    words: _Buckets
    negated: _Buckets
    bigrams: _Buckets
    spelled: _Buckets


@cache
def _memos(buckets: int) -> _Memos:
    return _Memos(
        words=_Buckets(buckets, lambda word: f"w:{word}"),
        negated=_Buckets(buckets, lambda word: f"n:{word}"),
        bigrams=_Buckets(buckets, lambda pair: f"b:{pair[0]} {pair[1]}"),
        spelled=_Buckets(buckets, str),
    )


def _group(parts: list[tuple[Counter[Any], _Buckets]], weight: float) -> tuple[tuple[int, ...], list[float]]:
    """A feature group, the features of `parts` in order, scaled to length `weight` (sublinear counts:
    1 + log n): their buckets and values. Each part counts features by a key its memo spells (a word for
    "w:word"): a word holds no space, so each key stands for one feature."""
    counts = tuple(chain.from_iterable(c.values() for c, _ in parts))
    if counts and max(counts) < len(_SUBLINEAR):
        values = _pick(_SUBLINEAR, counts)
        norm = math.sqrt(sum(_pick(_SQUARES, counts)))
    else:
        values = tuple(1.0 if n == 1 else 1.0 + math.log(n) for n in counts)
        norm = math.sqrt(sum(v * v for v in values))
    if not norm:
        return (), []
    scale = weight / norm
    return tuple(chain.from_iterable(_pick(memo, c) for c, memo in parts)), [scale * v for v in values]


def _pick(table: Any, keys: Collection[Any]) -> tuple[Any, ...]:
    """`table[key]` for each key, in one call."""
    if len(keys) > 1:
        return tuple(itemgetter(*keys)(table))
    return tuple(table[key] for key in keys)


def _sum_groups(groups: list[tuple[tuple[int, ...], list[float]]]) -> dict[int, float]:
    """Bucket → value: each group's values added into it in order (0.0 where a bucket is first met)."""
    out: dict[int, float] = {}
    for indices, values in groups:
        for index, value in zip(indices, values, strict=True):
            out[index] = out.get(index, 0.0) + value
    return out


def word_features(words: list[str], scoped: list[int]) -> list[Counter[Any]]:
    """Unigrams, bigrams (with sentence edges) and negated unigrams ("!word") of a tokenized text, counted by
    word, by pair of words and by word (the keys of `_Memos.words`, `.bigrams` and `.negated`)."""
    padded = chain(("<s>",), words, ("</s>",))
    return [Counter(words), Counter(pairwise(padded)), Counter(map(words.__getitem__, scoped))]


def char_features(words: list[str]) -> Counter[str]:
    """Character n-grams of each word with its edges marked."""
    return Counter(chain.from_iterable(map(_char_grams, words)))


@lru_cache(maxsize=1 << 16)
def _char_grams(word: str) -> tuple[str, ...]:
    marked = f" {word} "
    return tuple(f"c:{marked[i : i + size]}" for size in CHAR_SIZES for i in range(len(marked) - size + 1))


@dataclass(frozen=True)
class _Prepared:
    """A text's features but for its character n-grams: its words, the word group (buckets and values) and
    the lexicon's (bucket, value) pairs."""

    words: list[str]
    word_group: tuple[tuple[int, ...], list[float]]
    lexicon: list[tuple[int, float]]


def _prepare(text: str, config: FeatureConfig) -> _Prepared | None:
    """What `featurize` computes of a text before its character n-grams, or None for no features."""
    words = tokens(text)
    if not words or not _LETTERS.search(text) or not is_indonesian(words):
        return None
    # clause starts only close a negation window: without a negator they change nothing
    starts = frozenset() if NEGATORS.isdisjoint(words) else clause_starts(text)
    positive, negative, scoped = polarity_counts(words, starts)
    memos = _memos(config.buckets)
    unigrams, bigrams, negated = word_features(words, scoped)
    group = _group([(unigrams, memos.words), (bigrams, memos.bigrams), (negated, memos.negated)], 1.0)
    lexicon = [
        (memos.spelled[name], config.lexicon_weight * math.copysign(math.log1p(abs(count)), count))
        for name, count in (("lex:pos", positive), ("lex:neg", negative), ("lex:net", positive - negative))
        if count
    ]
    return _Prepared(words, group, lexicon)


def _chars(prepared: _Prepared, config: FeatureConfig) -> tuple[tuple[int, ...], list[float]]:
    return _group([(char_features(prepared.words), _memos(config.buckets).spelled)], config.char_weight)


def _assemble(
    prepared: _Prepared, chars: tuple[tuple[int, ...], list[float]], config: FeatureConfig
) -> dict[int, float]:
    """The feature vector: the word group, the character group, then the lexicon's values."""
    (words_at, words_value), (chars_at, chars_value) = prepared.word_group, chars
    out = dict(zip(chain(words_at, chars_at), chain(words_value, chars_value), strict=True))
    if len(out) < len(words_at) + len(chars_at) or config.char_weight == 0:
        # a bucket met twice (or a value that may be -0.0): add the values in order, 0.0 + value each first time
        out = _sum_groups([prepared.word_group, chars])
    for index, value in prepared.lexicon:
        out[index] = out.get(index, 0.0) + value
    return out


def featurize(text: str, config: FeatureConfig) -> dict[int, float] | None:
    """Hashed feature vector (bucket → value) of a text, or None when it is empty or not Indonesian."""
    prepared = _prepare(text, config)
    return None if prepared is None else _assemble(prepared, _chars(prepared, config), config)


# --- many texts at once -------------------------------------------------------------------------------------

_CHUNK = 256  # texts whose character n-grams are counted together
_MAX_GRAM_NUMBERS = 1 << 18  # n-grams numbered before the numbering starts anew
_MAX_GRAM_WORDS = 1 << 16  # words whose n-gram codes are remembered
_ARRAY_SUBLINEAR = np.array(_SUBLINEAR)
_ARRAY_SQUARES = np.array(_SQUARES)


IntArray = np.ndarray[Any, np.dtype[np.int64]]
FloatArray = np.ndarray[Any, np.dtype[np.float64]]
_CharGroup = tuple[IntArray, FloatArray, bool]  # buckets, values, and whether no bucket comes twice


class _GramCodes(dict[str, IntArray]):
    """Word → its character n-grams as codes, (number << bits) | bucket, for one bucket count. An n-gram's
    number is given when it is first met, so two codes are equal when their n-grams are."""

    def __init__(self, buckets: int) -> None:
        super().__init__()
        self.bits = max(1, (buckets - 1).bit_length())
        self.numbers: dict[str, int] = {}
        self.spelled = _memos(buckets).spelled
        self.lock = threading.Lock()

    def __missing__(self, word: str) -> IntArray:
        grams, numbers = _char_grams(word), self.numbers
        codes = [
            numbers.setdefault(g, len(numbers)) << self.bits | b
            for g, b in zip(grams, _pick(self.spelled, grams), strict=True)
        ]
        array = self[word] = np.array(codes, dtype=np.int64)
        return array

    def forget_if_full(self) -> None:
        """Start the numbering anew when it holds too many n-grams (between batches only)."""
        if len(self.numbers) >= _MAX_GRAM_NUMBERS or len(self) >= _MAX_GRAM_WORDS:
            self.numbers.clear()
            self.clear()


@cache
def _gram_codes(buckets: int) -> _GramCodes:
    return _GramCodes(buckets)


def featurize_arrays(texts: list[str], config: FeatureConfig) -> list[tuple[IntArray, FloatArray] | None]:
    """`featurize` of each text as two arrays, its buckets and values in the order of its dict; the character
    n-grams of all texts are counted together (numpy), which is what makes it faster than text by text."""
    prepared = [_prepare(text, config) for text in texts]
    live = [i for i, p in enumerate(prepared) if p is not None]
    out: list[tuple[IntArray, FloatArray] | None] = [None] * len(texts)
    for start in range(0, len(live), _CHUNK):
        part = live[start : start + _CHUNK]
        ready = [p for p in (prepared[i] for i in part) if p is not None]
        for i, item, chars in zip(part, ready, _char_groups([p.words for p in ready], config), strict=True):
            out[i] = _arrays(item, chars, config)
    return out


def _arrays(prepared: _Prepared, chars: _CharGroup | None, config: FeatureConfig) -> tuple[IntArray, FloatArray]:
    """A text's buckets and values: the groups and lexicon one after the other when no bucket comes twice,
    else through `featurize`'s dict (which adds them)."""
    if chars is None:
        features = _assemble(prepared, _chars(prepared, config), config)
    else:
        (words_at, words_value), (chars_at, chars_value, chars_unique) = prepared.word_group, chars
        lexicon_at = [index for index, _ in prepared.lexicon]
        small = set(words_at).union(lexicon_at)
        if chars_unique and len(small) == len(words_at) + len(lexicon_at) and small.isdisjoint(chars_at.tolist()):
            index = np.concatenate((np.array(words_at, dtype=np.int64), chars_at, np.array(lexicon_at, dtype=np.int64)))
            lexicon_value = np.array([value for _, value in prepared.lexicon], dtype=np.float64)
            return index, np.concatenate((np.array(words_value, dtype=np.float64), chars_value, lexicon_value))
        features = _assemble(prepared, (tuple(chars_at.tolist()), chars_value.tolist()), config)
    keys = np.fromiter(features.keys(), dtype=np.int64, count=len(features))
    return keys, np.fromiter(features.values(), dtype=np.float64, count=len(features))


def _char_groups(texts: list[list[str]], config: FeatureConfig) -> list[_CharGroup | None]:
    """The character group of each tokenized text (buckets, values, whether no bucket comes twice), counted
    for all at once: the n-gram codes of all texts, each tagged with its text's number, sorted stably, so each
    run of equal codes is one n-gram of one text, its first place the n-gram's first occurrence (the order of
    `featurize`'s Counter). None where the text is left to `featurize` (a weight of 0, codes too wide)."""
    codes_of = _gram_codes(config.buckets)
    with codes_of.lock:  # one numbering for the whole batch, even with other threads featurizing
        codes_of.forget_if_full()
        arrays = [[codes_of[w] for w in words] for words in texts]
        width = codes_of.bits + len(codes_of.numbers).bit_length()
    if not texts or config.char_weight == 0 or config.lexicon_weight == 0 or width + len(texts).bit_length() > 62:
        return [None] * len(texts)
    codes = np.concatenate(list(chain.from_iterable(arrays)))
    tags = np.repeat(np.arange(len(texts), dtype=np.int64), [sum(map(len, a)) for a in arrays])
    keys = tags << width | codes
    order = np.argsort(keys, kind="stable")
    runs = np.flatnonzero(np.diff(keys[order], prepend=-1))  # where each run of equal keys starts
    counts = np.diff(runs, append=len(keys))
    first = order[runs]
    by_place = np.argsort(first)
    first, counts = first[by_place], counts[by_place]
    values, squares = _sublinear_tables(int(counts.max()))
    squared = squares[counts].tolist()
    bounds = np.searchsorted(tags[first], np.arange(len(texts) + 1)).tolist()
    buckets, value = codes[first] & ((1 << codes_of.bits) - 1), values[counts]
    placed = np.sort(tags[first] << codes_of.bits | buckets)  # a text's bucket met by two of its n-grams
    repeated = set((placed[1:][placed[1:] == placed[:-1]] >> codes_of.bits).tolist())
    out: list[_CharGroup | None] = []
    for number, (start, end) in enumerate(pairwise(bounds)):
        norm = math.sqrt(sum(squared[start:end]))  # summed in order, as `_group` sums
        if not norm:  # no n-gram: an empty group, as `_group` gives
            start = end
        scaled = value[start:end] * (config.char_weight / norm) if norm else value[start:end]
        out.append((buckets[start:end], scaled, number not in repeated))
    return out


def _sublinear_tables(largest: int) -> tuple[FloatArray, FloatArray]:
    """1 + log n and its square for n up to `largest`, computed as `_group` computes them."""
    if largest < len(_SUBLINEAR):
        return _ARRAY_SUBLINEAR, _ARRAY_SQUARES
    values = [0.0, *(1.0 if n == 1 else 1.0 + math.log(n) for n in range(1, largest + 1))]
    return np.array(values), np.array([v * v for v in values])
