"""The graph explorer, the path view, and the evidence of connections as pages and API answers, over the store
of the demo articles on both backends (the conftest's `demo_client`, `stored_demo`)."""

from __future__ import annotations

import dataclasses
import json
import re
from html import unescape

from fastapi.testclient import TestClient

from warta.store import queries
from warta.store.graph import GraphFilter
from warta.store.sqlstore import SQLStore
from warta.web.graphs import EGO_NODES, PERIOD_NODES, plain


def page(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.text


def explorer_data(html: str) -> dict[str, list[dict[str, object]]]:
    """The graph the explorer draws (its JSON block)."""
    found = re.search(r'<script type="application/json" id="graph-explorer-data">(.*?)</script>', html, re.S)
    assert found, "no graph data on the page"
    data: dict[str, list[dict[str, object]]] = json.loads(unescape(found.group(1)))
    return data


def a_ministry(store: SQLStore) -> str:
    """The ministry the demo articles give the most person roles at."""
    row = store.conn.execute(
        "SELECT r.of_entity FROM person_roles r JOIN entities e ON e.id = r.of_entity WHERE e.type = 'ministry' "
        "GROUP BY r.of_entity ORDER BY COUNT(*) DESC, r.of_entity LIMIT 1"
    ).fetchone()
    assert row, "no ministry with a person role in the demo"
    return str(row[0])


def test_the_page_data_is_the_graph_as_plain_dicts(stored_demo: SQLStore) -> None:
    """`plain` is `dataclasses.asdict` without its copies: the same dicts, evidence articles included."""
    period = queries.period_graph(stored_demo, GraphFilter(), PERIOD_NODES, evidence=True)
    focus = max(period.nodes, key=lambda n: n.mentions).id
    ego = queries.ego_graph(stored_demo, focus, 1, GraphFilter(), EGO_NODES, evidence=True)
    assert any(e.latest for e in ego.edges), "the demo's ego network names no evidence"
    for data in (period, ego, queries.GraphData([], [], False)):
        assert plain(data) == dataclasses.asdict(data)


def test_explorer_draws_and_tabulates_the_same_graph(demo_client: TestClient, stored_demo: SQLStore) -> None:
    html = page(demo_client, "/graf?lang=id")
    expected = queries.period_graph(stored_demo, GraphFilter(), PERIOD_NODES)
    data = explorer_data(html)
    assert [n["id"] for n in data["nodes"]] == [n.id for n in expected.nodes]
    # The page carries each edge's article count (the same as the full evidence query), not its articles.
    assert [e["articles"] for e in data["edges"]] == [e.articles for e in expected.edges]
    assert all(e["articles"] >= 1 and not e["latest"] for e in data["edges"])
    nodes_table = html.split('data-testid="graph-nodes-table"')[1].split("</table>")[0]
    edges_table = html.split('data-testid="graph-edges-table"')[1].split("</table>")[0]
    assert nodes_table.count("<tr data-node=") == len(expected.nodes)
    assert edges_table.count("<tr data-edge=") == len(expected.edges)
    assert "/jalur?dari=" in edges_table
    hooks = ('data-testid="graph-legend"', 'data-legend-edge="has_role"', 'data-testid="edge-panel"',
             'list="region-choices"', '<option value="Kabupaten Mojokerto">35.16</option>', "Keterangan")  # fmt: skip
    for hook in hooks:
        assert hook in html, hook
    assert "Legend" in page(demo_client, "/graf?lang=en")


def test_region_filter_takes_a_name(demo_client: TestClient, stored_demo: SQLStore) -> None:
    by_name = page(demo_client, "/graf?region=kabupaten+mojokerto")
    by_code = page(demo_client, "/graf?region=35.16")
    assert explorer_data(by_name) == explorer_data(by_code)
    assert 'data-filters="region=35.16"' in by_name  # what a node's expansion asks the API for
    expected = queries.period_graph(stored_demo, GraphFilter(region="35.16"), PERIOD_NODES)
    assert [n["id"] for n in explorer_data(by_name)["nodes"]] == [n.id for n in expected.nodes]
    assert explorer_data(by_name) != explorer_data(page(demo_client, "/graf"))
    bad = page(demo_client, "/graf?region=Negeri+Antah")
    assert 'data-testid="graph-error"' in bad and explorer_data(bad) == {"nodes": [], "edges": [], "truncated": False}


def test_path_view(demo_client: TestClient, stored_demo: SQLStore) -> None:
    ministry = a_ministry(stored_demo)
    holder = queries.linked_people(stored_demo, ministry, limit=1)[0]
    html = page(demo_client, f"/jalur?dari={holder.id}&ke={ministry}&lang=id")
    assert 'data-testid="path-result"' in html and "1 langkah" in html
    assert html.count('data-testid="path-hop"') >= 1 and 'data-testid="path-article"' in html
    name = queries.entity_detail(stored_demo, ministry).name
    by_name = page(demo_client, f"/jalur?dari={holder.id}&ke={name.lower()}")  # a name, in any case
    assert by_name.count('data-testid="path-hop"') == html.count('data-testid="path-hop"')
    assert 'data-testid="path-unknown"' in page(demo_client, f"/jalur?dari=Tidak+Ada+Orang+Ini&ke={ministry}")
    assert 'data-testid="path-same"' in page(demo_client, f"/jalur?dari={ministry}&ke={ministry}")
    assert 'data-testid="path-none"' in page(demo_client, f"/jalur?dari=person-xss&ke={ministry}")
    english = page(demo_client, f"/jalur?dari={holder.id}&ke={ministry}&lang=en")
    assert "How they connect" in english and "1 step" in english
    assert 'data-testid="path-form"' in page(demo_client, "/jalur") and "suggest.js" in html


DEMO_DAYS = "dari=2022-01-01&sampai=2025-12-31"  # every demo article as written (the pages' period)


def test_body_page_lists_its_people_first(demo_client: TestClient, stored_demo: SQLStore) -> None:
    ministry = a_ministry(stored_demo)
    html = page(demo_client, f"/entitas/{ministry}?{DEMO_DAYS}")
    assert html.index('data-testid="body-people"') < html.index('data-testid="co-mentions"')
    people = html.split('data-testid="body-people"')[1].split("</section>")[0]
    first = queries.linked_people(stored_demo, ministry)[0]
    assert first.roles and f"/entitas/{first.id}" in people and first.roles[0] in unescape(people)
    assert 'data-testid="co-mention-article"' in html
    person = page(demo_client, f"/entitas/{first.id}?{DEMO_DAYS}")
    assert 'data-testid="body-people"' not in person and 'data-testid="co-mention-article"' in person
    # People and co-mentions follow the page's period: none in a year without the ministry's articles.
    empty = page(demo_client, f"/entitas/{ministry}?dari=2012-01-01&sampai=2012-12-31")
    assert 'data-testid="body-people"' not in empty and 'data-testid="co-mention-article"' not in empty
    assert f'href="/jalur?dari={first.id}"' in person


def test_api_paths_and_evidence(demo_client: TestClient, stored_demo: SQLStore) -> None:
    ministry = a_ministry(stored_demo)
    holder = queries.linked_people(stored_demo, ministry, limit=1)[0].id
    body = demo_client.get("/api/v1/paths", params={"from": holder, "to": ministry}).json()
    assert body["hops"] == 1 and body["paths"][0]["hops"][0]["articles"] >= 1
    assert body["paths"][0]["hops"][0]["latest"][0]["id"]
    assert demo_client.get("/api/v1/paths", params={"from": "nope", "to": ministry}).status_code == 404
    assert demo_client.get("/api/v1/paths", params={"from": holder}).status_code == 422
    co = demo_client.get(f"/api/v1/entities/{ministry}/co-mentions").json()["items"]
    assert co and all(1 <= len(c["latest"]) <= min(3, c["shared_articles"]) for c in co)
    edges = demo_client.get(f"/api/v1/graph/ego/{ministry}").json()["edges"]
    spokes = [e for e in edges if ministry in (e["source"], e["target"])]
    # The ministry's own edges name their newest articles; the edges between its neighbours only count theirs.
    assert spokes and all(e["articles"] >= len(e["latest"]) >= 1 for e in spokes)
    assert len(spokes) < len(edges) and all(not e["latest"] for e in edges if e not in spokes)
    counts = demo_client.get(f"/api/v1/graph/ego/{ministry}", params={"evidence": "false"}).json()["edges"]
    assert [(e["articles"], e["latest"]) for e in counts] == [(e["articles"], []) for e in edges]
    for first in spokes:
        one = demo_client.get("/api/v1/graph/evidence", params={"a": first["target"], "b": first["source"],
                                                                "type": first["type"]}).json()  # fmt: skip
        assert one == {"articles": first["articles"], "latest": first["latest"]}
    bad = demo_client.get("/api/v1/graph/evidence", params={"a": first["source"], "b": first["target"], "type": "x"})
    assert bad.status_code == 422
