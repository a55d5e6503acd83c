"""Word clusters learned from raw text the project may use (the training corpora's own sentences and the
team's demo articles): word2vec vectors (gensim) grouped by k-means (scikit-learn) at several sizes. They
give the CRF a notion of words that behave alike, beyond the ones it saw labelled. Training needs the
`train` extra; using a model needs only the clusters file written next to it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

CLUSTERS_FILE = "clusters.tsv"
SIZES = (50, 200, 800)


def learn(sentences: Iterable[Sequence[str]], seed: int, sizes: Sequence[int] = SIZES) -> dict[str, tuple[int, ...]]:
    """Cluster ids per lowercased word, one per size in `sizes`."""
    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans

    corpus = [[w.lower() for w in s] for s in sentences]
    vectors = Word2Vec(corpus, vector_size=100, window=5, min_count=3, workers=1, seed=seed, epochs=10, sg=1).wv
    words = list(vectors.index_to_key)
    matrix = vectors[words]
    ids: dict[str, list[int]] = {w: [] for w in words}
    for k in sizes:
        labels = KMeans(n_clusters=min(k, len(words)), random_state=seed, n_init=1).fit_predict(matrix)
        for word, label in zip(words, labels, strict=True):
            ids[word].append(int(label))
    return {w: tuple(v) for w, v in ids.items()}


def save(clusters: dict[str, tuple[int, ...]], folder: Path) -> None:
    """Write `clusters.tsv`: word, then one cluster id per size."""
    lines = ["\t".join([w, *map(str, ids)]) for w, ids in sorted(clusters.items())]
    (folder / CLUSTERS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def load(folder: Path) -> dict[str, tuple[str, ...]]:
    """The clusters next to a model, or none."""
    path = folder / CLUSTERS_FILE
    if not path.is_file():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, *ids = line.split("\t")
        out[word] = tuple(ids)
    return out
