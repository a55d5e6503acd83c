"""How two entities connect: the shortest paths of at most three hops over the stored graph, with the
articles behind every hop.

The graph is every stored edge but "said" (co-mentioned in a sentence, a role, a part-of), undirected, read
from `edge_stats` (all articles). The search meets in the middle, so its work is bounded whatever the store:

- one query per end for its neighbours, the `NEIGHBOUR_CAP` strongest (by summed edge weight) kept;
- one hop: the other end is among the first end's neighbours;
- two hops: the neighbours both ends share;
- three hops: one query for the edges between the two neighbour sets (at most `NEIGHBOUR_CAP` ids a side,
  so it reads the `edge_stats` rows of at most that many entities through the source index), of which the
  `BRIDGE_CAP` strongest are kept.

Paths through a neighbour beyond an end's cap are not looked for: the answer says so (`truncated`). Paths
are ranked by their weakest hop (strongest first); at most `MAX_PATHS` are returned, and the articles of
their hops are read in one query (`warta.store.queries.evidence`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from warta.errors import InputError
from warta.store.connection import Connection
from warta.store.queries._common import Scope, require_entity, scope_sql
from warta.store.queries.evidence import EvidenceArticle, edge_evidence, pair_key

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

MAX_HOPS = 3
NEIGHBOUR_CAP = 300  # each end's strongest neighbours searched
BRIDGE_CAP = 2000  # the strongest edges between the two neighbour sets kept for three-hop paths
MAX_PATHS = 10


@dataclass(frozen=True)
class PathNode:
    """An entity on a path."""

    id: str
    name: str
    type: str


@dataclass(frozen=True)
class PathHop:
    """One hop of a path: its edge types, summed weight, and the articles that hold its edges."""

    source: str
    target: str
    types: list[str]
    weight: int
    articles: int
    latest: list[EvidenceArticle]


@dataclass(frozen=True)
class EntityPath:
    """A path from the first entity to the second: its nodes in order and the hops between them."""

    nodes: list[PathNode]
    hops: list[PathHop]


@dataclass(frozen=True)
class Paths:
    """The shortest paths between two entities (`hops`: their length; None when there is none within
    `MAX_HOPS`); `truncated` when an end had more neighbours than were searched."""

    source: PathNode
    target: PathNode
    hops: int | None
    paths: list[EntityPath]
    truncated: bool


_NEIGHBOURS = """
SELECT n.other, SUM(n.w) AS weight FROM (
    SELECT g.target AS other, g.weight AS w FROM edge_stats g WHERE g.source = :id
    UNION ALL
    SELECT g.source, g.weight FROM edge_stats g WHERE g.target = :id
) n WHERE n.other <> :id
GROUP BY n.other ORDER BY weight DESC, n.other LIMIT :cap
"""

_BRIDGES = """
SELECT g.source, g.target, g.weight FROM edge_stats g
WHERE g.source IN (SELECT value FROM json_each(:a)) AND g.target IN (SELECT value FROM json_each(:b))
UNION ALL
SELECT g.target, g.source, g.weight FROM edge_stats g
WHERE g.source IN (SELECT value FROM json_each(:b)) AND g.target IN (SELECT value FROM json_each(:a))
ORDER BY 3 DESC, 1, 2 LIMIT :cap
"""

_TYPES = """
SELECT g.source, g.target, g.type, g.weight FROM edge_stats g
WHERE g.source IN (SELECT value FROM json_each(:ids)) AND g.target IN (SELECT value FROM json_each(:ids))
  AND g.source <> g.target
"""


def entity_paths(store: SQLStore, source: str, target: str, limit: int = MAX_PATHS) -> Paths:
    """The shortest paths (at most `MAX_HOPS` hops, at most `limit` of them) from `source` to `target`;
    NotFoundError for an unknown entity."""
    if not 1 <= limit <= MAX_PATHS:
        raise InputError(f"limit {limit}: use a number from 1 to {MAX_PATHS}")
    conn = store.conn
    require_entity(conn, source)
    require_entity(conn, target)
    if source == target:
        node = _nodes(conn, [source])[source]
        return Paths(node, node, 0, [EntityPath([node], [])], False)
    left, right = _neighbours(conn, source), _neighbours(conn, target)
    truncated = len(left) >= NEIGHBOUR_CAP or len(right) >= NEIGHBOUR_CAP
    routes = _routes(conn, source, target, left, right)[:limit]
    nodes = _nodes(conn, [source, target, *(i for route in routes for i in route)])
    paths = _with_hops(conn, routes, nodes)
    return Paths(nodes[source], nodes[target], len(routes[0]) - 1 if routes else None, paths, truncated)


def _neighbours(conn: Connection, entity_id: str) -> dict[str, int]:
    """The entity's strongest neighbours with their summed edge weights."""
    rows = conn.execute(_NEIGHBOURS, {"id": entity_id, "cap": NEIGHBOUR_CAP})
    return {str(other): int(weight) for other, weight in rows}


def _routes(conn: Connection, source: str, target: str, left: dict[str, int], right: dict[str, int]) -> list[list[str]]:
    """The shortest routes (lists of ids), strongest weakest hop first."""
    if target in left:
        return [[source, target]]
    shared = [(min(left[x], right[x]), x) for x in left if x in right and x not in (source, target)]
    if shared:
        return [[source, x, target] for _, x in sorted(shared, key=lambda item: (-item[0], item[1]))]
    a = [x for x in left if x != target]
    b = [y for y in right if y != source]
    if not a or not b:
        return []
    params = {"a": json.dumps(a), "b": json.dumps(b), "cap": BRIDGE_CAP}
    bridges: dict[tuple[str, str], int] = {}
    for x, y, weight in conn.execute(_BRIDGES, params):
        bridges[(str(x), str(y))] = bridges.get((str(x), str(y)), 0) + int(weight)
    ranked = sorted(((min(left[x], w, right[y]), x, y) for (x, y), w in bridges.items() if x != y),
                    key=lambda item: (-item[0], item[1], item[2]))  # fmt: skip
    return [[source, x, y, target] for _, x, y in ranked]


def _nodes(conn: Connection, ids: list[str]) -> dict[str, PathNode]:
    """The named entities of `ids`."""
    rows = conn.execute(
        "SELECT id, name, type FROM entities WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
    )
    return {str(i): PathNode(str(i), str(name), str(type_)) for i, name, type_ in rows}


def _with_hops(conn: Connection, routes: list[list[str]], nodes: dict[str, PathNode]) -> list[EntityPath]:
    """The routes as paths, each hop with its edge types, weight and articles."""
    ids = sorted(nodes)
    evidence = edge_evidence(conn, ids, scope_sql(conn, Scope()), by_type=False)
    types: dict[tuple[str, str, str], set[str]] = {}
    weights: dict[tuple[str, str, str], int] = {}
    for s, t, type_, weight in conn.execute(_TYPES, {"ids": json.dumps(ids)}):
        key = pair_key(str(s), str(t))
        types.setdefault(key, set()).add(str(type_))
        weights[key] = weights.get(key, 0) + int(weight)
    paths = []
    for route in routes:
        hops = []
        for s, t in pairwise(route):
            key = pair_key(s, t)
            found = evidence.get(key)
            hops.append(PathHop(s, t, sorted(types.get(key, ())), weights.get(key, 0),
                                found.articles if found else 0, found.latest if found else []))  # fmt: skip
        paths.append(EntityPath([nodes[i] for i in route], hops))
    return paths
