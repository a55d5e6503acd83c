"""Reading the stored knowledge graph, filtered by date, region and entity type (for `warta.export`).

The graph of a set of articles: its nodes are the entities those articles link to (counts over those articles
only) plus one node per quote a "said" edge points at; its edges are the articles' `edges` rows aggregated by
(source, target, type). All SQL is fixed text; every filter value travels as a bound parameter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from warta import types
from warta.errors import InputError
from warta.kb import regions as kbregions
from warta.store.connection import Connection

QUOTE_TYPE = "quote"
QUOTE_NAME_MAX = 200
REGION_TYPES = tuple(sorted(types.REGION_TYPES, key=lambda name: types.TYPES[name].region_level or 0))  # by level
EVERY_ARTICLE = "1 = 1"  # the WHERE clause of a filter that keeps every article
LAST_CHAR = "\U0010ffff"  # above every character: "2024-05-01" + LAST_CHAR is above every stamp of that day


@dataclass(frozen=True)
class GraphFilter:
    """Which articles the graph is read from, and which entity types it keeps.

    `since` and `until` are ISO dates, both inclusive, compared with the first ten characters of
    `articles.published` (undated articles are left out once either is set). `region` is a Kemendagri code
    ("35.16") or the id of a stored region entity: it keeps articles that mention that region or any region
    inside it. `types` keeps nodes of those types (empty: all); quote nodes are kept only when "quote" is in
    `types`, and an edge only when both of its ends are kept.
    """

    since: str | None = None
    until: str | None = None
    region: str | None = None
    types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Node:
    """An entity (or a quote) with counts over the selected articles; dates are YYYY-MM-DD."""

    id: str
    name: str
    type: str
    named: bool
    aliases: tuple[str, ...]
    kb: dict[str, Any]
    mention_count: int
    article_count: int
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """The edges of one (source, target, type) over the selected articles: weights summed."""

    source: str
    target: str
    type: str
    weight: int
    article_count: int
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True)
class Graph:
    """Nodes sorted by id, edges sorted by (source, target, type); every edge's ends are nodes."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)


# The selected articles, as a CTE body: `{where}` is replaced by fixed clauses only (see `_article_where`).
# Each date filter is a range on `published` (for the index) and the exact test on its first ten characters.
_SELECTED = """
WITH sel AS MATERIALIZED (
    SELECT a.id AS id, substr(a.published, 1, 10) AS day FROM articles a WHERE {where}
)
"""

_DATE_SINCE = "(a.published >= :since AND substr(a.published, 1, 10) >= :since)"
_DATE_UNTIL = "(a.published < :until_end AND substr(a.published, 1, 10) <= :until)"
# Entities (as `alias`) whose Kemendagri code is :code or inside it (index entities_region_code; "35.16" holds
# "35.16.01").
CODE_MATCH = """
(json_extract({alias}.kb, '$.region_code') = :code
 OR json_extract({alias}.kb, '$.region_code') BETWEEN :code || '.' AND :code || '.' || :last)
"""
# A region entity `r` at or inside :code, read through its code: the type test is an expression, `r.type || ''`,
# so that SQLite does not scan every region entity by type instead (10 ms a query at 300,000 articles).
REGION_ENTITY = f"r.type || '' IN ({', '.join(repr(t) for t in REGION_TYPES)}) AND {CODE_MATCH.format(alias='r')}"
# Articles linked to a region entity at or inside :code, in two forms with one meaning: the set of the region's
# articles (for aggregates over all of them), or a test per article (for newest-first lists stopped by a LIMIT,
# and for date ranges, which keep few articles to test). Both take the region's entities as :region_ids
# (`region_ids`: read once through their code), so that neither store reads a linked entity's row and JSON for
# each article (PostgreSQL parsed 17,000 of them over two weeks' articles, 70 ms); the `|| ''` keeps SQLite
# from probing every region entity's links for each article instead.
REGION_LINKS = (
    "SELECT ae.article_id FROM article_entities ae WHERE ae.entity_id IN (SELECT value FROM json_each(:region_ids))"
)
IN_REGION = f"a.id IN ({REGION_LINKS})"
EXISTS_REGION = (
    "EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id "
    "AND ae.entity_id || '' IN (SELECT value FROM json_each(:region_ids)))"
)


def region_ids(conn: Connection, code: str) -> str:
    """The :region_ids of `IN_REGION`, `EXISTS_REGION` and `REGION_LINKS` (an article once per region entity
    it links: DISTINCT them): the ids of the region entities at or inside the region `code`, a JSON array."""
    rows = conn.execute(f"SELECT r.id FROM entities r WHERE {REGION_ENTITY}", {"code": code, "last": LAST_CHAR})
    return json.dumps(sorted(str(row[0]) for row in rows))


_NODES = """
, linked AS (
    SELECT ae.entity_id AS id, COUNT(*) AS articles, MIN(sel.day) AS first, MAX(sel.day) AS last
    FROM sel CROSS JOIN article_entities ae ON ae.article_id = sel.id GROUP BY ae.entity_id
), mentioned AS (
    SELECT m.entity_id AS id, COUNT(*) AS n FROM sel CROSS JOIN mentions m ON m.article_id = sel.id
    GROUP BY m.entity_id
)
SELECT e.id, e.name, e.type, e.named, e.aliases, e.kb, COALESCE(mentioned.n, 0), linked.articles,
       linked.first, linked.last
FROM linked JOIN entities e ON e.id = linked.id LEFT JOIN mentioned ON mentioned.id = linked.id
WHERE :types IS NULL OR e.type IN (SELECT value FROM json_each(:types))
ORDER BY e.id
"""

_EDGES = """
SELECT g.source, g.target, g.type, SUM(g.weight), COUNT(DISTINCT g.article_id), MIN(sel.day), MAX(sel.day)
FROM sel CROSS JOIN edges g ON g.article_id = sel.id
GROUP BY g.source, g.target, g.type
ORDER BY g.source, g.target, g.type
"""

# A quote id names one quote; should two articles hold it, the row of the smallest article id gives its text,
# kind and day (`_first_per_quote`).
_QUOTES = """
SELECT DISTINCT q.id, q.text, q.article_id, q.kind, sel.day
FROM sel CROSS JOIN edges g ON g.article_id = sel.id AND g.type = 'said'
JOIN quotes q ON q.article_id = g.article_id AND q.id = g.target
ORDER BY q.id, q.article_id
"""


def read_graph(conn: Connection, f: GraphFilter) -> Graph:
    """The graph of the articles `f` selects; InputError for a malformed date or an unknown region."""
    params = _params(conn, f)
    selected = _SELECTED.replace("{where}", _article_where(f))
    nodes = [_node(row) for row in conn.execute(selected + _NODES, params)]
    if _keeps(f, QUOTE_TYPE):
        nodes += [_quote_node(row) for row in _first_per_quote(conn.execute(selected + _QUOTES, params))]
        nodes.sort(key=lambda node: node.id)
    kept = {node.id for node in nodes}
    edges = [
        GraphEdge(*row)
        for row in conn.execute(selected + _EDGES, params)
        if row[0] in kept and row[1] in kept  # also drops an edge to a quote that was not stored
    ]
    return Graph(nodes, edges)


def _first_per_quote(rows: Iterable[Any]) -> list[Any]:
    """The first row of each quote id (rows sorted by quote id, then article id)."""
    first: dict[str, Any] = {}
    for row in rows:
        first.setdefault(row[0], row)
    return list(first.values())


def _keeps(f: GraphFilter, node_type: str) -> bool:
    """Whether the type filter keeps nodes of this type."""
    return not f.types or node_type in f.types


def _article_where(f: GraphFilter) -> str:
    """The WHERE clause selecting articles: fixed SQL fragments joined, values left to parameters."""
    clauses = [EVERY_ARTICLE]
    if f.since is not None:
        clauses.append(_DATE_SINCE)
    if f.until is not None:
        clauses.append(_DATE_UNTIL)
    if f.region is not None:
        clauses.append(IN_REGION)
    return " AND ".join(clauses)


def _params(conn: Connection, f: GraphFilter) -> dict[str, Any]:
    """The bound parameters of every graph query (checked: dates are ISO dates, the region exists)."""
    since = _iso_date("since", f.since)
    until = _iso_date("until", f.until)
    code = region_code(conn, f.region) if f.region is not None else None
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "until_end": until.isoformat() + LAST_CHAR if until else None,  # above every stamp of that day
        "region_ids": region_ids(conn, code) if code is not None else None,
        "types": json.dumps(sorted(f.types)) if f.types else None,
    }


def _iso_date(name: str, value: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD), or InputError naming the filter."""
    if value is None:
        return None
    try:
        if len(value.strip()) != len("YYYY-MM-DD"):
            raise ValueError(value)
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{name} {value!r}: not a date; use YYYY-MM-DD") from None


def region_code(conn: Connection, region: str) -> str:
    """The Kemendagri code a region filter stands for: the code itself, or a stored region entity's code."""
    value = region.strip()
    row = conn.execute("SELECT type, json_extract(kb, '$.region_code') FROM entities WHERE id = ?", (value,)).fetchone()
    if row is not None:
        entity_type, code = row
        if entity_type not in REGION_TYPES or not isinstance(code, str):
            raise InputError(f"region {value!r}: entity of type {entity_type!r} is not a region with a code")
        return code
    if kbregions.CODE.fullmatch(value):
        if kbregions.get(value) is None:
            raise InputError(f"region {value!r}: no such Kemendagri code")
        return value
    raise InputError(f"region {value!r}: neither a Kemendagri code (such as 35.16) nor a stored region id")


def _node(row: Iterable[Any]) -> Node:
    """A node from a row of `_NODES`."""
    entity_id, name, type_, named, aliases, kb, mentions, articles, first, last = row
    return Node(
        entity_id, name, type_, bool(named), tuple(json.loads(aliases)), json.loads(kb), mentions, articles, first, last
    )


def _quote_node(row: Iterable[Any]) -> Node:
    """A quote node from a row of `_QUOTES`: its text (cut to 200 characters) as the name."""
    quote_id, text, article_id, kind, day = row
    return Node(
        id=quote_id,
        name=_truncate(text, QUOTE_NAME_MAX),
        type=QUOTE_TYPE,
        named=False,
        aliases=(),
        kb={"article_id": article_id, "kind": kind},
        mention_count=0,
        article_count=1,
        first_seen=day,
        last_seen=day,
    )


def _truncate(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else its start and an ellipsis, `limit` characters in all."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["EVERY_ARTICLE", "Graph", "GraphEdge", "GraphFilter", "Node", "read_graph", "region_code"]
