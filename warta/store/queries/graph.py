"""Graphs for the explorer: the ego network of an entity and the co-mention network of a period.

Both read the stored `edges` rows (per article) through their indexes, filtered by the articles a
`warta.store.graph.GraphFilter` keeps (period, region) and by node type, and keep the strongest edges up to a
node cap. The whole stored graph (`warta.store.graph.read_graph`) is for exports; these read only what they show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warta.errors import InputError
from warta.store.connection import Connection
from warta.store.graph import EVERY_ARTICLE, GraphFilter
from warta.store.queries._common import MAX_LIMIT, Scope, ScopeSQL, json_list, require_entity, scope_sql
from warta.store.queries.evidence import LATEST, Evidence, EvidenceArticle, edge_evidence, pair_evidence, pair_key

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

FRONTIER = 50  # depth 2 expands at most this many of the strongest first-level neighbours
EDGE_TYPES = ("co_mentioned", "has_role", "part_of")  # the graph's edge types ("said" links quotes, not entities)


@dataclass(frozen=True)
class GraphNode:
    """An entity in a graph; `mentions` counts over the graph's articles (all articles for an ego network)."""

    id: str
    name: str
    type: str
    mentions: int
    focus: bool = False


@dataclass(frozen=True)
class GraphLink:
    """The edges of one type between two entities, weights summed (co-mentions are undirected); `articles`
    counts the articles that hold the edge, `latest` names the newest of them (`evidence.LATEST`)."""

    source: str
    target: str
    type: str
    weight: int
    articles: int = 0
    latest: list[EvidenceArticle] = field(default_factory=list)


@dataclass(frozen=True)
class GraphData:
    """Nodes and the edges between them; `truncated` when the node cap left neighbours out."""

    nodes: list[GraphNode]
    edges: list[GraphLink]
    truncated: bool


def _with_sel(scope: ScopeSQL) -> str:
    """The selected articles as a CTE, or nothing when every article is kept."""
    if scope.where == EVERY_ARTICLE:
        return ""
    return f"WITH sel AS MATERIALIZED (SELECT a.id AS id FROM articles a WHERE {scope.where}) "


def _in_sel(scope: ScopeSQL) -> str:
    """The edge rows of the selected articles: all of them, summed, in edge_stats when every article is kept."""
    return "" if scope.where == EVERY_ARTICLE else " AND g.article_id IN (SELECT id FROM sel)"


def _edges(scope: ScopeSQL) -> str:
    return "edge_stats g" if scope.where == EVERY_ARTICLE else "edges g"


def _neighbours(
    conn: Connection, ids: list[str], scope: ScopeSQL, types: str | None, cap: int
) -> list[tuple[str, int]]:
    """The entities linked to any of `ids` (other than them) with summed weights, strongest first. The entities
    are read only to filter by type: a famous person has 30,000 neighbours (both directions read from covering
    indexes, edge_stats' key and edge_stats_target)."""
    keep = _in_sel(scope)
    typed = "JOIN entities e ON e.id = n.other AND e.type IN (SELECT value FROM json_each(:types))" if types else ""
    sql = _with_sel(scope) + f"""
        SELECT n.other, SUM(n.w) AS weight FROM (
            SELECT g.target AS other, g.weight AS w FROM {_edges(scope)}
            WHERE g.source IN (SELECT value FROM json_each(:ids)) AND g.type <> 'said'{keep}
            UNION ALL
            SELECT g.source, g.weight FROM {_edges(scope)}
            WHERE g.target IN (SELECT value FROM json_each(:ids)) AND g.type <> 'said'{keep}
        ) n {typed}
        WHERE n.other NOT IN (SELECT value FROM json_each(:ids))
        GROUP BY n.other ORDER BY weight DESC, n.other LIMIT :cap
    """  # fmt: skip
    params = {**scope.params, "ids": json.dumps(ids), "types": types, "cap": cap}
    return [(str(other), int(weight)) for other, weight in conn.execute(sql, params)]


def _edges_among(
    conn: Connection, ids: list[str], scope: ScopeSQL, only: str | None, evidence: bool, focus: str | None = None
) -> list[GraphLink]:
    """The edges between the given entities (of type `only`, if given; never "said"), merged per pair, with
    the number of articles holding each; with `evidence`, also the newest of those articles (of the edges of
    `focus` only, if given: a query over every article of the edges it names; the explorer asks for one edge's
    articles when it is clicked instead)."""
    articles = "SUM(g.edges)" if scope.where == EVERY_ARTICLE else "COUNT(DISTINCT g.article_id)"
    sql = _with_sel(scope) + f"""
        SELECT g.source, g.target, g.type, SUM(g.weight), {articles} FROM {_edges(scope)}
        WHERE g.source IN (SELECT value FROM json_each(:ids)) AND g.target IN (SELECT value FROM json_each(:ids))
          AND g.source <> g.target AND g.type <> 'said' AND (:only IS NULL OR g.type = :only){_in_sel(scope)}
        GROUP BY g.source, g.target, g.type
    """  # fmt: skip
    merged: dict[tuple[str, str, str], tuple[int, int]] = {}
    for source, target, type_, weight, n in conn.execute(sql, {**scope.params, "ids": json.dumps(ids), "only": only}):
        if type_ == "co_mentioned" and source > target:
            source, target = target, source
        w, c = merged.get((source, target, type_), (0, 0))
        merged[(source, target, type_)] = (w + int(weight), c + int(n))
    found = edge_evidence(conn, ids, scope, only=only, focus=focus) if merged and evidence else {}
    links = []
    for (s, t, ty), (w, n) in sorted(merged.items()):
        known = found.get(pair_key(s, t, ty))
        links.append(GraphLink(s, t, ty, w, known.articles, known.latest) if known else GraphLink(s, t, ty, w, n))
    return links


def _nodes(conn: Connection, ids: list[str], counts: dict[str, int] | None, focus: str | None) -> list[GraphNode]:
    """The nodes of `ids`, in that order; mention counts from `counts`, else over all articles."""
    rows = conn.execute(
        "SELECT e.id, e.name, e.type, ifnull(s.mention_count, 0) FROM entities e "
        "LEFT JOIN entity_stats s ON s.entity_id = e.id WHERE e.id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    )
    found = {row[0]: row for row in rows}
    return [
        GraphNode(i, found[i][1], found[i][2], counts.get(i, 0) if counts else int(found[i][3]), i == focus)
        for i in ids
        if i in found
    ]


def _check(limit: int, depth: int = 1) -> None:
    if not 1 <= depth <= 2:
        raise InputError(f"depth {depth}: use 1 or 2")
    if not 2 <= limit <= MAX_LIMIT:
        raise InputError(f"limit {limit}: use a number from 2 to {MAX_LIMIT}")


def ego_graph(
    store: SQLStore,
    entity_id: str,
    depth: int = 1,
    f: GraphFilter | None = None,
    limit: int = 100,
    evidence: bool = True,
) -> GraphData:
    """The entity, its neighbours (depth 1) and theirs (depth 2) by strongest summed edge weight, at most
    `limit` nodes; `f` filters the articles (period, region) and the neighbours' types. Each edge counts its
    articles and, with `evidence`, each edge of the entity names the newest (`GraphLink.latest`; the edges
    between neighbours name none: reading all their articles grows with the neighbours' fame, a national
    ministry's thousands, where the entity's own edges grow with its own articles; see `edge_articles`)."""
    _check(limit, depth)
    f = f or GraphFilter()
    conn = store.conn
    require_entity(conn, entity_id)
    scope = scope_sql(conn, Scope(f.since, f.until, f.region))
    types = json_list(f.types)
    first = _neighbours(conn, [entity_id], scope, types, limit)
    kept = [entity_id] + [other for other, _ in first[: limit - 1]]
    truncated = len(first) >= limit
    if depth == 2 and len(kept) < limit:
        frontier = [other for other, _ in first[:FRONTIER]]
        room = limit - len(kept)
        second = _neighbours(conn, frontier, scope, types, room + len(kept) + 1) if frontier else []
        fresh = [other for other, _ in second if other not in kept]
        kept += fresh[:room]
        truncated = truncated or len(fresh) > room or len(first) > FRONTIER
    edges = _edges_among(conn, kept, scope, None, evidence, focus=entity_id)
    return GraphData(_nodes(conn, kept, None, entity_id), edges, truncated)


def period_graph(store: SQLStore, f: GraphFilter | None = None, limit: int = 50, evidence: bool = True) -> GraphData:
    """The `limit` most-mentioned entities of the articles `f` keeps (of `f.types`, if given) and the
    co-mention edges between them; with no period or region, over the whole store. `evidence` as in
    `ego_graph`."""
    _check(limit)
    f = f or GraphFilter()
    conn = store.conn
    scope = scope_sql(conn, Scope(f.since, f.until, f.region))
    top = _top_entities(conn, scope, json_list(f.types), limit + 1)
    ids = [entity_id for entity_id, _ in top[:limit]]
    counts = dict(top)
    edges = _edges_among(conn, ids, scope, "co_mentioned", evidence)
    return GraphData(_nodes(conn, ids, counts, None), edges, len(top) > limit)


def edge_articles(
    store: SQLStore, a: str, b: str, type_: str | None = None, f: GraphFilter | None = None, limit: int = LATEST
) -> Evidence:
    """The articles behind the edges between `a` and `b` (either way; of type `type_`, if given) among the
    articles `f` keeps: how many, and the newest `limit`."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit {limit}: use a number from 1 to {MAX_LIMIT}")
    if type_ is not None and type_ not in EDGE_TYPES:
        raise InputError(f"edge type {type_!r}: use one of {', '.join(EDGE_TYPES)}")
    conn = store.conn
    for entity_id in (a, b):
        require_entity(conn, entity_id)
    f = f or GraphFilter()
    return pair_evidence(conn, a, b, type_, scope_sql(conn, Scope(f.since, f.until, f.region)), limit)


def _top_entities(conn: Connection, scope: ScopeSQL, types: str | None, limit: int) -> list[tuple[str, int]]:
    """The most-mentioned entities over the scope's articles (from entity_stats when it keeps every article)."""
    type_filter = "(:types IS NULL OR e.type IN (SELECT value FROM json_each(:types)))"
    if scope.where == EVERY_ARTICLE:
        sql = (
            "SELECT s.entity_id, s.mention_count FROM entity_stats s JOIN entities e ON e.id = s.entity_id "
            f"WHERE s.mention_count > 0 AND {type_filter} ORDER BY s.mention_count DESC, s.entity_id LIMIT :limit"
        )
    else:
        sql = _with_sel(scope) + (
            "SELECT m.entity_id, COUNT(*) AS n FROM sel JOIN mentions m ON m.article_id = sel.id "
            f"JOIN entities e ON e.id = m.entity_id WHERE {type_filter} "
            "GROUP BY m.entity_id ORDER BY n DESC, m.entity_id LIMIT :limit"
        )
    params: dict[str, Any] = {**scope.params, "types": types, "limit": limit}
    return [(str(entity_id), int(n)) for entity_id, n in conn.execute(sql, params)]
