"""Tests of the store's write path: round trips, idempotent saves, shared entities, failed saves, the frontier
(what it reads back is tested in tests/test_queries.py)."""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Databases
from warta.document import to_document
from warta.errors import NotFoundError, StoreError
from warta.model import Article, Edge, Entity, Mention, Quote, Role, Span
from warta.store import open_store, queries, rows
from warta.store.frontier import Frontier
from warta.store.postgres import PostgresStore
from warta.store.sqlstore import SaveManyError, SQLStore

TEXT = (
    'Bupati Mojokerto Ikfina Fahmawati mengatakan, "Jalan desa harus segera diperbaiki," ungkapnya. '
    "Menurut Teguh Gunarko, anggaran sudah siap."
)


def person(entity_id: str, name: str, **changes: Any) -> Entity:
    """A person entity."""
    return dataclasses.replace(Entity(entity_id, name, "person"), **changes)


def make_article(article_id: str = "art-1", **changes: Any) -> Article:
    """A hand-built article with two people, a place, mentions, two quotes, edges and a role."""
    ikfina = person("p-ikfina", "Ikfina Fahmawati", aliases=("Ikfina",), roles=(Role("Bupati", "Mojokerto", "c-mjk"),))
    teguh = person("p-teguh", "Teguh Gunarko")
    mojokerto = Entity("c-mjk", "Kabupaten Mojokerto", "city", kb={"region_code": "35.16"})
    jatim = Entity("pr-jatim", "Jawa Timur", "province", inferred=True)
    article = Article(
        id=article_id,
        text=TEXT,
        url=f"https://example.id/{article_id}",
        source="example.id",
        title="Jalan desa di Mojokerto",
        published="2022-06-06T18:23:55+07:00",
        mentions=(
            Mention(0, 16, "Bupati Mojokerto", "person", "p-ikfina", "pattern", Role("Bupati", "Mojokerto")),
            Mention(7, 16, "Mojokerto", "city", "c-mjk", "kb"),
            Mention(17, 33, "Ikfina Fahmawati", "person", "p-ikfina", "kb"),
            Mention(104, 117, "Teguh Gunarko", "person", "p-teguh", "kb"),
        ),
        entities=(ikfina, teguh, mojokerto, jatim),
        quotes=(
            Quote(
                "q-1",
                48,
                81,
                "Jalan desa harus segera diperbaiki",
                "direct",
                "ungkapnya",
                "p-ikfina",
                parts=(Span(48, 81),),
            ),
            Quote("q-2", 119, 140, "anggaran sudah siap", "indirect", "Menurut", "p-teguh"),
        ),
        edges=(Edge("p-ikfina", "p-teguh", "co_mentioned"), Edge("p-ikfina", "q-1", "said")),
    )
    return dataclasses.replace(article, **changes)


def location(store: SQLStore) -> str:
    """What `open_store` opens the store again from: its file, or its URL."""
    return store.url if isinstance(store, PostgresStore) else store.label


def dump(store: SQLStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (SQLite's FTS shadow tables and PostgreSQL's tsvector columns included), sorted, read
    through a separate connection."""
    if isinstance(store, PostgresStore):
        with psycopg.connect(store.url) as conn:
            names = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
            return {n: sorted(conn.execute(f'SELECT * FROM "{n}"'.encode()).fetchall(), key=repr) for n in names}
    conn = sqlite3.connect(store.label)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def logical_dump(store: SQLStore) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the store's own tables: no full-text tables or columns, no surrogate keys (`pk`)."""
    out = {}
    for name in _tables(store):
        columns = [c for c in _columns(store, name) if c not in ("pk", "tsv")]
        rows = store.conn.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall()
        out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def _tables(store: SQLStore) -> list[str]:
    if isinstance(store, PostgresStore):
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return [r[0] for r in store.conn.execute(sql) if "_fts" not in r[0] and r[0] != "schema_migrations"]


def _columns(store: SQLStore, table: str) -> list[str]:
    if isinstance(store, PostgresStore):
        sql = (
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ?"
        )
        return [r[0] for r in store.conn.execute(sql, (table,))]
    return [r[1] for r in store.conn.execute(f'PRAGMA table_info("{table}")')]


def fts_ok(store: SQLStore) -> None:
    """The full-text indexes agree with the text they index."""
    if isinstance(store, PostgresStore):
        stale = store.conn.execute(
            "SELECT (SELECT COUNT(*) FROM quotes WHERE tsv <> to_tsvector('warta', text)) + (SELECT COUNT(*) FROM "
            "articles WHERE tsv <> setweight(to_tsvector('warta', COALESCE(title, '')), 'A') || "
            "setweight(to_tsvector('warta', text), 'B'))"
        ).fetchone()[0]
        assert stale == 0
        return
    conn = sqlite3.connect(store.label)
    try:
        for table in ("articles_fts", "quotes_fts"):
            conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


# --- round trips and idempotence -------------------------------------------------------------------


@pytest.mark.parametrize(
    "article",
    [
        make_article(),
        Article(id="bare", text="Teks saja."),
        make_article("no-quotes", quotes=(), edges=(), title=None, published=None),
    ],
    ids=["full", "bare", "no-quotes"],
)
def test_article_round_trips_as_its_document(store: SQLStore, article: Article) -> None:
    store.save(article)
    assert store.article(article.id) == to_document(article)


def test_saving_twice_changes_no_table(store: SQLStore) -> None:
    store.save(make_article())
    before, counts = dump(store), store.counts()
    store.save(make_article())
    assert dump(store) == before
    assert store.counts() == counts == {"articles": 1, "mentions": 4, "entities": 4, "quotes": 2, "edges": 2}


def test_resave_replaces_the_article_rows(store: SQLStore) -> None:
    store.save(make_article())
    first = logical_dump(store)
    changed = make_article(title="Kabar lain", quotes=make_article().quotes[:1], edges=())
    store.save(changed)
    assert store.article("art-1") == to_document(changed)
    assert store.counts()["quotes"] == 1 and store.counts()["edges"] == 0
    assert not queries.search_all(store, "anggaran").quotes
    store.save(make_article())
    assert logical_dump(store) == first
    fts_ok(store)


def test_resave_prunes_entities_no_article_links(store: SQLStore) -> None:
    store.save(make_article())
    article = make_article()
    store.save(dataclasses.replace(article, entities=article.entities[:3]))
    with pytest.raises(NotFoundError):
        queries.entity_detail(store, "pr-jatim")


def test_save_many_counts_articles(store: SQLStore) -> None:
    assert store.save_many(make_article(f"art-{i}") for i in range(3)) == 3
    assert store.counts()["articles"] == 3


def test_save_many_keeps_a_batch_whose_one_article_fails(store: SQLStore) -> None:
    ghost = (Mention(0, 6, "Bupati", "person", "p-ghost"),)
    articles = [make_article(f"art-{i}", mentions=ghost if i in (2, 5) else make_article().mentions) for i in range(7)]
    failed: list[str] = []
    saved = store.save_many(articles, batch_size=3, on_error=lambda article, error: failed.append(article.id))
    assert (saved, failed) == (5, ["art-2", "art-5"])
    assert sorted(a.id for a in queries.list_articles(store).items) == ["art-0", "art-1", "art-3", "art-4", "art-6"]
    with pytest.raises(SaveManyError, match=r"2 of 7 articles not saved \(art-2, art-5\)") as info:
        store.save_many(articles, batch_size=4)
    assert [article_id for article_id, _ in info.value.failed] == ["art-2", "art-5"]
    assert store.counts()["articles"] == 5


def test_concurrent_writers_share_entities(store: SQLStore) -> None:
    def write(first: int) -> int:
        with open_store(location(store)) as own:
            return own.save_many((make_article(f"art-{i}") for i in range(first, first + 30)), batch_size=4)

    with ThreadPoolExecutor(3) as pool:
        assert sum(pool.map(write, (0, 30, 60))) == 90
    assert (queries.entity_detail(store, "p-ikfina").article_count, store.counts()["articles"]) == (90, 90)
    stats = store.conn.execute("SELECT mention_count, article_count FROM entity_stats WHERE entity_id = 'p-ikfina'")
    assert stats.fetchone() == (180, 90)


def test_save_many_equals_saving_one_by_one(store: SQLStore, databases: Databases) -> None:
    articles = [make_article(f"art-{i}", published=f"202{i}-01-01") for i in range(5)]
    store.save_many(articles, batch_size=2)
    with open_store(databases.new()) as single:
        for article in articles:
            single.save(article)
        assert logical_dump(single) == logical_dump(store)


# --- shared entities ------------------------------------------------------------------------------


def test_two_articles_share_one_entity_row(store: SQLStore) -> None:
    first = make_article("art-1")
    ikfina = person("p-ikfina", "Ikfina Fahmawati", aliases=("Bu Ikfina",))
    second = Article(
        id="art-2",
        text="Ikfina Fahmawati hadir.",
        mentions=(Mention(0, 16, "Ikfina Fahmawati", "person", "p-ikfina"),),
        entities=(ikfina,),
    )
    store.save_many([first, second])
    row = queries.entity_detail(store, "p-ikfina")
    assert (row.article_count, row.mention_count) == (2, 3)
    assert row.aliases == ["Bu Ikfina", "Ikfina"]
    assert [e.id for e in queries.list_entities(store, type="person").items] == ["p-ikfina", "p-teguh"]
    assert store.counts()["entities"] == 4


@pytest.mark.parametrize(
    ("flags", "expected"),
    [((True, True), True), ((True, False), False), ((False, True), False), ((False, False), False)],
)
def test_entity_inferred_only_if_every_article_infers_it(
    store: SQLStore, flags: tuple[bool, bool], expected: bool
) -> None:
    for i, inferred in enumerate(flags):
        entity = Entity("pr-jatim", "Jawa Timur", "province", inferred=inferred)
        store.save(Article(id=f"a{i}", text="Jawa Timur.", entities=(entity,)))
    assert queries.entity_detail(store, "pr-jatim").inferred is expected


# --- failed saves ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        make_article(mentions=(Mention(0, 6, "Bupati", "person", "p-ghost"),)),
        make_article(entities=(*make_article().entities, person("p-teguh", "Teguh Lagi"))),
        make_article(quotes=(Quote("q-9", 0, 6, "Bupati", "direct", None, "p-ghost"),)),
    ],
    ids=["mention-of-unknown-entity", "duplicate-entity", "quote-by-unknown-speaker"],
)
def test_failing_save_leaves_store_unchanged(store: SQLStore, broken: Article) -> None:
    store.save(make_article("other"))
    before = dump(store)
    with pytest.raises(StoreError, match="cannot save article"):
        store.save(broken)
    assert dump(store) == before


def test_exception_mid_transaction_rolls_back(store: SQLStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save(make_article())
    before = dump(store)

    def explode(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(rows, "insert_edges", explode)
    with pytest.raises(RuntimeError):
        store.save(make_article(title="Baru", text=TEXT + " Tambahan."))
    assert dump(store) == before
    assert store.article("art-1") == to_document(make_article())


# --- the crawl frontier -----------------------------------------------------------------------------


def test_frontier_queue_outcomes_and_status(store: SQLStore) -> None:
    frontier = Frontier(store)
    urls = [(f"https://a.test/{n}", "a", "article") for n in range(1, 4)] + [("https://a.test/rss", "a", "feed")]
    assert (frontier.enqueue(urls), frontier.enqueue(urls[:2])) == (4, 0)
    assert [d.url for d in frontier.due(10)][:2] == ["https://a.test/rss", "https://a.test/1"]  # entry points first
    frontier.run_started("a")
    frontier.entry_fetched("https://a.test/rss", 200, '"v1"', None, every=600)
    for n, signature in ((1, b"\x00\x01sig"), (2, b"sig-2")):
        article = make_article(f"art-{n}", url=f"https://a.test/{n}")
        frontier.store_article(article.url or "", article, 200, f"hash-{n}", ("group-1", signature))
    frontier.retry("https://a.test/3", 503, "busy", wait=3600)
    assert frontier.due(10) == [] and (frontier.next_time() or 0) > time.time() + 500
    frontier.finish("https://a.test/3", "failed", 404, "gone")
    frontier.run_ended("a", None)
    assert (frontier.known_article("art-1", "x"), frontier.known_article("new", "hash-2")) == ("art-1", "art-2")
    assert frontier.known_article("new", "hash-9") is None
    assert frontier.groups() == {"group-1": ["art-1", "art-2"]}
    assert [(a, s) for a, _, s in frontier.signatures(5)] == [("art-1", b"\x00\x01sig"), ("art-2", b"sig-2")]
    (status,) = frontier.status()
    assert (status.source, status.done, status.failed, status.queued, status.last_error) == ("a", 2, 1, 1, None)
    assert (status.entry_points, status.sitemaps) == (1, 0)  # the feed: entry points stay queued, and count
    assert status.run.startswith("finished") and status.last_end and [n for _, n in status.per_day] == [2]
    assert store.counts()["articles"] == 2


# --- property ---------------------------------------------------------------------------------------

_CHARS = st.characters(codec="utf-8")
_ENTITY_IDS = ("e-0", "e-1", "e-2")


@st.composite
def small_articles(draw: st.DrawFn) -> Article:
    """Random small articles: random text, mentions with valid offsets, entities, a quote or two."""
    text = draw(st.text(_CHARS, max_size=60))
    used = draw(st.lists(st.sampled_from(_ENTITY_IDS), min_size=1, max_size=3, unique=True))
    entities = tuple(
        Entity(
            e,
            draw(st.text(_CHARS, min_size=1, max_size=10)),
            draw(st.sampled_from(["person", "city"])),
            aliases=tuple(draw(st.lists(st.text(_CHARS, max_size=8), max_size=2))),
            inferred=draw(st.booleans()),
        )
        for e in used
    )
    mentions, quotes = [], []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        mentions.append(Mention(start, end, text[start:end], "person", draw(st.sampled_from(used))))
    for i in range(draw(st.integers(0, 2))):
        speaker = draw(st.none() | st.sampled_from(used))
        quotes.append(Quote(f"q-{i}", 0, len(text), text, draw(st.sampled_from(["direct", "indirect"])), None, speaker))
    title = draw(st.none() | st.text(_CHARS, max_size=20))
    return Article(id="prop", text=text, title=title, mentions=tuple(mentions), entities=entities, quotes=tuple(quotes))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(small_articles())
def test_property_round_trip_and_idempotent_save(databases: Databases, article: Article) -> None:
    location = databases.new()
    with open_store(location) as store:
        store.save(article)
        assert store.article(article.id) == to_document(article)
        before = dump(store)
        store.save(article)
        assert dump(store) == before
        fts_ok(store)
    databases.drop(location)


def _kominfo(article_id: str, name: str) -> Article:
    body = Entity("m-kominfo", name, "ministry", aliases=("Kominfo",),
                  kb={"key": "kominfo-komdigi", "current_name": "Kementerian Komunikasi dan Digital"})  # fmt: skip
    return Article(
        id=article_id,
        text=f"{name} hadir.",
        mentions=(Mention(0, len(name), name, "ministry", "m-kominfo", "kb"),),
        entities=(body,),
    )


def test_a_renamed_body_is_stored_under_its_current_name_until_a_curator_names_it(store: SQLStore) -> None:
    store.save(_kominfo("art-1", "Kementerian Komunikasi dan Informatika"))
    row = queries.entity_detail(store, "m-kominfo")
    assert row.name == "Kementerian Komunikasi dan Digital"
    assert "Kementerian Komunikasi dan Informatika" in row.aliases
    assert [e.id for e in queries.list_entities(store, q="Komunikasi dan Digital").items] == ["m-kominfo"]
    store.curate("rename", "m-kominfo", {"name": "Komdigi RI"}, "uji", "nama pilihan kurator")
    store.save(_kominfo("art-2", "Kementerian Komunikasi dan Informatika"))
    assert queries.entity_detail(store, "m-kominfo").name == "Komdigi RI"
