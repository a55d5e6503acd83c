"""How two entities connect (`queries.entity_paths`) and the articles behind a connection (`queries.evidence`),
over hand-built articles on both backends.

The articles make this graph (each edge held by the articles named on it):

    ani ─(a1, a2, a3, a4)─ budi ─(a5)─ citra ─(a6)─ dodi ─(a7)─ eko
    ani ─(a8)─ fajar ─(a8)─ citra          gita (no edge)

so ani–budi is one hop, ani–citra two (through budi or fajar), ani–dodi three, ani–eko four (none within
three), and gita connects to nobody.
"""

from __future__ import annotations

import pytest

from warta.errors import InputError, NotFoundError
from warta.model import Article, Edge, Entity, Mention
from warta.store import queries
from warta.store.graph import GraphFilter
from warta.store.sqlstore import SQLStore

PEOPLE = ("ani", "budi", "citra", "dodi", "eko", "fajar", "gita")


def person(key: str) -> str:
    return f"person-{key}"


def article(article_id: str, day: str, names: tuple[str, ...], edges: list[tuple[str, str, int]]) -> Article:
    """An article naming `names` (once each, in one sentence) with co-mention edges of the given weights."""
    text = " dan ".join(n.capitalize() for n in names) + " bertemu."
    mentions, start = [], 0
    for name in names:
        mentions.append(Mention(start, start + len(name), name.capitalize(), "person", person(name)))
        start += len(name) + len(" dan ")
    entities = tuple(Entity(person(n), n.capitalize(), "person") for n in names)
    return Article(
        article_id, text, title=f"Judul {article_id}", source="uji.test", published=f"{day}T08:00:00+07:00",
        mentions=tuple(mentions), entities=entities,
        edges=tuple(Edge(person(a), person(b), "co_mentioned", w) for a, b, w in edges),
    )  # fmt: skip


ARTICLES = [
    article("a1", "2026-01-01", ("ani", "budi"), [("ani", "budi", 1)]),
    article("a2", "2026-01-02", ("ani", "budi"), [("ani", "budi", 1)]),
    article("a3", "2026-01-03", ("ani", "budi"), [("ani", "budi", 1)]),
    article("a4", "2026-01-04", ("ani", "budi"), [("ani", "budi", 2)]),
    article("a5", "2026-01-05", ("budi", "citra"), [("budi", "citra", 3)]),
    article("a6", "2026-01-06", ("citra", "dodi"), [("citra", "dodi", 1)]),
    article("a7", "2026-01-07", ("dodi", "eko"), [("dodi", "eko", 1)]),
    article("a8", "2026-01-08", ("ani", "fajar", "citra"), [("ani", "fajar", 1), ("citra", "fajar", 1)]),
    article("a9", "2026-01-09", ("gita",), []),
]


@pytest.fixture
def graph_store(store: SQLStore) -> SQLStore:
    store.save_many(ARTICLES)
    return store


def ids(path: queries.EntityPath) -> list[str]:
    return [node.id.removeprefix("person-") for node in path.nodes]


def test_one_hop_names_the_articles_newest_first(graph_store: SQLStore) -> None:
    found = queries.entity_paths(graph_store, person("ani"), person("budi"))
    assert found.hops == 1 and [ids(p) for p in found.paths] == [["ani", "budi"]]
    hop = found.paths[0].hops[0]
    assert hop.types == ["co_mentioned"] and hop.weight == 5 and hop.articles == 4
    assert [a.id for a in hop.latest] == ["a4", "a3", "a2"]  # the newest three of four
    assert hop.latest[0].title == "Judul a4" and hop.latest[0].published.startswith("2026-01-04")


def test_two_hops_every_shortest_path_strongest_first(graph_store: SQLStore) -> None:
    found = queries.entity_paths(graph_store, person("ani"), person("citra"))
    assert found.hops == 2
    assert [ids(p) for p in found.paths] == [["ani", "budi", "citra"], ["ani", "fajar", "citra"]]
    first, second = found.paths
    assert [h.articles for h in first.hops] == [4, 1] and [a.id for a in first.hops[1].latest] == ["a5"]
    assert [a.id for h in second.hops for a in h.latest] == ["a8", "a8"]
    assert queries.entity_paths(graph_store, person("ani"), person("citra"), limit=1).paths == [first]


def test_three_hops_and_no_more(graph_store: SQLStore) -> None:
    found = queries.entity_paths(graph_store, person("ani"), person("dodi"))
    assert found.hops == 3 and not found.truncated
    assert sorted(ids(p) for p in found.paths) == [["ani", "budi", "citra", "dodi"], ["ani", "fajar", "citra", "dodi"]]
    assert all(len(p.hops) == 3 and all(h.articles >= 1 for h in p.hops) for p in found.paths)
    back = queries.entity_paths(graph_store, person("dodi"), person("ani"))
    assert back.hops == 3 and ids(back.paths[0])[0] == "dodi"
    four = queries.entity_paths(graph_store, person("ani"), person("eko"))  # four hops away: beyond the bound
    assert four.hops is None and four.paths == []
    assert four.source.name == "Ani" and four.target.name == "Eko"


def test_no_path_same_entity_unknown_id(graph_store: SQLStore) -> None:
    assert queries.entity_paths(graph_store, person("gita"), person("ani")).hops is None
    same = queries.entity_paths(graph_store, person("citra"), person("citra"))
    assert same.hops == 0 and [ids(p) for p in same.paths] == [["citra"]] and same.paths[0].hops == []
    with pytest.raises(NotFoundError):
        queries.entity_paths(graph_store, person("ani"), "person-nobody")
    with pytest.raises(InputError):
        queries.entity_paths(graph_store, person("ani"), person("budi"), limit=0)


def test_co_mentions_and_graph_edges_carry_their_articles(graph_store: SQLStore) -> None:
    co = {c.id: c for c in queries.co_mentions(graph_store, person("citra"))}
    assert co[person("budi")].shared_articles == 1 and [a.id for a in co[person("budi")].latest] == ["a5"]
    assert [a.id for a in co[person("fajar")].latest] == ["a8"]
    ego = queries.ego_graph(graph_store, person("ani"))
    links = {(e.source, e.target): e for e in ego.edges}
    budi = links[(person("ani"), person("budi"))]
    assert budi.articles == 4 and [a.id for a in budi.latest] == ["a4", "a3", "a2"]
    january_3 = queries.ego_graph(graph_store, person("ani"), f=GraphFilter(until="2026-01-03"))
    early = {(e.source, e.target): e for e in january_3.edges}[(person("ani"), person("budi"))]
    assert early.articles == 3 and [a.id for a in early.latest] == ["a3", "a2", "a1"]


def test_one_edge_names_its_articles_either_way(graph_store: SQLStore) -> None:
    ani, budi = person("ani"), person("budi")
    both_ways = [queries.edge_articles(graph_store, x, y, limit=2) for x, y in ((ani, budi), (budi, ani))]
    assert both_ways[0] == both_ways[1]
    assert both_ways[0].articles == 4 and [a.id for a in both_ways[0].latest] == ["a4", "a3"]
    early = queries.edge_articles(graph_store, ani, budi, "co_mentioned", GraphFilter(until="2026-01-02"))
    assert early.articles == 2 and [a.id for a in early.latest] == ["a2", "a1"]
    assert queries.edge_articles(graph_store, ani, budi, "has_role") == queries.Evidence()
    assert queries.edge_articles(graph_store, ani, person("gita")) == queries.Evidence()


@pytest.mark.parametrize("evidence", [True, False])
def test_graphs_count_articles_with_or_without_naming_them(graph_store: SQLStore, evidence: bool) -> None:
    for f in (GraphFilter(), GraphFilter(since="2026-01-03")):
        ego = queries.ego_graph(graph_store, person("ani"), f=f, evidence=evidence)
        for e in ego.edges:
            one = queries.edge_articles(graph_store, e.source, e.target, e.type, f)
            assert e.articles == one.articles and e.latest == (one.latest if evidence else [])


@pytest.mark.parametrize(
    ("args", "error"),
    [((person("ani"), "person-nobody"), NotFoundError), ((person("ani"), person("budi"), "said"), InputError)],
)
def test_edge_articles_refuses_unknown_entities_and_types(
    graph_store: SQLStore, args: tuple[str, ...], error: type[Exception]
) -> None:
    with pytest.raises(error):
        queries.edge_articles(graph_store, *args)
    with pytest.raises(InputError):
        queries.edge_articles(graph_store, person("ani"), person("budi"), limit=0)


def test_co_mentions_follow_a_period(graph_store: SQLStore) -> None:
    ani = person("ani")
    everything = {c.id: c.shared_articles for c in queries.co_mentions(graph_store, ani)}
    assert everything == {person("budi"): 4, person("fajar"): 1, person("citra"): 1}
    early = queries.co_mentions(graph_store, ani, since="2026-01-02", until="2026-01-03")
    assert [(c.id, c.shared_articles, [a.id for a in c.latest]) for c in early] == [(person("budi"), 2, ["a3", "a2"])]
    assert queries.co_mentions(graph_store, ani, since="2026-02-01") == []
