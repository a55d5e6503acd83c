"""The baseline beside the tone model: TF-IDF word unigrams and bigrams + logistic regression (scikit-learn),
fit on the same training rows (`warta eval tone --baseline`; docs/tone.md). Needs the `train` extra."""

from __future__ import annotations

from typing import Any

from warta.errors import InputError
from warta.tone.data import Row


def fit_predict(train: list[Row], texts: list[str]) -> list[str]:
    """Fit the baseline on `train` and label `texts`."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise InputError("the baseline needs scikit-learn: pip install 'warta[train]'") from exc
    pipe: Any = make_pipeline(
        TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=1, sublinear_tf=True),
        LogisticRegression(max_iter=2000),
    )
    pipe.fit([r.text for r in train], [r.label for r in train])
    return [str(label) for label in pipe.predict(texts)]
