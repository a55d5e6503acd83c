"""A word with more hits than `RANK_WINDOW` is ranked among its newest stored hits, on both backends: the
search's sections hold only those, best first; a search page ranks them first and then gives every older hit,
newest stored first, so that paging still reaches each hit once; fewer hits are ranked all together."""

from __future__ import annotations

import pytest

from warta.model import Article
from warta.store import queries, search
from warta.store.queries import search_pages
from warta.store.sqlstore import SQLStore

# Seven articles saved in this order, each naming "banjir" a different number of times in a different length,
# so that their scores differ. Written for this test.
FILLER = "Petugas mendata rumah warga dan jalan desa yang rusak setelah hujan deras semalam."
ARTICLES = [
    Article(id=f"a-{n}", text=f"Banjir melanda desa {n}. " + "Air banjir naik. " * (1 + n % 3) + FILLER * (n % 4),
            title=f"Laporan desa {n}", published=f"2025-03-{10 - n:02d}T08:00:00+07:00")
    for n in range(7)
]  # fmt: skip
WINDOW = 3
NEWEST = {"a-4", "a-5", "a-6"}


@pytest.fixture
def flooded(store: SQLStore) -> SQLStore:
    for article in ARTICLES:
        store.save(article)
    return store


@pytest.fixture
def window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rank a word's three newest hits only."""
    monkeypatch.setattr(search, "RANK_WINDOW", WINDOW)
    monkeypatch.setattr(search_pages, "RANK_WINDOW", WINDOW)


def ranked(store: SQLStore, per_page: int = 20, page: int = 1) -> list[str]:
    return [h.id for h in queries.search_page(store, "article", "banjir", per_page=per_page, page=page).items]


def test_fewer_hits_than_the_window_are_ranked_all_together(flooded: SQLStore) -> None:
    hits = queries.search_all(flooded, "banjir", limit=10).articles
    assert {h.id for h in hits} == {a.id for a in ARTICLES}
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert ranked(flooded) == [h.id for h in hits]


@pytest.mark.usefixtures("window")
def test_a_common_word_is_ranked_among_its_newest_hits(flooded: SQLStore) -> None:
    everything = [h.id for h in queries.search_all(flooded, "banjir", limit=10).articles]
    assert set(everything) == NEWEST


def test_the_window_keeps_the_order_of_the_whole_ranking(flooded: SQLStore, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = [h.id for h in queries.search_all(flooded, "banjir", limit=10).articles if h.id in NEWEST]
    monkeypatch.setattr(search, "RANK_WINDOW", WINDOW)
    assert [h.id for h in queries.search_all(flooded, "banjir", limit=10).articles] == whole


@pytest.mark.usefixtures("window")
@pytest.mark.parametrize("per_page", [1, 2, 3, 4, 7])
def test_search_pages_rank_the_window_then_give_the_older_hits_newest_stored_first(
    flooded: SQLStore, per_page: int
) -> None:
    first = queries.search_page(flooded, "article", "banjir", per_page=per_page)
    pages = [ranked(flooded, per_page, n) for n in range(1, first.pages + 1)]
    hits = [hit for page in pages for hit in page]
    assert first.total == 7 and all(len(page) == per_page for page in pages[:-1])
    assert set(hits[:WINDOW]) == NEWEST and hits[WINDOW:] == ["a-3", "a-2", "a-1", "a-0"]
    assert hits[:WINDOW] == [h.id for h in queries.search_all(flooded, "banjir").articles]


@pytest.mark.usefixtures("window")
def test_filters_choose_the_hits_before_the_window_does(flooded: SQLStore) -> None:
    early = queries.SearchFilter(since="2025-03-06")  # a-5, a-6 fall out: a-2 … a-4 are the newest kept
    page = queries.search_page(flooded, "article", "banjir", early)
    assert page.total == 5 and set([h.id for h in page.items][:WINDOW]) == {"a-2", "a-3", "a-4"}
    assert [h.id for h in page.items][WINDOW:] == ["a-1", "a-0"]
    newest = queries.search_page(flooded, "article", "banjir", order="terbaru")
    assert [h.id for h in newest.items] == [f"a-{n}" for n in range(7)]  # by date: a-0 is the newest published


@pytest.mark.parametrize(
    ("since", "until"),
    [("2025-03-06", None), (None, "2025-03-05"), ("2025-03-05", "2025-03-08"), ("2025-03-07", "2025-03-07"),
     ("2026-01-01", None), (None, "2024-12-31")],
)  # fmt: skip
def test_a_period_keeps_exactly_its_hits_whatever_order_they_were_stored_in(
    flooded: SQLStore, since: str | None, until: str | None
) -> None:
    # ARTICLES are stored newest date first: a period's articles are a stretch of the storage order here too,
    # and the page must find each of them, and none outside it, in both orders
    expected = {a.id for a in ARTICLES if (since or "") <= (a.published or "")[:10] <= (until or "9999")}
    for order in ("relevansi", "terbaru"):
        page = queries.search_page(flooded, "article", "banjir", queries.SearchFilter(since, until), order)
        assert {h.id for h in page.items} == expected and page.total == len(expected)
