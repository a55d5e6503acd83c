"""The articles behind a connection: for a pair of entities, how many articles link them and the latest few.

Two kinds of link. A graph edge (`edges` rows of any type but "said": co-mentioned in a sentence, a role, a
part-of) is evidenced by the articles that hold such a row between the two; a co-mention on an entity page
(`co_mentions`, shared `article_entities` rows) by the articles that name both. Each query reads the pairs of
a bounded set of entities at once and keeps the newest `LATEST` articles per pair with a window function.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from warta.store.connection import Connection
from warta.store.graph import EVERY_ARTICLE
from warta.store.queries._common import ARTICLE_KEY, ScopeSQL

LATEST = 3  # the newest articles named per connection


@dataclass(frozen=True)
class EvidenceArticle:
    """An article behind a connection: its id (for /artikel/{id}), title, date and outlet."""

    id: str
    title: str | None
    published: str | None
    source: str | None


@dataclass(frozen=True)
class Evidence:
    """How many articles link two entities, and the newest of them (newest first)."""

    articles: int = 0
    latest: list[EvidenceArticle] = field(default_factory=list)


PairKey = tuple[str, str, str]  # (smaller id, larger id, edge type or "" for every type)


def pair_key(a: str, b: str, type_: str = "") -> PairKey:
    """The key of an undirected pair in `edge_evidence`'s answer."""
    return (a, b, type_) if a <= b else (b, a, type_)


# Edge rows, each pair's ends ordered, one row per (pair, type, article). `{type}` is a fixed column: `g.type`
# (evidence per edge type) or `''` (every type together); `{ends}` says which rows.
_ROWS = """
SELECT DISTINCT CASE WHEN g.source < g.target THEN g.source ELSE g.target END AS lo,
       CASE WHEN g.source < g.target THEN g.target ELSE g.source END AS hi, {type} AS kind, g.article_id AS aid
FROM edges g
WHERE {ends} AND g.source <> g.target AND g.type <> 'said' AND (:only IS NULL OR g.type = :only)
"""
_IDS = "(SELECT value FROM json_each(:ids))"
# The edges among :ids.
_EDGE_ROWS = _ROWS.replace("{ends}", f"g.source IN {_IDS} AND g.target IN {_IDS}")
# The edges of one entity (:focus) to :ids only (an ego network's spokes): read through the indexes on the focus's
# ends, so that their number follows the focus's articles, not its neighbours'.
_FOCUS_ROWS = " UNION ".join(
    _ROWS.replace("{ends}", f"g.{end} = :focus AND g.{other} IN {_IDS}")
    for end, other in (("source", "target"), ("target", "source"))
)

_RANKED = """
SELECT r.lo, r.hi, r.kind, r.n, r.id, r.title, r.published, r.source FROM (
    SELECT p.lo, p.hi, p.kind, a.id, a.title, a.published, a.source,
           ROW_NUMBER() OVER (PARTITION BY p.lo, p.hi, p.kind ORDER BY {key} DESC, a.id DESC) AS rn,
           COUNT(*) OVER (PARTITION BY p.lo, p.hi, p.kind) AS n
    FROM ({rows}) p JOIN articles a ON a.id = p.aid
    WHERE {where}
) r
WHERE r.rn <= :latest
ORDER BY r.lo, r.hi, r.kind, r.rn
"""


def edge_evidence(
    conn: Connection,
    ids: list[str],
    scope: ScopeSQL,
    by_type: bool = True,
    only: str | None = None,
    focus: str | None = None,
) -> dict[PairKey, Evidence]:
    """The evidence of every edge among `ids` (of type `only`, if given; only those of `focus` to the others,
    if given) over the scope's articles, keyed by `pair_key` (with the edge type when `by_type`, else "" for the
    pair's edges of every type together)."""
    if len(ids) < 2:
        return {}
    rows = (_EDGE_ROWS if focus is None else _FOCUS_ROWS).replace("{type}", "g.type" if by_type else "''")
    sql = _RANKED.replace("{rows}", rows).replace("{key}", ARTICLE_KEY).replace("{where}", scope.where)
    params: dict[str, Any] = {**scope.params, "ids": json.dumps(sorted(set(ids))), "latest": LATEST, "only": only}
    if focus is not None:
        params["focus"] = focus
    found: dict[PairKey, Evidence] = {}
    for lo, hi, kind, n, *article in conn.execute(sql, params):
        key = (str(lo), str(hi), str(kind))
        found.setdefault(key, Evidence(int(n))).latest.append(EvidenceArticle(*article))
    return found


_PAIR = f"""
SELECT COUNT(*) OVER () AS n, a.id, a.title, a.published, a.source FROM articles a
WHERE a.id IN (
    SELECT g.article_id FROM edges g
    WHERE ((g.source = :a AND g.target = :b) OR (g.source = :b AND g.target = :a))
      AND g.type <> 'said' AND (:only IS NULL OR g.type = :only)
) AND {{where}}
ORDER BY {ARTICLE_KEY} DESC, a.id DESC
"""


def pair_evidence(conn: Connection, a: str, b: str, only: str | None, scope: ScopeSQL, limit: int) -> Evidence:
    """The evidence of the edges between `a` and `b` (either way; of type `only`, if given) over the scope's
    articles, the newest `limit` named: one pair, read through the edges' source index."""
    sql = _PAIR.replace("{where}", scope.where) + " LIMIT :limit"
    params: dict[str, Any] = {**scope.params, "a": a, "b": b, "only": only, "limit": limit}
    rows = conn.execute(sql, params).fetchall()
    if not rows:
        return Evidence()
    return Evidence(int(rows[0][0]), [EvidenceArticle(*row[1:]) for row in rows])


_SHARED = f"""
SELECT r.other, r.id, r.title, r.published, r.source FROM (
    SELECT o.entity_id AS other, a.id, a.title, a.published, a.source,
           ROW_NUMBER() OVER (PARTITION BY o.entity_id ORDER BY {ARTICLE_KEY} DESC, a.id DESC) AS rn
    FROM article_entities me
    JOIN article_entities o ON o.article_id = me.article_id AND o.inferred = 0
    JOIN articles a ON a.id = me.article_id
    WHERE me.entity_id = :entity{{links}} AND o.entity_id IN (SELECT value FROM json_each(:ids)) AND {{where}}
) r
WHERE r.rn <= :latest
ORDER BY r.other, r.rn
"""


def shared_latest(
    conn: Connection, entity_id: str, others: list[str], scope: ScopeSQL | None = None
) -> dict[str, list[EvidenceArticle]]:
    """For each of `others`, the newest articles (of the scope's, if given) that name it (not inferred)
    together with `entity_id`."""
    if not others:
        return {}
    where = scope or ScopeSQL(EVERY_ARTICLE)
    params = {**where.params, "entity": entity_id, "ids": json.dumps(sorted(set(others))), "latest": LATEST}
    found: dict[str, list[EvidenceArticle]] = {}
    sql = _SHARED.replace("{where}", where.where).replace("{links}", where.links("me"))
    for other, *article in conn.execute(sql, params):
        found.setdefault(str(other), []).append(EvidenceArticle(*article))
    return found
