"""Tests of the graph export: reading the stored graph with filters, and the GraphML, JSONL and CSV writers."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import Databases
from warta import pipeline
from warta.errors import InputError
from warta.export import FORMATS, export, write_csv, write_graphml, write_jsonl
from warta.model import Article, Edge, Entity, Mention, Quote, Raw
from warta.store import open_store
from warta.store.connection import Connection
from warta.store.graph import Graph, GraphEdge, GraphFilter, Node, read_graph
from warta.store.sqlstore import SQLStore

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"

# Fictional people in real regions: DIY (34), Kota Surabaya (35.78), Kabupaten Mojokerto (35.16).
NEWS = [
    ("sleman", "2024-03-01T09:00:00+07:00", "Panen raya di Sleman",
     "Sleman (wartadaerah.id) – Bupati Sleman Rina Kusumawati membuka panen raya di Kecamatan Moyudan, "
     "Kabupaten Sleman, Jumat (1/3/2024). \"Hasil panen tahun ini naik dibanding tahun lalu,\" kata Rina "
     "Kusumawati. Kepala Dinas Pertanian Kabupaten Sleman Agus Priyanto menyebut luas lahan mencapai 300 hektare."),
    ("surabaya", "2024-05-10", "Taman baru di Surabaya",
     "Surabaya (kabarjatim.id) – Wali Kota Surabaya Dimas Prakoso meresmikan taman baru di Kota Surabaya. "
     "\"Taman ini untuk seluruh warga,\" ujar Dimas Prakoso. Menurut Sari Wulandari, warga sekitar, taman itu "
     "sangat ramai."),
    ("surabaya-2", "2024-11-05T14:30:00+07:00", "Kerja sama sampah",
     "Surabaya (kabarjatim.id) – Wali Kota Surabaya Dimas Prakoso dan Bupati Mojokerto Hendra Wijaya "
     "menandatangani kerja sama pengelolaan sampah di Kota Surabaya, Selasa (5/11/2024). \"Kerja sama ini "
     "menguntungkan kedua daerah,\" kata Dimas Prakoso. Hendra Wijaya menambahkan, Kabupaten Mojokerto akan "
     "menyediakan lahan untuk tempat pengolahan sampah."),
    ("mojokerto", "2025-01-20T10:00:00+07:00", "Jalan desa Mojokerto",
     "Mojokerto (kabarjatim.id) – Bupati Mojokerto Hendra Wijaya meninjau perbaikan jalan desa di Kabupaten "
     "Mojokerto. \"Jalan desa harus selesai bulan depan,\" kata Hendra Wijaya. Sekretaris Daerah Kabupaten "
     "Mojokerto Bambang Susilo mengatakan anggaran sudah siap."),
]  # fmt: skip

Key = tuple[str, str, str]


@pytest.fixture(scope="module")
def articles(pipe: pipeline.Pipeline) -> list[Article]:
    """The four news articles as the pipeline makes them."""
    return [
        pipe.run(Raw(content=text, format="text", origin=i, id=i, title=title, published=day))
        for i, day, title, text in NEWS
    ]


@pytest.fixture(scope="module")
def news(module_databases: Databases, articles: list[Article]) -> Iterator[SQLStore]:
    """A store holding the four news articles, on each backend."""
    with open_store(module_databases.new()) as store:
        store.save_many(articles)
        yield store


@pytest.fixture(scope="module")
def conn(news: SQLStore) -> Connection:
    return news.conn


def expected_graph(articles: Sequence[Article], f: GraphFilter, ids: Sequence[str]) -> tuple[set[str], set[Key]]:
    """What the graph of the articles `ids` holds, computed from the articles themselves: node ids, edge keys."""
    chosen = [a for a in articles if a.id in ids]
    types = {e.id: e.type for a in chosen for e in a.entities} | {q.id: "quote" for a in chosen for q in a.quotes}
    said = {e.target for a in chosen for e in a.edges if e.type == "said"}
    nodes = {i for i, t in types.items() if (t != "quote" or i in said) and (not f.types or t in f.types)}
    edges = {(e.source, e.target, e.type) for a in chosen for e in a.edges if {e.source, e.target} <= nodes}
    return nodes, edges


def edge_key(edge: GraphEdge) -> Key:
    return edge.source, edge.target, edge.type


ALL = ["sleman", "surabaya", "surabaya-2", "mojokerto"]
FILTERS = [
    (GraphFilter(), ALL),
    (GraphFilter(since="2024-05-10", until="9999-12-31"), ["surabaya", "surabaya-2", "mojokerto"]),  # inclusive
    (GraphFilter(until="2024-11-05"), ["sleman", "surabaya", "surabaya-2"]),  # inclusive, stamp with a time
    (GraphFilter(since="2024-05-11", until="2024-12-31"), ["surabaya-2"]),
    (GraphFilter(since="2026-01-01"), []),
    (GraphFilter(region="35"), ["surabaya", "surabaya-2", "mojokerto"]),  # Jawa Timur: everything inside it
    (GraphFilter(region="34"), ["sleman"]),
    (GraphFilter(region="34.04.03"), ["sleman"]),  # Kecamatan Moyudan
    (GraphFilter(region="35.16"), ["surabaya-2", "mojokerto"]),
    (GraphFilter(region="35.16", since="2025-01-01"), ["mojokerto"]),
    (GraphFilter(region="35.78", until="2024-06-30"), ["surabaya"]),
    (GraphFilter(region="35.15"), []),  # Sidoarjo: not mentioned
    (GraphFilter(types=frozenset({"person"})), ALL),
    (GraphFilter(types=frozenset({"person", "quote"})), ALL),
    (GraphFilter(types=frozenset({"city", "province", "district"})), ALL),
    (GraphFilter(region="35", types=frozenset({"quote"})), ["surabaya", "surabaya-2", "mojokerto"]),
]


@pytest.mark.parametrize(("f", "ids"), FILTERS, ids=[repr(f) for f, _ in FILTERS])
def test_graph_holds_what_the_selected_articles_hold(
    conn: Connection, articles: list[Article], f: GraphFilter, ids: list[str]
) -> None:
    graph = read_graph(conn, f)
    node_ids, keys = [n.id for n in graph.nodes], [edge_key(e) for e in graph.edges]
    assert (set(node_ids), set(keys)) == expected_graph(articles, f, ids)
    assert all(e.source in node_ids and e.target in node_ids for e in graph.edges)  # every end is a node
    assert (node_ids, keys) == (sorted(set(node_ids)), sorted(set(keys)))  # fixed order, no duplicates
    assert all(not f.types or n.type in f.types for n in graph.nodes)


def test_counts_are_over_the_selected_articles(conn: Connection, articles: list[Article]) -> None:
    for f, ids in FILTERS[:4]:
        chosen = [a for a in articles if a.id in ids]
        for node in read_graph(conn, f).nodes:
            if node.type == "quote":
                continue
            having = [a for a in chosen if a.entity(node.id)]
            days = sorted(a.published[:10] for a in having if a.published)
            assert node.mention_count == sum(m.entity == node.id for a in chosen for m in a.mentions)
            assert (node.article_count, node.first_seen, node.last_seen) == (len(having), days[0], days[-1])
        for edge in read_graph(conn, f).edges:
            rows = [(a, e) for a in chosen for e in a.edges if (e.source, e.target, e.type) == edge_key(edge)]
            assert edge.weight == sum(e.weight for _, e in rows)
            assert edge.article_count == len({a.id for a, _ in rows})


def test_edges_of_several_articles_are_aggregated(conn: Connection, articles: list[Article]) -> None:
    surabaya = next(e for e in articles[1].entities if e.kb.get("region_code") == "35.78")
    dimas = next(e for e in articles[1].entities if e.name == "Dimas Prakoso")
    edge = next(e for e in read_graph(conn, GraphFilter()).edges if edge_key(e) == (dimas.id, surabaya.id, "has_role"))
    assert (edge.weight, edge.article_count, edge.first_seen, edge.last_seen) == (2, 2, "2024-05-10", "2024-11-05")


def test_region_filter_takes_a_region_entity_id(conn: Connection, articles: list[Article]) -> None:
    sleman = next(e for e in articles[0].entities if e.kb.get("region_code") == "34.04")
    assert read_graph(conn, GraphFilter(region=sleman.id)) == read_graph(conn, GraphFilter(region="34.04"))
    quotes = [n for n in read_graph(conn, GraphFilter(region=sleman.id)).nodes if n.type == "quote"]
    assert quotes and {n.kb["article_id"] for n in quotes} == {"sleman"}


@pytest.mark.parametrize(
    "f",
    [
        GraphFilter(since="2024-13-01"),
        GraphFilter(until="kemarin"),
        GraphFilter(since="2024-03-01T00:00"),
        GraphFilter(region="Sleman"),  # a name is neither a code nor an id
        GraphFilter(region="3"),
        GraphFilter(region="35.1"),
        GraphFilter(region="34.04.0"),
        GraphFilter(region="35%"),
    ],
)
def test_bad_filters_raise_input_error(conn: Connection, f: GraphFilter) -> None:
    with pytest.raises(InputError) as info:
        read_graph(conn, f)
    assert "\n" not in str(info.value)


def test_region_filter_refuses_an_entity_that_is_not_a_region(conn: Connection, articles: list[Article]) -> None:
    person = next(e for e in articles[0].entities if e.type == "person")
    with pytest.raises(InputError, match="not a region"):
        read_graph(conn, GraphFilter(region=person.id))


# --- exact figures on hand-built articles ----------------------------------------------------------------

LONG_QUOTE = " ".join(["Harga gabah tetap stabil bagi petani Sleman sepanjang musim panen tahun ini"] * 4)


def mention(text: str, surface: str, entity: Entity, nth: int = 0) -> Mention:
    """A mention of the `nth` occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), surface, entity.type, entity.id)


def hand_built() -> list[Article]:
    """Two articles sharing a person and a regency (one quote, a has_role edge stored twice), and a third that
    names only a kecamatan of that regency (no region above it is linked)."""
    ani = Entity("p-ani", "Ani Lestari", "person", aliases=("Ani",))
    sleman = Entity("c-sleman", "Kabupaten Sleman", "city", kb={"region_code": "34.04"})
    budi = Entity("p-budi", "Budi Santoso", "person")
    moyudan = Entity("d-moyudan", "Moyudan", "district", kb={"region_code": "34.04.03"})
    text1 = f'Ani Lestari datang ke Sleman. "{LONG_QUOTE}," kata Ani.'
    text2, text3 = "Ani Lestari kembali ke Sleman.", "Budi Santoso menanam padi di Moyudan."
    start = text1.index(LONG_QUOTE)
    quote = Quote("q-h1", start, start + len(LONG_QUOTE), LONG_QUOTE, "direct", "kata", "p-ani")
    role = Edge("p-ani", "c-sleman", "has_role")
    first = Article(
        "h1", text1, published="2024-01-02T08:00:00+07:00", entities=(ani, sleman), quotes=(quote,),
        mentions=(mention(text1, "Ani Lestari", ani), mention(text1, "Sleman", sleman), mention(text1, "Ani", ani, 1)),
        edges=(Edge("p-ani", "c-sleman", "co_mentioned", 2), Edge("p-ani", "q-h1", "said"), role, role),
    )  # fmt: skip
    second = Article(
        "h2", text2, published="2024-02-03", entities=(ani, sleman),
        mentions=(mention(text2, "Ani Lestari", ani), mention(text2, "Sleman", sleman)),
        edges=(Edge("p-ani", "c-sleman", "co_mentioned"),),
    )  # fmt: skip
    third = Article(
        "h3", text3, published="2024-03-04T07:00:00+07:00", entities=(budi, moyudan),
        mentions=(mention(text3, "Budi Santoso", budi), mention(text3, "Moyudan", moyudan)),
        edges=(Edge("p-budi", "d-moyudan", "co_mentioned"),),
    )  # fmt: skip
    return [first, second, third]


@pytest.fixture
def hand_conn(store: SQLStore) -> Connection:
    store.save_many(hand_built())
    return store.conn


def test_hand_built_graph_has_exact_nodes_and_edges(hand_conn: Connection) -> None:
    graph, span, day1 = read_graph(hand_conn, GraphFilter()), ("2024-01-02", "2024-02-03"), ("2024-01-02",) * 2
    assert graph.nodes == [
        Node("c-sleman", "Kabupaten Sleman", "city", True, (), {"region_code": "34.04"}, 2, 2, *span),
        Node("d-moyudan", "Moyudan", "district", True, (), {"region_code": "34.04.03"}, 1, 1, *("2024-03-04",) * 2),
        Node("p-ani", "Ani Lestari", "person", True, ("Ani",), {}, 3, 2, *span),
        Node("p-budi", "Budi Santoso", "person", True, (), {}, 1, 1, *("2024-03-04",) * 2),
        Node("q-h1", LONG_QUOTE[:199] + "…", "quote", False, (), {"article_id": "h1", "kind": "direct"}, 0, 1, *day1),
    ]
    assert graph.edges == [
        GraphEdge("p-ani", "c-sleman", "co_mentioned", 3, 2, *span),
        GraphEdge("p-ani", "c-sleman", "has_role", 2, 1, *day1),  # two rows of one article: one article
        GraphEdge("p-ani", "q-h1", "said", 1, 1, *day1),
        GraphEdge("p-budi", "d-moyudan", "co_mentioned", 1, 1, *("2024-03-04",) * 2),
    ]
    assert len(graph.nodes[-1].name) == 200


@pytest.mark.parametrize(
    ("region", "node_ids"),
    [
        ("34", {"c-sleman", "d-moyudan", "p-ani", "p-budi", "q-h1"}),
        ("34.04", {"c-sleman", "d-moyudan", "p-ani", "p-budi", "q-h1"}),  # the kecamatan is inside the regency
        ("34.04.03", {"d-moyudan", "p-budi"}),
        ("35", set()),
        ("d-moyudan", {"d-moyudan", "p-budi"}),
    ],
)
def test_region_filter_keeps_regions_inside_by_code_prefix(
    hand_conn: Connection, region: str, node_ids: set[str]
) -> None:
    assert {n.id for n in read_graph(hand_conn, GraphFilter(region=region)).nodes} == node_ids


# --- writers -----------------------------------------------------------------------------------------------

TRICKY = Graph(
    nodes=[
        Node("a", 'PT Maju & Jaya <Tbk> "baru"', "company", True, ("Maju;Jaya", "MJ"), {"k": "é"}, 1, 1, None, None),
        Node("b", "Dinas Pendidikan – Kota Malang\x0b\nbaris dua", "government_body", False, (), {}, 2, 1,
             "2024-01-01", "2024-02-01"),
    ],
    edges=[GraphEdge("a", "b", "co_mentioned", 4, 2, "2024-01-01", "2024-02-01")],
)  # fmt: skip


@pytest.fixture(scope="module")
def full_graph(conn: Connection) -> Graph:
    return read_graph(conn, GraphFilter())


@pytest.mark.parametrize("which", ["news", "tricky"])
def test_graphml_is_valid_and_complete(full_graph: Graph, tmp_path: Path, which: str) -> None:
    graph = full_graph if which == "news" else TRICKY
    path = write_graphml(graph, tmp_path / "g.graphml")[0]
    root = ET.parse(path).getroot()
    assert root.tag == f"{GRAPHML}graphml"
    keys = {k.get("id"): (k.get("for"), k.get("attr.type")) for k in root.iter(f"{GRAPHML}key")}
    assert {t for _, t in keys.values()} == {"string", "int", "boolean"}
    (element,) = root.iter(f"{GRAPHML}graph")
    assert element.get("edgedefault") == "directed"
    nodes, edges = list(element.iter(f"{GRAPHML}node")), list(element.iter(f"{GRAPHML}edge"))
    assert (len(nodes), len(edges)) == (len(graph.nodes), len(graph.edges))
    for item, kind in [(n, "node") for n in nodes] + [(e, "edge") for e in edges]:
        assert all(keys[d.get("key")][0] == kind for d in item.iter(f"{GRAPHML}data"))
    names = [d.text for n in nodes for d in n if d.get("key") == "n_name"]
    assert names == [n.name.replace("\x0b", "") for n in graph.nodes]


def test_graphml_loads_in_networkx(full_graph: Graph, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    loaded = nx.read_graphml(write_graphml(full_graph, tmp_path / "g.graphml")[0])
    assert loaded.is_directed()
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (len(full_graph.nodes), len(full_graph.edges))
    node = full_graph.nodes[0]
    assert loaded.nodes[node.id]["mention_count"] == node.mention_count
    assert loaded.nodes[node.id]["named"] is node.named


@pytest.mark.parametrize("which", ["news", "tricky"])
def test_jsonl_has_one_record_per_node_and_edge(full_graph: Graph, tmp_path: Path, which: str) -> None:
    graph = full_graph if which == "news" else TRICKY
    lines = write_jsonl(graph, tmp_path / "g.jsonl")[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(graph.nodes) + len(graph.edges)
    records = [json.loads(line) for line in lines]
    assert [r["kind"] for r in records] == ["node"] * len(graph.nodes) + ["edge"] * len(graph.edges)
    assert [r["id"] for r in records[: len(graph.nodes)]] == [n.id for n in graph.nodes]
    assert all(r["source"] and r["target"] for r in records[len(graph.nodes) :])
    if which == "tricky":
        assert "–" in lines[1] and records[0]["aliases"] == ["Maju;Jaya", "MJ"]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(
    ("name", "header", "rows"),
    [
        ("nodes.csv", "id:ID,name,type,:LABEL,named:boolean,aliases:string[],mention_count:int,article_count:int,"
         "first_seen,last_seen,kb", "nodes"),
        ("edges.csv", ":START_ID,:END_ID,:TYPE,weight:int,article_count:int,first_seen,last_seen", "edges"),
        ("gephi_nodes.csv", "Id,Label,type,mention_count,article_count", "nodes"),
        ("gephi_edges.csv", "Source,Target,Type,Weight,Label", "edges"),
    ],
)  # fmt: skip
def test_csv_headers_and_row_counts(full_graph: Graph, tmp_path: Path, name: str, header: str, rows: str) -> None:
    written = write_csv(full_graph, tmp_path / "csv")
    assert [p.name for p in written] == ["nodes.csv", "edges.csv", "gephi_nodes.csv", "gephi_edges.csv"]
    table = read_csv(tmp_path / "csv" / name)
    assert ",".join(table[0]) == header
    assert len(table) - 1 == len(full_graph.nodes if rows == "nodes" else full_graph.edges)


def test_csv_values_for_neo4j_and_gephi(tmp_path: Path) -> None:
    write_csv(TRICKY, tmp_path)
    nodes, edges = read_csv(tmp_path / "nodes.csv")[1:], read_csv(tmp_path / "edges.csv")[1:]
    assert nodes[0][3:6] == ["Entity;Company", "true", "Maju,Jaya;MJ"]  # labels and the ';' array delimiter
    assert nodes[1][1] == "Dinas Pendidikan – Kota Malang\x0b baris dua"  # one record per line
    assert json.loads(nodes[0][10]) == {"k": "é"}
    assert edges == [["a", "b", "CO_MENTIONED", "4", "2", "2024-01-01", "2024-02-01"]]
    assert read_csv(tmp_path / "gephi_edges.csv")[1] == ["a", "b", "Directed", "4", "co_mentioned"]
    assert read_csv(tmp_path / "gephi_nodes.csv")[1][:3] == ["a", 'PT Maju & Jaya <Tbk> "baru"', "company"]


def file_bytes(paths: list[Path]) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in paths]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_deterministic_and_creates_folders(conn: Connection, tmp_path: Path, fmt: str) -> None:
    first = export(read_graph(conn, GraphFilter()), fmt, tmp_path / "a" / "deep" / f"graph.{fmt}")
    second = export(read_graph(conn, GraphFilter()), fmt, tmp_path / "b" / f"graph.{fmt}")
    assert first and all(p.is_file() for p in first)
    assert file_bytes(first) == file_bytes(second)


@pytest.mark.parametrize("fmt", ["gexf", "", "GRAPHML", "csv "])
def test_unknown_format_is_an_input_error(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(InputError, match="unknown export format") as info:
        export(TRICKY, fmt, tmp_path / "out")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "out").exists()


# --- properties --------------------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 3, 1)).map(date.isoformat)
TYPES = st.frozensets(st.sampled_from(["person", "city", "province", "district", "government_body", "quote"]))


@settings(max_examples=60, deadline=None)
@given(since=st.none() | DAYS, until=st.none() | DAYS, types=TYPES)
def test_filtered_graph_is_a_subgraph_of_the_whole(
    conn: Connection, articles: list[Article], since: str | None, until: str | None, types: frozenset[str]
) -> None:
    f = GraphFilter(since=since, until=until, types=types)
    whole, part = read_graph(conn, GraphFilter()), read_graph(conn, f)
    by_id = {n.id: n for n in whole.nodes}
    assert all(n.mention_count <= by_id[n.id].mention_count for n in part.nodes)
    assert all(n.article_count <= by_id[n.id].article_count for n in part.nodes)
    weights = {edge_key(e): e.weight for e in whole.edges}
    assert all(e.weight <= weights[edge_key(e)] for e in part.edges)
    days = {a.id: (a.published or "")[:10] for a in articles}
    ids = [i for i, day in days.items() if (not f.since or day >= f.since) and (not f.until or day <= f.until)]
    assert ({n.id for n in part.nodes}, {edge_key(e) for e in part.edges}) == expected_graph(articles, f, ids)
