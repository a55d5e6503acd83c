"""The NumPy decoding of a CRFsuite model (warta/ner/linear_chain.py, `NerModel.tag_all`) against CRFsuite's own
tagger on the same model: the same tags and the same marginal probabilities, for batches of sequences of any
lengths, words the model knows and words it never saw, with and without the model's domain."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.errors import InputError
from warta.ner.corpora import Sentence
from warta.ner.crf import NerModel, TrainConfig, train
from warta.ner.folder import MODEL_FILE, SHIPPED
from warta.ner.linear_chain import read_crfsuite

NAMES = [("Andi", "Wijaya"), ("Budi", "Santoso"), ("Rina", "Kusuma"), ("Dewi", "Lestari"), ("Siti", "Aminah")]
PLACES = ["Sleman", "Malang", "Bogor", "Kediri", "Kota Batu"]
VERBS = ["meninjau", "mengunjungi", "menyebut", "membuka"]
WORDS = [*(w for pair in NAMES for w in pair), *PLACES, *VERBS, "di", "ke", ".", ",", "(", ")", "Bupati", "PT", "2026"]
UNSEEN = ["Zulkarnain", "xyz", "Tidore", "menggelar", "RSUD", "!"]


def _corpus() -> list[Sentence]:
    out = []
    for n in range(40):
        first, last = NAMES[n % len(NAMES)]
        place = PLACES[(n * 3) % len(PLACES)].split()
        verb = VERBS[n % len(VERBS)]
        tokens = ("Bupati", first, last, verb, *place, ".")
        tags = ("O", "B-PER", "I-PER", "O", "B-LOC", *("I-LOC",) * (len(place) - 1), "O")
        corpus = "idner" if n % 2 else "nerp"
        out.append(Sentence(tokens, tags, corpus))
        out.append(
            Sentence(
                ("PT", last, "di", *place, ","),
                ("B-ORG", "I-ORG", "O", "B-LOC", *("I-LOC",) * (len(place) - 1), "O"),
                corpus,
            )
        )
    return out


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[NerModel, pycrfsuite.Tagger]:
    folder = tmp_path_factory.mktemp("crf")
    train(_corpus(), folder, TrainConfig(max_iterations=60))
    (folder / "PROVENANCE.json").write_text('{"domains": ["idner", "nerp"], "inference_domain": "idner"}')
    tagger = pycrfsuite.Tagger()
    tagger.open(str(folder / MODEL_FILE))
    return NerModel(folder), tagger


@pytest.mark.parametrize("leave_out", [frozenset(), frozenset({"nerp"}), frozenset({"idner", "nerp"})])
def test_weights_read_are_crfsuites(trained: tuple[NerModel, pycrfsuite.Tagger], leave_out: frozenset[str]) -> None:
    model, tagger = trained
    info = tagger.info()
    weights = read_crfsuite(model._path, leave_out)
    assert list(weights.labels) == sorted(info.labels, key=lambda label: int(info.labels[label]))
    number = {label: n for n, label in enumerate(weights.labels)}
    wanted = {(a, label): w for (a, label), w in info.state_features.items() if a.partition("|")[0] not in leave_out}
    assert set(weights.attributes) == {a for a, _ in wanted}  # every attribute has a state feature
    assert np.count_nonzero(weights.state) == len(wanted)
    if leave_out:
        assert len(wanted) < len(info.state_features)
    for (attribute, label), weight in wanted.items():  # info() prints weights to six places
        assert weights.state[weights.attributes[attribute], number[label]] == pytest.approx(weight, abs=1e-6)
    for (before, after), weight in info.transitions.items():
        assert weights.transitions[number[before], number[after]] == pytest.approx(weight, abs=1e-6)
    assert not weights.state[weights.nothing].any()
    assert sorted(weights.attributes.values()) == list(range(weights.nothing))


sequences = st.lists(st.lists(st.sampled_from(WORDS + UNSEEN), min_size=0, max_size=14), min_size=1, max_size=6)


@settings(max_examples=120, deadline=None)
@given(batch=sequences, domain=st.sampled_from([None, "nerp", "unknown"]))
def test_tags_and_marginals_are_crfsuites(
    trained: tuple[NerModel, pycrfsuite.Tagger], batch: list[list[str]], domain: str | None
) -> None:
    model, tagger = trained
    tagged = model.tag_all(batch, domain)
    chosen = domain if domain in model.domains else model.domain
    for number, tokens in enumerate(batch):
        expected = list(tagger.tag(model.featurizer.sentence(tokens, chosen))) if tokens else []
        assert tagged.tags[number] == expected
        if any(tag.endswith("-PER") for tag in expected):
            for i, tag in enumerate(expected):
                assert tagged.confidence(number, i, i + 1) == pytest.approx(tagger.marginal(tag, i), abs=1e-9)
            lowest = min(tagger.marginal(tag, i) for i, tag in enumerate(expected))
            assert tagged.confidence(number, 0, len(tokens)) == pytest.approx(lowest, abs=1e-9)


def test_tag_of_nothing_is_nothing(trained: tuple[NerModel, pycrfsuite.Tagger]) -> None:
    model, _ = trained
    assert model.tag([]) == []
    assert model.tag_all([[], []]).tags == [[], []]


@pytest.mark.parametrize("content", [b"", b"lCRF" + b"\0" * 60, b"not a model at all, just some bytes" * 3])
def test_a_file_that_is_no_crfsuite_model_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    _assert_refused(tmp_path, content)


@pytest.mark.parametrize("keep", [60, 6_000, 7_000_000, 16_000_000])
def test_a_truncated_model_is_a_clear_error(tmp_path: Path, keep: int) -> None:
    _assert_refused(tmp_path, (SHIPPED / MODEL_FILE).read_bytes()[:keep])


def _assert_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / MODEL_FILE
    path.write_bytes(content)
    with pytest.raises(InputError, match="not a CRFsuite model file"):
        read_crfsuite(path)
