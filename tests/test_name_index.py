"""Entities found by part of a name through the trigram index of their folded names (migration 0017) are
exactly those the plain substring test finds, on both backends: for any query, after renames, new aliases and
pruned entities; and the index is what the query reads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Databases
from tests.test_store import person
from warta.model import Article, Entity
from warta.store import open_store, queries
from warta.store.queries._common import TRIGRAM, name_key, name_match, name_params
from warta.store.sqlstore import SQLStore

ENTITIES = (
    person("p-sekar", "Sékar  Ayu", aliases=("Bu Sekar", "Dewi_Sekar")),
    person("p-ayu", "Ayu"),
    person("p-aaa", "Aaaaa Aaa", aliases=("Aa",)),
    person("p-slash", "Andi\\Wijaya"),
    Entity("o-persen", "PT 100% Jaya", "company"),
    Entity("o-kutip", 'Kantor "Pusat" Ayu', "organization"),
    Entity("c-mjk", "Kota Mojokerto", "city", aliases=("Mojokerto",)),
)
WORDS = (
    "ayu",
    "sekar",
    "a",
    "aa",
    "aaa",
    "aaaaa a",
    "%",
    "100%",
    "_",
    "r_s",
    "\\",
    "\\w",
    '"',
    '"pusat"',
    "mojo",
    "kota m",
)


@pytest.fixture(scope="module")
def named(module_databases: Databases) -> Iterator[SQLStore]:
    """A store holding ENTITIES (one article names them all)."""
    with open_store(module_databases.new()) as opened:
        opened.save(Article(id="a-1", text="x", entities=ENTITIES))
        yield opened


def containing(store: SQLStore, key: str) -> set[str]:
    """The entities whose stored keys contain `key`, by Python's substring test."""
    return {i for i, keys in store.conn.execute("SELECT id, name_keys FROM entities") if key in keys}


def found(store: SQLStore, query: str) -> set[str]:
    return {e.id for e in queries.list_entities(store, q=query, limit=200).items}


@pytest.mark.parametrize("query", WORDS)
def test_the_index_finds_what_the_substring_test_finds(named: SQLStore, query: str) -> None:
    assert found(named, query) == containing(named, name_key(query))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet='aAyYuUéks %_\\"-', min_size=1, max_size=8))
def test_any_query_finds_what_the_substring_test_finds(named: SQLStore, query: str) -> None:
    key = name_key(query)
    if key:  # an empty key lists every entity by count instead
        assert found(named, query) == containing(named, key)
        speakers = queries.list_quotes(named, queries.QuoteFilter(speaker_match=query)).items
        assert speakers == []  # no quotes stored: the speaker filter runs the same clause without failing


def test_renamed_aliased_pruned_and_new_entities_are_found_by_their_names_now(store: SQLStore) -> None:
    store.save(Article(id="a-1", text="x", entities=(person("p-1", "Ratna Sari"), person("p-2", "Budi Santoso"))))
    store.curate("rename", "p-1", {"name": "Ratna Kumalasari"}, "test", "her full name")
    store.curate("alias", "p-2", {"alias": "Pak Budi"}, "test", "as the articles call him")
    assert found(store, "kumala") == found(store, "ratna sari") == {"p-1"}  # the old name stays an alias
    assert found(store, "pak bud") == {"p-2"}
    store.save(Article(id="a-1", text="x", entities=(person("p-1", "Ratna Kumalasari"),)))  # p-2 is pruned
    assert found(store, "santoso") == set() and found(store, "pak bud") == set()
    if store.dialect == "sqlite":  # the index holds each stored entity's keys once, and no pruned entity's
        assert store.conn.execute("SELECT count(*) FROM entity_keys_rows").fetchone()[0] == 1
        stale = store.conn.execute("SELECT count(*) FROM entity_keys_fts WHERE entity_keys_fts MATCH '\"santoso\"'")
        assert stale.fetchone()[0] == 0
    store.save(Article(id="a-2", text="y", entities=(person("p-2", "Budi Santoso"),)))  # and stored anew
    assert found(store, "santoso") == {"p-2"} and found(store, "kumalasari") == {"p-1"}


@pytest.mark.parametrize(("key", "indexed"), [("ayu", True), ("ay", False), ("a\x00b", False), ("", False)])
def test_queries_too_short_for_a_trigram_scan_every_entity(key: str, indexed: bool) -> None:
    assert ("name_index" in name_match("sqlite", key)) is indexed
    assert (len(key) >= TRIGRAM) is indexed or "\x00" in key


@pytest.mark.parametrize(("key", "pattern"), [("ayu", "%ayu%"), ("100%", "%100\\%%"), ("r_s\\", "%r\\_s\\\\%")])
def test_postgresql_reads_the_key_as_plain_text_in_its_pattern(key: str, pattern: str) -> None:
    assert name_params("postgresql", key) == {"name": key, "name_index": pattern}
    assert name_params("sqlite", 'a"b') == {"name": 'a"b', "name_index": '"a""b"'}


def test_the_query_reads_the_index(named: SQLStore) -> None:
    sql = f"SELECT e.id FROM entities e WHERE {name_match(named.dialect, 'ayu')}"
    params = name_params(named.dialect, "ayu")
    if named.dialect == "sqlite":
        plan = " ".join(str(row[-1]) for row in named.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "entity_keys_fts VIRTUAL TABLE INDEX" in plan, plan
    else:
        with named.conn.transaction() as conn:  # a table this small is read whole unless scans are off
            conn.execute("SET LOCAL enable_seqscan = off")
            plan = " ".join(str(row[0]) for row in conn.execute(f"EXPLAIN {sql}", params))
        assert "entities_name_keys_trgm" in plan, plan
