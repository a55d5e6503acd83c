"""The people linked to a body (a ministry, an agency, a regional office): those the articles give a role at
it, then those named in the same articles, each with the newest articles behind the link."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from warta.errors import InputError
from warta.store.queries._common import MAX_LIMIT, Scope, ScopeSQL, in_period, require_entity, scope_sql
from warta.store.queries.evidence import EvidenceArticle, shared_latest

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


@dataclass(frozen=True)
class LinkedPerson:
    """A person linked to a body: the roles the articles give them at it (titles, most cited first) and how
    many articles give one, how many articles name both, and the newest of those."""

    id: str
    name: str
    named: bool
    roles: list[str]
    role_articles: int
    shared_articles: int
    latest: list[EvidenceArticle] = field(default_factory=list)


# Persons with a role at the body (index person_roles_of) in the scope's articles, per title.
_ROLES = """
SELECT r.entity_id, r.title, COUNT(DISTINCT r.article_id) AS n
FROM person_roles r {period} WHERE r.of_entity = :body AND {where}
GROUP BY r.entity_id, r.title ORDER BY n DESC, r.title
"""

# Persons named in the body's articles (the scope's; of :ids, when given), most shared articles first.
_SHARED = """
SELECT o.entity_id, COUNT(*) AS shared
FROM article_entities me JOIN article_entities o ON o.article_id = me.article_id
JOIN entities e ON e.id = o.entity_id {period}
WHERE me.entity_id = :body AND o.entity_id <> :body AND o.inferred = 0 AND e.type = 'person' AND {where}
  AND (:ids IS NULL OR o.entity_id IN (SELECT value FROM json_each(:ids)))
GROUP BY o.entity_id ORDER BY shared DESC, o.entity_id LIMIT :limit
"""


def linked_people(
    store: SQLStore, body_id: str, limit: int = 20, since: str | None = None, until: str | None = None
) -> list[LinkedPerson]:
    """The people linked to a body in the articles of the period from `since` to `until` (ISO days, inclusive;
    open ends keep every article): role holders first (by articles giving the role), then the persons named
    with it (by shared articles); at most `limit`. NotFoundError for an unknown entity."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit {limit}: use a number from 1 to {MAX_LIMIT}")
    conn = store.conn
    require_entity(conn, body_id)
    scope = scope_sql(conn, Scope(since, until))
    roles: dict[str, list[str]] = {}
    role_articles: dict[str, int] = {}
    sql = _ROLES.replace("{period}", in_period(scope, "r")).replace("{where}", scope.where)
    for person, title, n in conn.execute(sql, {**scope.params, "body": body_id}):
        roles.setdefault(str(person), []).append(str(title))
        role_articles[str(person)] = role_articles.get(str(person), 0) + int(n)
    shared = _shared(store, body_id, None, limit, scope)
    if roles:
        shared |= _shared(store, body_id, list(roles), len(roles), scope)
    order = sorted(roles, key=lambda p: (-role_articles[p], p))
    order += [p for p in shared if p not in roles]
    order = order[:limit]
    names = _names(store, order)
    latest = shared_latest(conn, body_id, order, scope)
    return [
        LinkedPerson(
            p, names[p][0], names[p][1], roles.get(p, []), role_articles.get(p, 0), shared.get(p, 0), latest.get(p, [])
        )
        for p in order
        if p in names
    ]


def _shared(store: SQLStore, body_id: str, ids: list[str] | None, limit: int, scope: ScopeSQL) -> dict[str, int]:
    """Persons named in the scope's articles of the body (those of `ids`, if given) with the number of shared
    articles."""
    params = {**scope.params, "body": body_id, "ids": json.dumps(ids) if ids is not None else None, "limit": limit}
    sql = _SHARED.replace("{period}", in_period(scope, "me")).replace("{where}", scope.where)
    return {str(p): int(n) for p, n in store.conn.execute(sql, params)}


def _names(store: SQLStore, ids: list[str]) -> dict[str, tuple[str, bool]]:
    """The name and whether it is a name (not only a role) of each person of `ids`."""
    if not ids:
        return {}
    rows = store.conn.execute(
        "SELECT id, name, named FROM entities WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
    )
    return {str(i): (str(name), bool(named)) for i, name, named in rows}
