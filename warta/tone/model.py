"""The tone model at run time: multinomial logistic regression over hashed features, scored in pure Python.

A model folder holds `model.json` (classes, intercepts, feature settings) and `weights.bin` (float32,
little-endian, one row of class weights per hash bucket). Loading the shipped model is cached.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from warta.errors import InputError
from warta.model import Tone
from warta.tone.data import LABELS
from warta.tone.features import FeatureConfig, FloatArray, IntArray, featurize, featurize_arrays

SHIPPED = Path(__file__).resolve().parent.parent / "models" / "tone"
MODEL_FILE = "model.json"
WEIGHTS_FILE = "weights.bin"
FORMAT_VERSION = 1


NOTHING = Tone("netral", 0.0, 0.0)


class ToneModel:
    """A trained tone model; `predict` labels texts."""

    def __init__(self, classes: list[str], intercepts: list[float], weights: array[float], config: FeatureConfig):
        if sorted(classes) != sorted(LABELS):
            raise InputError(f"tone model classes {classes} are not {', '.join(LABELS)}")
        if len(weights) != config.buckets * len(classes) or len(intercepts) != len(classes):
            raise InputError("tone model weights do not match its bucket count")
        self.classes = classes
        self.intercepts = intercepts
        self.weights = weights
        self.config = config
        # the weights as a (buckets × classes) matrix of float64: one row gather and product per text
        self._matrix = np.frombuffer(weights.tobytes(), dtype=np.float32).reshape(-1, len(classes)).astype(np.float64)
        self._intercepts = np.array(intercepts, dtype=np.float64)

    @classmethod
    def load(cls, folder: Path | str | None = None) -> ToneModel:
        """The model in `folder`; the shipped model (loaded once, cached) when no folder is given."""
        if folder is None:
            return _shipped()
        return _read(Path(folder))

    def save(self, folder: Path, extra: dict[str, Any] | None = None) -> None:
        """Write `model.json` and `weights.bin` into `folder` (created if needed)."""
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT_VERSION,
            "model": "multinomial logistic regression over hashed features (warta.tone)",
            "classes": self.classes,
            "intercepts": self.intercepts,
            "features": self.config.to_json(),
            **(extra or {}),
        }
        (folder / MODEL_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        weights = array("f", self.weights)
        if sys.byteorder != "little":
            weights.byteswap()
        (folder / WEIGHTS_FILE).write_bytes(weights.tobytes())

    def probabilities(self, features: dict[int, float]) -> list[float]:
        """Class probabilities (in `classes` order) of a hashed feature vector."""
        index = np.fromiter(features.keys(), dtype=np.int64, count=len(features))
        scores = self._scores(index, np.fromiter(features.values(), dtype=np.float64, count=len(features)))
        exps = np.exp(scores - scores.max())
        return [float(p) for p in exps / exps.sum()]

    def predict_one(self, text: str) -> Tone:
        """The tone of one text; empty or non-Indonesian text is `netral` with confidence 0.0."""
        features = featurize(text, self.config) if isinstance(text, str) else None
        if features is None:
            return NOTHING
        return self._tone(self.probabilities(features))

    def predict(self, texts: Iterable[str]) -> list[Tone]:
        """The tone of each text, in order: `predict_one`'s, with the features and the probabilities of all texts
        computed in one batch (`featurize_arrays`; each text's weighted sum is the product `probabilities`
        makes)."""
        texts = list(texts)
        strings = [number for number, text in enumerate(texts) if isinstance(text, str)]
        vectors = featurize_arrays([texts[number] for number in strings], self.config)
        found = [(number, vector) for number, vector in zip(strings, vectors, strict=True) if vector is not None]
        tones = [NOTHING] * len(texts)
        if found:
            scores = np.array([self._scores(*vector) for _, vector in found])
            exps = np.exp(scores - scores.max(axis=1, keepdims=True))
            for (number, _), probs in zip(found, (exps / exps.sum(axis=1, keepdims=True)).tolist(), strict=True):
                tones[number] = self._tone(probs)
        return tones

    def _scores(self, index: IntArray, values: FloatArray) -> FloatArray:
        """The class scores (intercepts plus weighted sum) of a hashed feature vector given as arrays."""
        if not len(index):
            return self._intercepts
        scores: FloatArray = self._intercepts + values @ self._matrix[index]
        return scores

    def _tone(self, probabilities: list[float]) -> Tone:
        """The tone given the class probabilities (in `classes` order)."""
        probs = dict(zip(self.classes, probabilities, strict=True))
        label = max(LABELS, key=lambda c: probs[c])
        score = max(-1.0, min(1.0, probs["positif"] - probs["negatif"]))
        return Tone(label, score, probs[label])


def _read(folder: Path) -> ToneModel:
    meta_path, weights_path = folder / MODEL_FILE, folder / WEIGHTS_FILE
    if not meta_path.is_file() or not weights_path.is_file():
        raise InputError(f"{folder}: not a tone model folder (needs {MODEL_FILE} and {WEIGHTS_FILE})")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        features = meta["features"]
        config = FeatureConfig(
            buckets=int(features["buckets"]),
            char_weight=float(features["char_weight"]),
            lexicon_weight=float(features["lexicon_weight"]),
        )
        classes = [str(c) for c in meta["classes"]]
        intercepts = [float(x) for x in meta["intercepts"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{meta_path}: unreadable tone model description: {exc}") from exc
    weights = array("f")
    try:
        weights.frombytes(weights_path.read_bytes())
    except ValueError as exc:
        raise InputError(f"{weights_path}: not float32 weights: {exc}") from exc
    if sys.byteorder != "little":
        weights.byteswap()
    return ToneModel(classes, intercepts, weights, config)


@cache
def _shipped() -> ToneModel:
    return _read(SHIPPED)
