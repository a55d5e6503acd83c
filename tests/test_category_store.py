"""Categories in the store (migration 0012), on both backends: the column the write path sets and the migration
fills from stored documents, the category of article and isu list items, the `category` filters of the article
and isu lists, of /api/v1/articles and /api/v1/isu, and of `warta isu list`."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests.conftest import Databases
from tests.test_store import make_article
from tests.test_store_open import open_at_version
from warta.errors import InputError
from warta.model import Article
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore

CABAI = "Harga cabai rawit di pasar Kediri naik tajam menjelang akhir tahun karena pasokan dari petani berkurang."


def jalan(article_id: str, category: str | None) -> Article:
    """`make_article` (one story: every one of them is a near duplicate of the others) with a category."""
    return make_article(article_id, category=category, category_source="classifier" if category else None)


def cabai(article_id: str, category: str, day: str) -> Article:
    """An article of another story, published on `day`."""
    fields = {"mentions": (), "quotes": (), "edges": (), "entities": (), "published": f"{day}T08:00:00+07:00"}
    return make_article(article_id, text=CABAI, title="Harga cabai naik", category=category, **fields)


def category_articles() -> list[Article]:
    """Two isus: the Mojokerto road (2022-06-06; politik twice, ekonomi once, one article without a category)
    and the price of chillies (ekonomi on 2022-06-07, lainnya on 2022-06-08)."""
    return [
        jalan("a1", "politik"),
        jalan("a2", "ekonomi"),
        jalan("a3", "politik"),
        jalan("a4", None),
        cabai("b1", "ekonomi", "2022-06-07"),
        cabai("b2", "lainnya", "2022-06-08"),
    ]


@pytest.fixture
def category_store(store: SQLStore) -> SQLStore:
    """The store with `category_articles`."""
    store.save_many(category_articles())
    return store


def stored_categories(store: SQLStore) -> dict[str, str | None]:
    return dict(store.conn.execute("SELECT id, category FROM articles").fetchall())


def article_ids(store: SQLStore, **filters: str) -> list[str]:
    return [item.id for item in queries.list_articles(store, queries.ArticleFilter(**filters)).items]


def isus(store: SQLStore, **filters: str) -> dict[str, str | None]:
    """The pencetus of each isu the list keeps → the isu's category."""
    return {item.pencetus: item.category for item in queries.list_isus(store, **filters).items}  # type: ignore[arg-type]


def test_the_write_path_sets_the_category(category_store: SQLStore) -> None:
    assert stored_categories(category_store) == {
        "a1": "politik", "a2": "ekonomi", "a3": "politik", "a4": None, "b1": "ekonomi", "b2": "lainnya"
    }  # fmt: skip
    category_store.save(jalan("a1", "hukum/kriminal"))
    category_store.save(dataclasses.replace(cabai("b2", "lainnya", "2022-06-08"), category=None))
    changed = stored_categories(category_store)
    assert (changed["a1"], changed["b2"]) == ("hukum/kriminal", None)


def test_articles_carry_their_category_and_filter_by_it(category_store: SQLStore) -> None:
    items = queries.list_articles(category_store).items
    assert {item.id: item.category for item in items} == stored_categories(category_store)
    assert article_ids(category_store, category="politik") == ["a3", "a1"]
    assert article_ids(category_store, category="ekonomi") == ["b1", "a2"]
    assert article_ids(category_store, category="ekonomi", since="2022-06-07") == ["b1"]
    assert article_ids(category_store, category="kesehatan") == []
    first = queries.list_articles(category_store, queries.ArticleFilter(category="politik"), limit=1)
    assert [item.id for item in first.items] == ["a3"] and first.next_cursor
    rest = queries.list_articles(category_store, queries.ArticleFilter(category="politik"), cursor=first.next_cursor)
    assert [item.id for item in rest.items] == ["a1"] and rest.next_cursor is None


def test_isus_carry_their_most_common_category_and_filter_by_an_article_s(category_store: SQLStore) -> None:
    assert isus(category_store) == {"b1": "ekonomi", "a1": "politik"}  # b1/b2: a tie, the first in CATEGORIES
    assert isus(category_store, category="politik") == {"a1": "politik"}
    assert isus(category_store, category="lainnya") == {"b1": "ekonomi"}
    assert isus(category_store, category="ekonomi") == {"b1": "ekonomi", "a1": "politik"}
    assert isus(category_store, category="ekonomi", since="2022-06-07") == {"b1": "ekonomi"}
    assert isus(category_store, category="politik", since="2022-06-07") == {}  # one article must meet both
    assert isus(category_store, category="bencana") == {}


@pytest.mark.parametrize("category", ["Politik", "hukum", "kriminal", "sport"])
def test_an_unknown_category_is_refused_naming_the_valid_ones(category_store: SQLStore, category: str) -> None:
    with pytest.raises(InputError, match=r"category .*: use one of politik, pemerintahan, .*, lainnya"):
        queries.list_articles(category_store, queries.ArticleFilter(category=category))
    with pytest.raises(InputError, match="hukum/kriminal"):
        queries.list_isus(category_store, category=category)


def test_a_store_of_version_11_gets_the_category_of_its_documents(databases: Databases) -> None:
    location = databases.new(migrated=False)
    conn = open_at_version(location, 11)  # as a Warta before migration 0012 left it
    documents = {
        "filed": {"article": {"id": "filed", "category": "bencana", "category_source": "section"}},
        "plain": {"article": {"id": "plain", "title": "category"}},  # the word, but no category
        "none": {"article": {"id": "none", "category": None}},
    }
    conn.executemany(
        "INSERT INTO articles (id, text, document) VALUES (?, 'x', ?)",
        [(article_id, json.dumps(doc)) for article_id, doc in documents.items()],
    )
    conn.close()
    with open_store(location) as store:
        assert stored_categories(store) == {"filed": "bencana", "plain": None, "none": None}
        assert article_ids(store, category="bencana") == ["filed"]


def test_the_api_filters_articles_and_isus_by_category(databases: Databases) -> None:
    from fastapi.testclient import TestClient

    from warta.app import create_app

    location = databases.new()
    with open_store(location) as opened:
        opened.save_many(category_articles())
    with TestClient(create_app(location), base_url="http://localhost") as client:
        page = client.get("/api/v1/articles", params={"category": "ekonomi"}).json()
        assert [(item["id"], item["category"]) for item in page["items"]] == [("b1", "ekonomi"), ("a2", "ekonomi")]
        page = client.get("/api/v1/isu?category=lainnya").json()
        assert [(item["pencetus"], item["category"]) for item in page["items"]] == [("b1", "ekonomi")]
        assert client.get("/api/v1/articles?category=hukum/kriminal").json()["items"] == []
        refused = client.get("/api/v1/isu", params={"category": "sport"})
        assert refused.status_code == 422 and "lainnya" in refused.text


def test_isu_list_command_filters_by_category(databases: Databases, capsys: pytest.CaptureFixture[str]) -> None:
    from warta.cli import main

    location = databases.new()
    with open_store(location) as opened:
        opened.save_many(category_articles())
    assert main(["--db", location, "isu", "list", "--category", "politik", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [record["articles"] for record in records] == [["a1", "a2", "a3", "a4"]]
    assert main(["--db", location, "isu", "list", "--category", "sport"]) == 1
    error = capsys.readouterr().err.splitlines()
    assert len(error) == 1 and error[0].startswith("warta: category 'sport': use one of politik")
