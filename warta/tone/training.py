"""Training the tone model (`warta train tone`): hashed features, multinomial logistic regression (scikit-learn,
the `train` extra), weights written for the pure-Python scorer in `warta.tone.model`."""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.errors import InputError
from warta.tone.data import Row, read, select
from warta.tone.features import FeatureConfig, featurize
from warta.tone.model import ToneModel
from warta.types import TONES


@dataclass(frozen=True)
class DataSpec:
    """One `--data PATH:FORMAT` argument."""

    path: Path
    fmt: str

    @classmethod
    def parse(cls, value: str) -> DataSpec:
        """`PATH:FORMAT` → a spec (the format after the last colon)."""
        path, sep, fmt = value.rpartition(":")
        if not sep or not path or not fmt:
            raise InputError(f"--data {value!r}: expected PATH:FORMAT (smsa, nusax, cnbci or warta)")
        return cls(Path(path), fmt)


@dataclass(frozen=True)
class TrainConfig:
    """Regularisation and class weighting of the logistic regression."""

    c: float = 4.0
    balanced: bool = True
    max_iter: int = 2000
    news_weight: float = 3.0  # rows of the news formats (cnbci, warta) count this many times


NEWS_FORMATS = ("cnbci", "warta")


def matrix(texts: list[str], config: FeatureConfig) -> Any:
    """A CSR matrix (rows × buckets) of hashed features; an unusable text gives an empty row."""
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

    indptr: list[int] = [0]
    indices: list[int] = []
    values: list[float] = []
    for text in texts:
        features = featurize(text, config) or {}
        indices.extend(features)
        values.extend(features.values())
        indptr.append(len(indices))
    return csr_matrix((values, indices, indptr), shape=(len(texts), config.buckets), dtype="float64")


def fit(
    rows: list[Row],
    features: FeatureConfig | None = None,
    config: TrainConfig | None = None,
    weights: list[float] | None = None,
) -> ToneModel:
    """Fit a model on labelled rows (every row is used: select the train part before), each row weighted by
    `weights` when given."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise InputError("training needs scikit-learn: pip install 'warta[train]'") from exc
    features, config = features or FeatureConfig(), config or TrainConfig()
    labels = [r.label for r in rows]
    if len(set(labels)) < 2:
        raise InputError("training needs rows of at least two tone labels")
    x = matrix([r.text for r in rows], features)
    clf = LogisticRegression(C=config.c, max_iter=config.max_iter, class_weight="balanced" if config.balanced else None)
    clf.fit(x, labels, sample_weight=weights)
    classes = [str(c) for c in clf.classes_]
    coef, intercepts = clf.coef_, [float(b) for b in clf.intercept_]
    if len(classes) == 2:  # binary: one row of weights for the second class; spread it over both
        coef = [-coef[0] / 2, coef[0] / 2]
        intercepts = [-intercepts[0] / 2, intercepts[0] / 2]
    missing = [c for c in TONES if c not in classes]
    table = array("f", [0.0] * (features.buckets * 3))
    order = classes + missing
    for c, name in enumerate(classes):
        column, slot = coef[c], order.index(name)
        for bucket in range(features.buckets):
            table[bucket * 3 + slot] = float(column[bucket])
    intercepts += [-30.0] * len(missing)  # a class absent from training is never predicted
    return ToneModel(order, intercepts, table, features)


def build(specs: list[DataSpec], out: Path, config: TrainConfig | None = None) -> dict[str, Any]:
    """Read the data files, keep their train parts, fit, and write the model and its provenance to `out`."""
    config = config or TrainConfig()
    rows: list[Row] = []
    weights: list[float] = []
    sources = []
    for spec in specs:
        every = read(spec.path, spec.fmt)
        kept = select(every, "train")
        rows.extend(kept)
        weights.extend([config.news_weight if spec.fmt in NEWS_FORMATS else 1.0] * len(kept))
        sources.append(
            {
                "file": spec.path.name,
                "format": spec.fmt,
                "sha256": hashlib.sha256(spec.path.read_bytes()).hexdigest(),
                "rows": len(every),
                "trained_on": len(kept),
                "labels": dict(Counter(r.label for r in kept)),
            }
        )
    if not rows:
        raise InputError("no training rows: every row given is held out")
    model = fit(rows, FeatureConfig(), config, weights)
    provenance = {
        "trained": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": "warta train tone "
        + " ".join(f"--data {s.path.name}:{s.fmt}" for s in specs)
        + f" --out {out}"
        + f" --c {config.c:g} --news-weight {config.news_weight:g}",
        "training": {
            "c": config.c,
            "class_weight": "balanced" if config.balanced else None,
            "news_weight": config.news_weight,
        },
        "sources": sources,
        "rows": len(rows),
    }
    model.save(out, {"provenance": provenance})
    return provenance
