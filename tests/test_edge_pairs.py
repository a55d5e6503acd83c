"""The summed graph keys a co-mention by its pair in order, smaller id first (migration 0018), whatever order an
article's edge has, and the ego network's edges among its nodes read it that way: on both backends, through
saves, re-saves and a store migrated from version 17."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Databases
from tests.test_store import person
from tests.test_store_open import open_at_version
from warta.model import Article, Edge
from warta.store import open_store
from warta.store.graph import GraphFilter
from warta.store.queries._common import Scope, scope_sql
from warta.store.queries.graph import GraphLink, _edges_among, ego_graph
from warta.store.sqlstore import SQLStore

IDS = ("p-a", "p-b", "pa", "P-c", "p_d")  # orders differ by code point and by a language collation
TYPES = ("co_mentioned", "has_role", "part_of")

edge = st.builds(Edge, st.sampled_from(IDS), st.sampled_from(IDS), st.sampled_from(TYPES), st.integers(1, 3))


@pytest.fixture(scope="module")
def graph_store(module_databases: Databases) -> Iterator[SQLStore]:
    with open_store(module_databases.new()) as opened:
        yield opened


def article(number: int, edges: list[Edge]) -> Article:
    entities = tuple(person(i, i.upper()) for i in IDS)
    return Article(id=f"a-{number}", text="x", published="2024-05-01", entities=entities, edges=tuple(edges))


def pair(e: tuple[str, str, str]) -> tuple[str, str, str]:
    source, target, type_ = e
    return (min(source, target), max(source, target), type_) if type_ == "co_mentioned" else e


def summed(store: SQLStore) -> dict[tuple[str, str, str], tuple[int, int]]:
    """The stored edges summed in Python, co-mentions under their ordered pair: (weight, edge rows)."""
    weights: Counter[tuple[str, str, str]] = Counter()
    rows: Counter[tuple[str, str, str]] = Counter()
    for source, target, type_, weight in store.conn.execute("SELECT source, target, type, weight FROM edges"):
        weights[pair((source, target, type_))] += weight
        rows[pair((source, target, type_))] += 1
    return {key: (weights[key], rows[key]) for key in weights}


def stats(store: SQLStore) -> dict[tuple[str, str, str], tuple[int, int]]:
    rows = store.conn.execute("SELECT source, target, type, weight, edges FROM edge_stats WHERE edges > 0")
    return {(s, t, ty): (int(w), int(n)) for s, t, ty, w, n in rows}


@settings(max_examples=40, deadline=None)
@given(
    number=st.integers(1, 6),
    edges=st.lists(edge, max_size=8),
    among=st.sets(st.sampled_from(IDS), min_size=2),
    only=st.sampled_from((None, *TYPES)),
)
def test_the_summed_graph_and_the_edges_among_nodes_match_the_stored_edges(
    graph_store: SQLStore, number: int, edges: list[Edge], among: set[str], only: str | None
) -> None:
    graph_store.save(article(number, edges))  # a new article, or one stored again with other edges
    expected = summed(graph_store)
    assert stats(graph_store) == expected
    conn = graph_store.conn
    links = _edges_among(conn, sorted(among), scope_sql(conn, Scope(None, None, None)), only, evidence=False)
    want = [
        GraphLink(s, t, ty, w, n)
        for (s, t, ty), (w, n) in sorted(expected.items())
        if s in among and t in among and s != t and only in (None, ty)
    ]
    assert links == want


def test_an_edge_written_either_way_is_one_link_of_the_ego_network(store: SQLStore) -> None:
    store.save(article(1, [Edge("p-b", "p-a", "co_mentioned", 2), Edge("p-a", "p-b", "has_role")]))
    store.save(article(2, [Edge("p-a", "p-b", "co_mentioned", 3), Edge("p-b", "p-a", "has_role")]))
    links = {
        (e.source, e.target, e.type): (e.weight, e.articles) for e in ego_graph(store, "p-a", evidence=False).edges
    }
    assert links == {
        ("p-a", "p-b", "co_mentioned"): (5, 2),
        ("p-a", "p-b", "has_role"): (1, 1),
        ("p-b", "p-a", "has_role"): (1, 1),
    }
    dated = ego_graph(store, "p-a", f=GraphFilter(since="2000-01-01"), evidence=False).edges  # per article, not summed
    assert {(e.source, e.target, e.type) for e in dated} == set(links)
    store.save(article(1, []))
    assert stats(store) == {("p-a", "p-b", "co_mentioned"): (3, 1), ("p-b", "p-a", "has_role"): (1, 1)}


def test_pairs_are_in_code_point_order_whatever_the_database_s_collation(databases: Databases) -> None:
    with open_store(databases.new(icu_locale="en")) as store:  # English sorts "pa" before "p-b"
        store.save(article(1, [Edge("p-b", "pa", "co_mentioned", 2), Edge("P-c", "p_d", "co_mentioned")]))
        conn = store.conn
        links = _edges_among(conn, list(IDS), scope_sql(conn, Scope(None, None, None)), None, evidence=False)
        assert [(e.source, e.target, e.weight) for e in links] == [("P-c", "p_d", 1), ("p-b", "pa", 2)]


def test_a_store_of_version_17_gets_its_co_mentions_summed_in_pair_order(databases: Databases) -> None:
    location = databases.new(migrated=False)
    conn = open_at_version(location, 17)
    conn.executemany(
        "INSERT INTO edge_stats (source, target, type, weight, edges) VALUES (?, ?, ?, ?, ?)",
        [
            ("p-b", "p-a", "co_mentioned", 2, 1),
            ("p-a", "p-b", "co_mentioned", 3, 2),
            ("p-c", "p-b", "co_mentioned", 1, 1),
            ("p-b", "p-a", "has_role", 1, 1),
        ],
    )
    conn.close()
    with open_store(location) as store:
        assert stats(store) == {
            ("p-a", "p-b", "co_mentioned"): (5, 3),
            ("p-b", "p-c", "co_mentioned"): (1, 1),
            ("p-b", "p-a", "has_role"): (1, 1),
        }


def test_the_directed_edges_among_nodes_read_their_own_index(graph_store: SQLStore) -> None:
    sql = (
        "SELECT g.source FROM edge_stats g WHERE g.type <> 'co_mentioned' "
        "AND g.source IN (SELECT value FROM json_each(?)) AND g.target IN (SELECT value FROM json_each(?))"
    )
    params = ('["p-a"]', '["p-b"]')
    if graph_store.dialect == "sqlite":
        plan = " ".join(str(row[-1]) for row in graph_store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    else:
        with graph_store.conn.transaction() as conn:  # a table this small is read whole unless scans are off
            conn.execute("SET LOCAL enable_seqscan = off")
            plan = " ".join(str(row[0]) for row in conn.execute(f"EXPLAIN {sql}", params))
    assert "edge_stats_directed" in plan, plan
