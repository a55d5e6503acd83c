"""Tests of the store: round trips, idempotent saves, shared entities, quotes, search, migrations."""

from __future__ import annotations

import dataclasses
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.document import to_document
from warta.errors import NotFoundError, StoreError
from warta.model import Article, Edge, Entity, Mention, Quote, Role, Span
from warta.store import open_store
from warta.store.search import fts_query
from warta.store.sqlite import SQLiteStore

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


def new_store(tmp_path: Path) -> SQLiteStore:
    """A fresh store in a file under `tmp_path`."""
    store = open_store(str(tmp_path / "warta.db"))
    assert isinstance(store, SQLiteStore)
    return store


def dump(path: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows (FTS shadow tables included), sorted, read through a separate connection."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def logical_dump(path: str) -> dict[str, list[tuple[Any, ...]]]:
    """The dump without FTS tables and surrogate keys (columns named `pk`)."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {}
        for name in (n for n in names if "_fts" not in n and n != "schema_migrations"):
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")') if r[1] != "pk"]
            rows = conn.execute(f'SELECT {", ".join(cols)} FROM "{name}"').fetchall()
            out[name] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def fts_ok(path: str) -> None:
    """Both FTS indexes agree with their content tables."""
    conn = sqlite3.connect(path)
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
def test_article_round_trips_as_its_document(tmp_path: Path, article: Article) -> None:
    with new_store(tmp_path) as store:
        store.save(article)
        assert store.article(article.id) == to_document(article)


def test_saving_twice_changes_no_table(tmp_path: Path) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article())
        before, counts = dump(store.path), store.counts()
        store.save(make_article())
        assert dump(store.path) == before
        assert store.counts() == counts == {"articles": 1, "mentions": 4, "entities": 4, "quotes": 2, "edges": 2}


def test_resave_replaces_the_article_rows(tmp_path: Path) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article())
        first = logical_dump(store.path)
        changed = make_article(title="Kabar lain", quotes=make_article().quotes[:1], edges=())
        store.save(changed)
        assert store.article("art-1") == to_document(changed)
        assert store.counts()["quotes"] == 1 and store.counts()["edges"] == 0
        assert not [h for h in store.search("anggaran") if h.kind == "quote"]
        store.save(make_article())
        assert logical_dump(store.path) == first
        fts_ok(store.path)


def test_resave_prunes_entities_no_article_links(tmp_path: Path) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article())
        article = make_article()
        store.save(dataclasses.replace(article, entities=article.entities[:3]))
        with pytest.raises(NotFoundError):
            store.entity("pr-jatim")


def test_save_many_counts_articles(tmp_path: Path) -> None:
    with new_store(tmp_path) as store:
        assert store.save_many(make_article(f"art-{i}") for i in range(3)) == 3
        assert store.counts()["articles"] == 3


# --- shared entities ------------------------------------------------------------------------------


def test_two_articles_share_one_entity_row(tmp_path: Path) -> None:
    first = make_article("art-1")
    ikfina = person("p-ikfina", "Ikfina Fahmawati", aliases=("Bu Ikfina",))
    second = Article(
        id="art-2",
        text="Ikfina Fahmawati hadir.",
        mentions=(Mention(0, 16, "Ikfina Fahmawati", "person", "p-ikfina"),),
        entities=(ikfina,),
    )
    with new_store(tmp_path) as store:
        store.save_many([first, second])
        row = store.entity("p-ikfina")
        assert (row.article_count, row.mention_count) == (2, 3)
        assert row.aliases == ("Bu Ikfina", "Ikfina")
        assert [e.id for e in store.entities(type="person")] == ["p-ikfina", "p-teguh"]
        assert store.counts()["entities"] == 4


@pytest.mark.parametrize(
    ("flags", "expected"),
    [((True, True), True), ((True, False), False), ((False, True), False), ((False, False), False)],
)
def test_entity_inferred_only_if_every_article_infers_it(
    tmp_path: Path, flags: tuple[bool, bool], expected: bool
) -> None:
    with new_store(tmp_path) as store:
        for i, inferred in enumerate(flags):
            entity = Entity("pr-jatim", "Jawa Timur", "province", inferred=inferred)
            store.save(Article(id=f"a{i}", text="Jawa Timur.", entities=(entity,)))
        assert store.entity("pr-jatim").inferred is expected


@pytest.mark.parametrize(
    ("kwargs", "ids"),
    [
        ({}, ["p-ikfina", "c-mjk", "p-teguh", "pr-jatim"]),
        ({"type": "city"}, ["c-mjk"]),
        ({"name": "IKFINA"}, ["p-ikfina"]),
        ({"name": "gunark"}, ["p-teguh"]),
        ({"name": "zzz"}, []),
        ({"limit": 1}, ["p-ikfina"]),
    ],
)
def test_entities_filter_and_order(tmp_path: Path, kwargs: dict[str, Any], ids: list[str]) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article())
        assert [e.id for e in store.entities(**kwargs)] == ids


def test_roles_keep_history_with_article_dates(tmp_path: Path) -> None:
    later = make_article("art-2", published="2023-01-01T10:00:00+07:00")
    with new_store(tmp_path) as store:
        store.save_many([later, make_article("art-1")])
        roles = store.roles("p-ikfina")
        assert [(r.article_id, r.title, r.of_name, r.published[:4]) for r in roles if r.published] == [
            ("art-1", "Bupati", "Mojokerto", "2022"),
            ("art-2", "Bupati", "Mojokerto", "2023"),
        ]


# --- listing, quotes, not found ---------------------------------------------------------------------


def test_articles_newest_first_with_paging(tmp_path: Path) -> None:
    dates = {"old": "2020-01-01", "new": "2024-01-01", "mid": "2022-01-01", "undated": None}
    with new_store(tmp_path) as store:
        store.save_many(Article(id=k, text="x", published=v) for k, v in dates.items())
        assert [a.id for a in store.articles()] == ["new", "mid", "old", "undated"]
        assert [a.id for a in store.articles(limit=2, offset=1)] == ["mid", "old"]


@pytest.mark.parametrize(
    ("speaker", "quote_ids"),
    [
        (None, ["q-1", "q-2"]),
        ("p-teguh", ["q-2"]),
        ("ikfina", ["q-1"]),
        ("TEGUH gun", ["q-2"]),
        ("nobody", []),
    ],
)
def test_quotes_by_speaker(tmp_path: Path, speaker: str | None, quote_ids: list[str]) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article())
        quotes = store.quotes(speaker=speaker)
        assert [q.id for q in quotes] == quote_ids
        assert all(q.published == "2022-06-06T18:23:55+07:00" and q.speaker_name for q in quotes)


@pytest.mark.parametrize("method", ["article", "entity"])
def test_missing_ids_raise_not_found(tmp_path: Path, method: str) -> None:
    with new_store(tmp_path) as store, pytest.raises(NotFoundError, match="no-such-id"):
        getattr(store, method)("no-such-id")


# --- search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kind", "hit_id"),
    [
        ("segera diperbaiki", "quote", "q-1"),
        ("anggaran", "article", "art-1"),
        ("Mojokerto", "entity", "c-mjk"),
        ("gunarko", "entity", "p-teguh"),
        ("ANGGARAN siap", "quote", "q-2"),
    ],
)
def test_search_finds_articles_quotes_and_entities(tmp_path: Path, query: str, kind: str, hit_id: str) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article())
        hits = store.search(query)
        assert (kind, hit_id) in [(h.kind, h.id) for h in hits]
        assert all("[" in h.snippet for h in hits if h.kind != "entity")


@pytest.mark.parametrize(
    "query",
    ['"', "AND OR NOT", "*", "(", "'; DROP TABLE articles; --", "NEAR(a b)", "desa*", "title:x", "a\x00b"],
)
def test_search_survives_hostile_queries(tmp_path: Path, query: str) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article())
        assert isinstance(store.search(query), list)
        assert store.counts()["articles"] == 1


@pytest.mark.parametrize("query", ["", "   ", "!?*()\"'", "--"])
def test_search_without_words_returns_nothing(tmp_path: Path, query: str) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article())
        assert store.search(query) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a b", '"a" "b"'), ('x"y', '"x" "y"'), ("AND", '"AND"'), ("", ""), ("desa*", '"desa"')],
)
def test_fts_query_quotes_every_word(text: str, expected: str) -> None:
    assert fts_query(text) == expected


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
def test_failing_save_leaves_store_unchanged(tmp_path: Path, broken: Article) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article("other"))
        before = dump(store.path)
        with pytest.raises(StoreError, match="cannot save article"):
            store.save(broken)
        assert dump(store.path) == before


def test_exception_mid_transaction_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with new_store(tmp_path) as store:
        store.save(make_article())
        before = dump(store.path)

        def explode(*args: object) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(SQLiteStore, "_insert_edges", explode)
        with pytest.raises(RuntimeError):
            store.save(make_article(title="Baru", text=TEXT + " Tambahan."))
        assert dump(store.path) == before
        assert store.article("art-1") == to_document(make_article())


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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_articles())
def test_property_round_trip_and_idempotent_save(article: Article) -> None:
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(str(Path(tmp) / "p.db")) as store:
        store.save(article)
        assert store.article(article.id) == to_document(article)
        before = dump(store.path)
        store.save(article)
        assert dump(store.path) == before
        fts_ok(store.path)
