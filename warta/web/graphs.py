"""What the graph explorer, the path view and the people of a body show, read from the store in one call
(`Db.call(function, …)`): plain dicts for the templates.

The explorer's graph is read here (not fetched by the page's script), so that its nodes and edges are also a
table on the page, for keyboard and screen-reader users; `static/graph.js` draws the same data.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from warta.errors import InputError, NotFoundError
from warta.store import queries
from warta.store.graph import GraphFilter
from warta.store.sqlstore import SQLStore
from warta.types import PUBLIC_BODY_TYPES, TYPES

PERIOD_NODES = 60  # the explorer's co-mention network: its most-mentioned entities
EGO_NODES = 100  # an ego network's nodes
REGION_CHOICES = 200  # regions offered as suggestions


def graph_page(store: SQLStore, types: list[str], since: str, until: str, region: str, focus: str) -> dict[str, Any]:
    """The explorer: the period's co-mention network, or `focus`'s ego network, filtered by types, dates and
    a region (a name, a Kemendagri code or a region's id), as a graph and as tables; a bad filter is said on
    the page. Edges carry their article counts; a clicked edge asks for its articles (`/api/v1/graph/evidence`)."""
    choices = queries.regions(store, limit=REGION_CHOICES)
    code = region_code_of(choices, region)
    f = GraphFilter(since or None, until or None, code or None, frozenset(t for t in types if t in TYPES))
    error = ""
    try:
        if focus:
            data = queries.ego_graph(store, focus, 1, f, EGO_NODES, evidence=False)
        else:
            data = queries.period_graph(store, f, PERIOD_NODES, evidence=False)
    except (InputError, NotFoundError) as exc:
        error = str(exc)
        data = queries.GraphData([], [], False)
    return {
        "graph": data,
        "graph_json": plain(data),
        "degrees": degrees(data),
        "names": {n.id: n.name for n in data.nodes},
        "region_choices": choices,
        "region_code": code,
        "graph_error": error,
    }


def plain(data: queries.GraphData) -> dict[str, Any]:
    """`dataclasses.asdict(data)` without its deep copy of every field: a famous person's ego network (100 nodes,
    3,000 edges) took 20-35 ms that way, more than reading it from the store."""
    return {
        "nodes": [dict(vars(node)) for node in data.nodes],
        "edges": [{**vars(edge), "latest": [asdict(a) for a in edge.latest]} for edge in data.edges],
        "truncated": data.truncated,
    }


def region_code_of(choices: list[queries.RegionItem], text: str) -> str:
    """The region filter's value: the code of a suggested region named `text` (case ignored), else `text`."""
    wanted = " ".join(text.split()).casefold()
    for choice in choices:
        if choice.name.casefold() == wanted:
            return choice.code
    return text.strip()


def degrees(data: queries.GraphData) -> dict[str, int]:
    """How many other nodes each node is linked to."""
    linked: dict[str, set[str]] = {n.id: set() for n in data.nodes}
    for e in data.edges:
        linked.setdefault(e.source, set()).add(e.target)
        linked.setdefault(e.target, set()).add(e.source)
    return {node: len(others) for node, others in linked.items()}


def paths_page(store: SQLStore, dari: str, ke: str) -> dict[str, Any]:
    """The path view: the two entities the inputs name, and the shortest paths between them."""
    source, target = queries.find_entity(store, dari), queries.find_entity(store, ke)
    unknown = [text.strip() for text, found in ((dari, source), (ke, target)) if text.strip() and found is None]
    paths = queries.entity_paths(store, source.id, target.id) if source and target else None
    return {"dari": dari.strip(), "ke": ke.strip(), "source": source, "target": target, "unknown": unknown,
            "paths": paths}  # fmt: skip


def body_people(
    store: SQLStore, entity_id: str, entity_type: str, since: str | None = None, until: str | None = None
) -> list[queries.LinkedPerson]:
    """The people linked to a ministry, an agency or a regional body in the period (none for other entities)."""
    if entity_type not in PUBLIC_BODY_TYPES:
        return []
    return queries.linked_people(store, entity_id, 20, since, until)
