"""The CRF's feature lists: a sentence's features, built from one cache entry per word, are those of each token
built on its own, in the same order, with and without a domain."""

from __future__ import annotations

import pytest

from warta.ner.features import Featurizer

TOKENS = ["Bupati", "Banyuwangi", "Sri", "Wulandari", "(", "IF", ")", "meninjau", "Posyandu", "di", "Desa", "X"]


@pytest.mark.parametrize("domain", [None, "idner", "nerp"])
def test_sentence_features_equal_token_features(domain: str | None) -> None:
    featurizer = Featurizer({"banyuwangi": ("1011", "10"), "di": ("0",)}, {"bupati": "title", "di": "lower"})
    whole = featurizer.sentence(TOKENS, domain)
    alone = Featurizer({"banyuwangi": ("1011", "10"), "di": ("0",)}, {"bupati": "title", "di": "lower"})
    assert whole == [alone.token(TOKENS, i, domain) for i in range(len(TOKENS))]


def test_domain_copies_follow_each_group_of_features() -> None:
    featurizer = Featurizer()
    plain, tagged = featurizer.token(["Kota", "Malang"], 1), featurizer.token(["Kota", "Malang"], 1, "nerp")
    assert "w=malang" in plain and "-1:w=kota" in plain and "bias" in plain
    assert tagged.index("nerp|w=malang") < tagged.index("-1:w=kota") < tagged.index("nerp|-1:w=kota")
    assert [f for f in tagged if not f.startswith("nerp|")] == plain
    assert len(tagged) == 2 * len(plain)


@pytest.mark.parametrize(
    ("size", "i", "edges"),
    [
        (1, 0, ["first", "-2:edge", "-1:edge", "1:edge", "2:edge"]),
        (2, 0, ["first", "-2:edge", "-1:edge", "2:edge"]),
        (2, 1, ["-2:edge", "1:edge", "2:edge"]),
        (3, 1, ["-2:edge", "2:edge"]),
        (5, 2, []),
        (5, 3, ["2:edge"]),
        (5, 4, ["1:edge", "2:edge"]),
    ],
)
def test_place_features_name_the_window_ends_a_token_sees(size: int, i: int, edges: list[str]) -> None:
    placed = Featurizer().positions(["kata"] * size)[i]
    assert placed[0] == "bias"
    assert [f for f in placed[1:] if f == "first" or f.endswith(":edge")] == edges
