"""The CRF model (CRFsuite through python-crfsuite): training from corpora, loading the shipped model, and
tagging token sequences."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from warta.errors import InputError
from warta.ner.casing import learn as learn_casing
from warta.ner.casing import load as load_casing
from warta.ner.casing import save as save_casing
from warta.ner.clusters import learn as learn_clusters
from warta.ner.clusters import load as load_clusters
from warta.ner.clusters import save as save_clusters
from warta.ner.corpora import SCHEMES, Sentence
from warta.ner.features import CACHE_WORDS, OFFSETS, Featurizer, copies
from warta.ner.folder import MODEL_FILE, PROVENANCE_FILE, SHIPPED
from warta.ner.lexicons import PERSON_WORDS_FILE, learn_person_words, words_in
from warta.ner.lexicons import save as save_words
from warta.ner.linear_chain import ChainWeights, FloatArray, marginals, read_crfsuite, viterbi

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of a training run."""

    c1: float = 0.05
    c2: float = 0.3
    max_iterations: int = 350
    seed: int = 13
    domains: bool = True
    clusters: bool = True
    casing: bool = True


class NerModel:
    """A trained CRF: `tag(tokens)` gives one coarse BIO tag per token, `tag_all` tags many sequences at once.

    The model's weights are read from CRFsuite's file and decoded in NumPy (`warta.ner.linear_chain`): what a
    word's own features and its context features add to each label's score is summed once per word and kept
    (bounded, as the featurizer's caches), so a token costs a few lookups and the features of its place."""

    def __init__(self, folder: Path = SHIPPED) -> None:
        path = folder / MODEL_FILE
        if not path.is_file():
            raise InputError(f"{folder}: no NER model here (expected {MODEL_FILE}); run `warta train ner`")
        self.provenance: dict[str, Any] = _read_provenance(folder)
        self.domain: str | None = self.provenance.get("inference_domain")
        self.domains: frozenset[str] = frozenset(self.provenance.get("domains", ()))
        self.words = words_in(folder)
        self.featurizer = Featurizer(load_clusters(folder), self.words.casing)
        self._path = path
        self._weights: dict[str, ChainWeights] = {}  # by domain ("" for none): the model without other domains'
        self.weights = self._weights_for(self.domain)
        self._word = lru_cache(maxsize=CACHE_WORDS)(self._word_scores)
        self._context = lru_cache(maxsize=CACHE_WORDS // len(OFFSETS))(self._context_scores)
        self._rows: dict[str, _Rows] = {}

    def _weights_for(self, domain: str | None) -> ChainWeights:
        """The weights a tagging with `domain` reads (read from the file the first time a domain is asked for)."""
        key = domain or ""
        if key not in self._weights:
            self._weights[key] = read_crfsuite(self._path, leave_out=self.domains - {key})
        return self._weights[key]

    def tag(self, tokens: Sequence[str], domain: str | None = None) -> list[str]:
        """Coarse BIO tags; `domain` picks a training corpus's conventions when the model learned it."""
        return self.tag_all([tokens], domain).tags[0]

    def tag_all(self, sequences: Sequence[Sequence[str]], domain: str | None = None) -> Tagged:
        """The tags of every sequence (and, on demand, how sure the model is of them), decoded together."""
        chosen = domain if domain in self.domains else self.domain
        weights = self._weights_for(chosen)
        scored = self._scores([tokens for tokens in sequences if tokens], chosen, weights)
        paths = iter(viterbi(scored, weights.transitions) if scored else [])
        numbers = [next(paths) if tokens else [] for tokens in sequences]
        found = iter(scored)
        scores = [next(found) if tokens else None for tokens in sequences]
        labels = weights.labels
        return Tagged([[labels[n] for n in path] for path in numbers], numbers, scores, weights.transitions)

    def _scores(
        self, sequences: Sequence[Sequence[str]], domain: str | None, weights: ChainWeights
    ) -> list[FloatArray]:
        """The state scores (token × label) of each (non-empty) sequence, computed for all at once."""
        if not sequences:
            return []
        key = domain or ""
        words = [token for tokens in sequences for token in tokens]
        lengths = [len(tokens) for tokens in sequences]
        scores = np.array([self._word(token, key) for token in words])
        contexts = np.array([self._context(token, key) for token in words])
        index = np.concatenate([np.arange(n) for n in lengths])  # each token's index in its sequence
        size = np.repeat(lengths, lengths)
        for k, offset in enumerate(OFFSETS):  # token i reads the context features of token i + offset
            if offset < 0:
                reads = index[-offset:] + offset >= 0
                scores[-offset:][reads] += contexts[:offset, k][reads]
            else:
                reads = index[:-offset] + offset < size[:-offset]
                scores[:-offset][reads] += contexts[offset:, k][reads]
        rows_of = self._rows.get(key)
        if rows_of is None:
            rows_of = self._rows[key] = _Rows(weights, domain)
        rows_of.forget_if_full()
        rows: list[int] = []
        starts: list[int] = []
        for tokens in sequences:
            for place in self.featurizer.positions(tokens):
                starts.append(len(rows))
                rows.extend(chain.from_iterable(map(rows_of.__getitem__, place)))
        scores += np.add.reduceat(weights.state[rows], starts)
        return np.split(scores, np.cumsum(lengths)[:-1])

    def _word_scores(self, word: str, domain: str) -> FloatArray:
        """What the word's own features add to each label's score (features the model never saw add nothing)."""
        weights = self._weights[domain]
        total: FloatArray = weights.state[weights.rows(self.featurizer.word(word, domain))].sum(axis=0)
        return total

    def _context_scores(self, word: str, domain: str) -> FloatArray:
        """What the word's context features add to each label's score of the token at each offset of `OFFSETS`."""
        weights = self._weights[domain]
        rows: list[int] = []
        starts: list[int] = []
        for features in self.featurizer.contexts(word, domain):
            starts.append(len(rows))
            rows.append(weights.nothing)  # every group has a row, so that `reduceat` sums each, empty or not
            rows.extend(weights.rows(features))
        total: FloatArray = np.add.reduceat(weights.state[rows], starts)
        return total


class _Rows(dict[str, tuple[int, ...]]):
    """A feature of a token's place (`Featurizer.positions`) → the model's rows for it and for its domain copy
    (the all-zero row for a feature the model never saw), for one domain; bounded like the featurizer's caches."""

    def __init__(self, weights: ChainWeights, domain: str | None) -> None:
        super().__init__()
        self.weights, self.domain = weights, domain

    def __missing__(self, feature: str) -> tuple[int, ...]:
        features = [feature, *copies(self.domain, [feature])] if self.domain else [feature]
        rows = self[feature] = tuple(self.weights.rows(features))
        return rows

    def forget_if_full(self) -> None:
        """Start anew when it holds more than `CACHE_WORDS` features (between calls only)."""
        if len(self) > CACHE_WORDS:
            self.clear()


class Tagged:
    """The tags of sequences tagged together; `confidence` reads their marginal probabilities, computed for
    every sequence with a person in it the first time one is asked for."""

    def __init__(
        self,
        tags: list[list[str]],
        numbers: list[list[int]],
        scores: list[FloatArray | None],
        transitions: FloatArray,
    ) -> None:
        self.tags = tags
        self._numbers = numbers
        self._scores = scores
        self._transitions = transitions
        self._marginals: dict[int, FloatArray] | None = None

    def confidence(self, sequence: int, first: int, last: int) -> float:
        """The lowest marginal probability of the tags of tokens `first`..`last - 1` of a sequence of persons."""
        if self._marginals is None:
            self._marginals = self._person_marginals()
        table = self._marginals.get(sequence)
        if table is None:
            table = self._marginals[sequence] = marginals([self._scored(sequence)], self._transitions)[0]
        path = self._numbers[sequence]
        return float(min(table[i, path[i]] for i in range(first, last)))

    def _person_marginals(self) -> dict[int, FloatArray]:
        """The marginals of every sequence tagged with a person, computed together."""
        chosen = [n for n, tags in enumerate(self.tags) if any(tag.endswith("-PER") for tag in tags)]
        if not chosen:
            return {}
        tables = marginals([self._scored(n) for n in chosen], self._transitions)
        return dict(zip(chosen, tables, strict=True))

    def _scored(self, sequence: int) -> FloatArray:
        """The state scores of a sequence; an empty one has none to be sure of."""
        scores = self._scores[sequence]
        if scores is None:
            raise ValueError(f"sequence {sequence} is empty")
        return scores


def _read_provenance(folder: Path) -> dict[str, Any]:
    path = folder / PROVENANCE_FILE
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def train(
    sentences: list[Sentence],
    out: Path,
    config: TrainConfig,
) -> Path:
    """Train a CRF on `sentences` (with word clusters and a casing table learned from them, as `config`
    asks) and write it to `out`; returns the model file."""
    import pycrfsuite

    out.mkdir(parents=True, exist_ok=True)
    if config.clusters:
        save_clusters(learn_clusters([s.tokens for s in sentences], config.seed), out)
    if config.casing:
        save_casing(learn_casing(s.tokens for s in sentences if SCHEMES[s.corpus].cased), out)
    save_words(learn_person_words(sentences), out, PERSON_WORDS_FILE)
    featurizer = Featurizer(load_clusters(out), load_casing(out))

    rng = random.Random(config.seed)
    order = list(sentences)
    rng.shuffle(order)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in order:
        domain = sent.corpus if config.domains else None
        trainer.append(featurizer.sentence(sent.tokens, domain), list(sent.tags))
    trainer.set_params(
        {
            "c1": config.c1,
            "c2": config.c2,
            "max_iterations": config.max_iterations,
            "feature.possible_transitions": True,
        }
    )
    path = out / MODEL_FILE
    log.info("training on %d sentences", len(order))
    trainer.train(str(path))
    return path
