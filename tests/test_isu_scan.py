"""The isu candidate search (`warta.store.isu_scan`), which reads the commonest stems last, finds the candidates
and cosines of the full scan whichever stems count as common, and the far window's articles whose cosine reaches
the far floor, on both backends."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Databases
from warta.isu import DEFAULT_RULE, Features
from warta.isu.link import cosine, gap
from warta.store import isu as store_isu
from warta.store import isu_scan, open_store
from warta.store.isu_scan import LIGHT, SLACK, Commonness
from warta.store.sqlstore import SQLStore

VOCABULARY = ("banjir", "jalan", "kata", "warga", "tanggul", "pasar", "harga", "sekolah")
numbers = count()


def unit(weights: dict[str, float]) -> tuple[tuple[str, float], ...]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return tuple((s, w / norm) for s, w in sorted(weights.items()))


article = st.builds(
    lambda weights, day, places: Features(
        f"a-{next(numbers):05d}",
        (date(2026, 1, 1) + timedelta(days=day)).isoformat(),
        stems=unit(weights),
        entities=tuple((place, "place", place.upper()) for place in sorted(places)),
    ),
    st.dictionaries(st.sampled_from(VOCABULARY), st.floats(0.05, 1.0), min_size=1, max_size=6),
    st.integers(0, 80),  # near, far and beyond the far window
    st.sets(st.sampled_from(("place-x", "place-y"))),
)


@pytest.fixture(scope="module")
def filed(module_databases: Databases) -> Iterator[SQLStore]:
    with open_store(module_databases.new()) as opened:
        yield opened


@settings(max_examples=40, deadline=None)
@given(stored=st.lists(article, min_size=1, max_size=6), new=article, common=st.permutations(VOCABULARY))
def test_reading_common_stems_last_finds_what_the_full_scan_finds(
    filed: SQLStore, stored: list[Features], new: Features, common: list[str]
) -> None:
    with filed.conn.transaction() as conn, pytest.MonkeyPatch.context() as monkeypatch:
        for item in stored:
            store_isu.file(conn, item)
        monkeypatch.setattr(isu_scan, "COMMON", Commonness())  # nothing is common: every posting is read
        full = isu_scan.similar(conn, new, DEFAULT_RULE)
        ranked = Commonness()
        for n, stem in enumerate(common):  # the first stem of `common` the commonest
            for _ in range(len(common) - n):
                ranked.add([stem])
        monkeypatch.setattr(isu_scan, "COMMON", ranked)
        assert ranked.light(new.stems, LIGHT * DEFAULT_RULE.floor)[1] <= LIGHT * DEFAULT_RULE.floor
        found = isu_scan.similar(conn, new, DEFAULT_RULE)
        filed_so_far = [store_isu.parsed(text) for (text,) in conn.execute("SELECT features FROM isu_features")]
    assert found.keys() == full.keys()
    assert all(found[a] == pytest.approx(full[a], abs=1e-9) for a in full)
    rule = DEFAULT_RULE
    far = {
        other.article
        for other in filed_so_far  # this example's and the earlier examples'
        if rule.window_days < gap(new, other) <= rule.far_days
        and new.places & other.places
        and cosine(new, other) >= rule.far_floor - SLACK
    }
    assert {a for a, score in found.items() if score == 0.0} == far - {new.article}


def test_the_light_stems_are_the_commonest_within_the_bound() -> None:
    counts = Commonness()
    for stems in (["kata", "jalan", "banjir"], ["kata", "jalan"], ["kata"]):
        counts.add(stems)
    stems = (("kata", 0.1), ("jalan", 0.15), ("banjir", 0.3), ("baru", 0.01))
    assert counts.light(stems, 0.2) == (frozenset({"kata", "jalan"}), pytest.approx(math.hypot(0.1, 0.15)))
    assert counts.light(stems, 0.12) == (frozenset({"kata"}), pytest.approx(0.1))  # "jalan" would pass it
    assert counts.light(stems, 0.05)[0] == frozenset()  # "baru" is light enough but was never filed


def test_counts_halve_so_that_old_words_fade() -> None:
    counts = Commonness(half_life=4)
    for _ in range(3):
        counts.add(["kata"])
    counts.add(["banjir"])  # the fourth article: every count halved, those of one dropped
    assert counts.light((("kata", 0.1), ("banjir", 0.1)), 1.0)[0] == frozenset({"kata"})


def test_an_article_the_light_stems_lift_over_the_floor_is_found(store: SQLStore) -> None:
    stored = Features("a-1", "2026-03-10", stems=unit({"kata": 0.8, "banjir": 0.2, "warga": 0.566}))
    new = Features("a-2", "2026-03-11", stems=unit({"kata": 0.19, "banjir": 0.98}))
    ranked = Commonness()
    ranked.add(["kata"])
    with store.conn.transaction() as conn, pytest.MonkeyPatch.context() as monkeypatch:
        store_isu.file(conn, stored)
        monkeypatch.setattr(isu_scan, "COMMON", ranked)
        assert ranked.light(new.stems, LIGHT * DEFAULT_RULE.floor)[0] == {"kata"}
        found = isu_scan.similar(conn, new, DEFAULT_RULE)
    heavy = stored.vector["banjir"] * new.vector["banjir"]
    assert heavy < DEFAULT_RULE.floor <= found["a-1"]  # "banjir" alone falls short; with "kata" it reaches
    assert found["a-1"] == pytest.approx(heavy + stored.vector["kata"] * new.vector["kata"])
