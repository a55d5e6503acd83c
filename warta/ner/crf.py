"""The CRF model (CRFsuite through python-crfsuite): training from corpora, loading the shipped model, and
tagging token sequences."""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.ner.casing import learn as learn_casing
from warta.ner.casing import load as load_casing
from warta.ner.casing import save as save_casing
from warta.ner.clusters import learn as learn_clusters
from warta.ner.clusters import load as load_clusters
from warta.ner.clusters import save as save_clusters
from warta.ner.corpora import SCHEMES, Sentence
from warta.ner.features import Featurizer
from warta.ner.folder import MODEL_FILE, PROVENANCE_FILE, SHIPPED
from warta.ner.lexicons import PERSON_WORDS_FILE, learn_person_words, words_in
from warta.ner.lexicons import save as save_words

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
    """A trained CRF: `tag(tokens)` gives one coarse BIO tag per token."""

    def __init__(self, folder: Path = SHIPPED) -> None:
        import pycrfsuite

        path = folder / MODEL_FILE
        if not path.is_file():
            raise InputError(f"{folder}: no NER model here (expected {MODEL_FILE}); run `warta train ner`")
        self.provenance: dict[str, Any] = _read_provenance(folder)
        self.domain: str | None = self.provenance.get("inference_domain")
        self.domains: frozenset[str] = frozenset(self.provenance.get("domains", ()))
        self.words = words_in(folder)
        self.featurizer = Featurizer(load_clusters(folder), self.words.casing)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def tag(self, tokens: Sequence[str], domain: str | None = None) -> list[str]:
        """Coarse BIO tags; `domain` picks a training corpus's conventions when the model learned it."""
        if not tokens:
            return []
        chosen = domain if domain in self.domains else self.domain
        return list(self._tagger.tag(self.featurizer.sentence(tokens, chosen)))

    def confidence(self, tags: Sequence[str], first: int, last: int) -> float:
        """The lowest marginal probability of the tags just given to tokens `first`..`last - 1` (call right after
        `tag`, on its result): how sure the model is of a chunk."""
        return min(float(self._tagger.marginal(tags[i], i)) for i in range(first, last))


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
