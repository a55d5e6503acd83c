"""Isus ranked by their articles in a period and region (`queries.top_isus`, the web's "Isu teratas") and the isu
of an article (`queries.article_isu`), over hand-built articles on both backends: the five toned articles of
tests/test_tone_store.py (one isu over 1 to 5 January 2024, one article in Kota Surabaya), and later retellings
more than 60 days apart, which the isu rule keeps apart."""

from __future__ import annotations

import pytest

from tests.test_store import make_article
from tests.test_tone_store import toned_articles
from warta.errors import InputError
from warta.store import queries
from warta.store.sqlstore import SQLStore


@pytest.fixture
def isu_store(store: SQLStore) -> SQLStore:
    """Three isus: the toned articles (5), two articles in June 2024, one in September 2024."""
    later = [
        make_article("b1", published="2024-06-01T09:00:00+07:00", source="lain.id"),
        make_article("b2", published="2024-06-02T09:00:00+07:00"),
        make_article("c1", published="2024-09-01T09:00:00+07:00"),
    ]
    store.save_many([*toned_articles(), *later])
    return store


def ranked(
    store: SQLStore, since: str | None = None, until: str | None = None, region: str | None = None
) -> list[tuple[str, int, int]]:
    """(pencetus, articles in scope, all articles) of each isu, as top_isus ranks them."""
    return [(i.pencetus, i.in_scope, i.articles) for i in queries.top_isus(store, since, until, region).items]


def test_isus_are_ranked_by_their_articles_in_the_scope(isu_store: SQLStore) -> None:
    assert ranked(isu_store) == [("a1", 5, 5), ("b1", 2, 2), ("c1", 1, 1)]
    assert ranked(isu_store, since="2024-01-03", until="2024-06-01") == [("a1", 3, 5), ("b1", 1, 2)]
    assert ranked(isu_store, since="2024-06-01") == [("b1", 2, 2), ("c1", 1, 1)]
    assert ranked(isu_store, region="35.78") == [("a1", 1, 5)]  # a5, in Kota Surabaya
    assert ranked(isu_store, region="35.16", since="2024-09-01") == [("c1", 1, 1)]
    top = queries.top_isus(isu_store, since="2024-06-01").items[0]
    assert (top.outlets, top.pencetus_outlet, top.first_seen) == (2, "lain.id", "2024-06-01T09:00:00+07:00")
    first = queries.top_isus(isu_store).items[0]
    assert first.tone == queries.IsuTone(positif=1, negatif=2, netral=1)  # a4 has no tone
    assert first.label == queries.isu_detail(isu_store, first.id).label


def test_top_isus_pages_with_a_cursor(isu_store: SQLStore) -> None:
    seen, cursor = [], None
    while True:
        page = queries.top_isus(isu_store, limit=1, cursor=cursor)
        seen += [i.pencetus for i in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ["a1", "b1", "c1"]
    with pytest.raises(InputError, match="cursor"):
        queries.top_isus(isu_store, cursor="bm90IGEgY3Vyc29y")
    with pytest.raises(InputError):
        queries.top_isus(isu_store, since="2024-13-01")
    assert queries.top_isus(isu_store, since="2030-01-01").items == []


def test_the_isu_of_an_article(isu_store: SQLStore) -> None:
    link = queries.article_isu(isu_store, "a3")
    assert link is not None and link.articles == 5
    assert link == queries.article_isu(isu_store, "a5") != queries.article_isu(isu_store, "b2")
    assert link.label == queries.isu_detail(isu_store, link.id).label
    assert queries.article_isu(isu_store, "nope") is None
