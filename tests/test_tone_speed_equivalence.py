"""The faster tone features and batch scoring give exactly what the plain implementation gave: the feature
vectors of team-written sentences frozen before the speed-up (`tests/data/tone_features_expected.json`),
a plain re-statement of the feature definition on arbitrary text, the features of a batch
(`featurize_arrays`) equal to each text's, and `predict` (one batch) equal to `predict_one` text by text."""

from __future__ import annotations

import hashlib
import json
import math
import re
import zlib
from array import array
from collections import Counter
from itertools import pairwise
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from warta.tone import ToneModel, features
from warta.tone.features import (
    CHAR_SIZES,
    ENGLISH,
    FeatureConfig,
    clause_starts,
    common_words,
    featurize,
    featurize_arrays,
    lexicon,
    polarity_counts,
    tokens,
)

EXPECTED = ROOT / "tests" / "data" / "tone_features_expected.json"
WORDS = (
    "tidak belum bukan gagal tanpa jangan warga banjir jembatan berhasil rusak aman senang kecewa korupsi "
    "bantuan cepat lambat ramah nya kan di ke the and of is 12 3,5 anak-anak café Ибу"
).split()
SEPARATORS = (" ", " ", " ", ", ", ". ", "; ", " (", ") ", " – ", "! ", "? ", "\n")
CONFIGS = (
    FeatureConfig(),
    FeatureConfig(buckets=1009, char_weight=0.7, lexicon_weight=0.3),
    FeatureConfig(7, 0.0, 1.0),
)


def _digest(features: dict[int, float] | None) -> list[object] | None:
    if features is None:
        return None
    pairs = json.dumps([[k, v] for k, v in features.items()], separators=(",", ":"))
    return [len(features), hashlib.sha256(pairs.encode()).hexdigest()[:32]]


def test_tone_features_equal_the_frozen_ones() -> None:
    frozen = json.loads(EXPECTED.read_text(encoding="utf-8"))
    configs = [FeatureConfig(**c) for c in frozen["configs"]]
    assert len(frozen["cases"]) >= 30
    for case in frozen["cases"]:
        got = [_digest(featurize(case["text"], config)) for config in configs]
        assert got == case["expected"], case["text"]


def _plain_indonesian(words: list[str]) -> bool:
    letters = "".join(w for w in words if not w[0].isdigit())
    if not letters or sum(1 for ch in letters if "a" <= ch <= "z") < len(letters) / 2:
        return False
    known, lex = common_words(), lexicon()
    indonesian = sum(1 for w in words if w in known or w in lex or w.endswith(("nya", "kan")))
    return sum(1 for w in words if w in ENGLISH) < 2 or indonesian >= sum(1 for w in words if w in ENGLISH)


def _plain_group(counts: Counter[str], weight: float, buckets: int, out: dict[int, float]) -> None:
    values = [(f, 1.0 if n == 1 else 1.0 + math.log(n)) for f, n in counts.items()]
    norm = math.sqrt(sum(v * v for _, v in values))
    for feature, value in values if norm else ():
        index = zlib.crc32(feature.encode("utf-8")) % buckets
        out[index] = out.get(index, 0.0) + weight / norm * value


def plain_featurize(text: str, config: FeatureConfig) -> dict[int, float] | None:
    """The feature definition of docs/tone.md written out one feature at a time, as it first was."""
    words = tokens(text)
    if not words or not re.search(r"[^\W\d_]", text) or not _plain_indonesian(words):
        return None
    positive, negative, scoped = polarity_counts(words, clause_starts(text))
    word_counts = Counter(f"w:{w}" for w in words)
    word_counts.update(f"b:{a} {b}" for a, b in pairwise(["<s>", *words, "</s>"]))
    word_counts.update(f"n:{words[i]}" for i in scoped)
    char_counts: Counter[str] = Counter()
    for word in words:
        marked = f" {word} "
        char_counts.update(f"c:{marked[i : i + n]}" for n in CHAR_SIZES for i in range(len(marked) - n + 1))
    out: dict[int, float] = {}
    _plain_group(word_counts, 1.0, config.buckets, out)
    _plain_group(char_counts, config.char_weight, config.buckets, out)
    for name, count in (("lex:pos", positive), ("lex:neg", negative), ("lex:net", positive - negative)):
        if count:
            index = zlib.crc32(name.encode("utf-8")) % config.buckets
            out[index] = out.get(index, 0.0) + config.lexicon_weight * math.copysign(math.log1p(abs(count)), count)
    return out


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(w + s for w, s in parts)
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(texts, st.text(max_size=80)), st.sampled_from(CONFIGS))
def test_tone_features_equal_the_plain_definition(text: str, config: FeatureConfig) -> None:
    got, plain = featurize(text, config), plain_featurize(text, config)
    assert (got is None) == (plain is None)
    if got is not None and plain is not None:
        assert list(got.items()) == list(plain.items())  # the same values, in the same order


def test_tone_features_of_a_word_repeated_past_the_lookup_table() -> None:
    text = "banjir tidak surut " * 300
    got, plain = featurize(text, FeatureConfig()), plain_featurize(text, FeatureConfig())
    assert got is not None and plain is not None and list(got.items()) == list(plain.items())


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(texts, st.text(max_size=40)), max_size=12), st.sampled_from(CONFIGS))
def test_tone_features_of_a_batch_equal_the_features_of_each_text(batch: list[str], config: FeatureConfig) -> None:
    for text, arrays in zip(batch, featurize_arrays(batch, config), strict=True):
        alone = featurize(text, config)
        assert (arrays is None) == (alone is None)
        if arrays is not None and alone is not None:
            assert (arrays[0].tolist(), arrays[1].tolist()) == (list(alone), list(alone.values()))


def test_tone_features_of_batches_after_the_n_gram_numbering_starts_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "_MAX_GRAM_NUMBERS", 40)  # forgotten before almost every batch
    cases = [case["text"] for case in json.loads(EXPECTED.read_text(encoding="utf-8"))["cases"]]
    for start in range(0, len(cases), 5):
        batch = cases[start : start + 5]
        for text, arrays in zip(batch, featurize_arrays(batch, FeatureConfig()), strict=True):
            alone = featurize(text, FeatureConfig())
            assert (None if arrays is None else arrays[1].tolist()) == (None if alone is None else list(alone.values()))


def _tiny_model() -> ToneModel:
    """A model of 7 buckets with arbitrary weights: most features share a bucket."""
    rng = Random(18)
    weights = array("f", [rng.uniform(-3, 3) for _ in range(7 * 3)])
    return ToneModel(["negatif", "netral", "positif"], [0.1, 0.0, -0.1], weights, FeatureConfig(7, 0.8, 0.4))


@pytest.mark.parametrize("tiny", [False, True])
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(texts, st.text(max_size=40)), max_size=12))
def test_tone_batch_predict_equals_predict_one(tiny: bool, batch: list[str]) -> None:
    model = _tiny_model() if tiny else ToneModel.load()
    assert model.predict(batch) == [model.predict_one(text) for text in batch]
