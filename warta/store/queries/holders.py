"""Who held a role-only person's office ("Bupati Mojokerto"), inferred from other articles: the one rule of the
command line (`warta entity holders`), the linking evaluation, the entity page and the region dashboard.

A role-only person's article is given a holder when exactly one named person is given the same role (the same
title, and the same body entity, or, when the body entity is unknown, the same body name) by stored articles
dated within HOLDER_WINDOW_DAYS of it. The holders of the office (`office_holders`) are the persons so inferred
for any of its articles.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from warta.store.connection import Connection
from warta.store.queries._common import json_list

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

HOLDER_WINDOW_DAYS = 183  # a role holder named within this many days of a role-only mention is its holder


@dataclass(frozen=True)
class Holder:
    """The named person inferred to hold a role-only person's office in one of its articles, with the articles
    that give that person the role within the window (the evidence) and their first and last dates."""

    article_id: str
    person_id: str
    person_name: str
    evidence: tuple[str, ...]
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class OfficeHolder:
    """A named person other articles give the office of a role-only person ("Bupati Mojokerto"), when."""

    id: str
    name: str
    first_seen: str | None
    last_seen: str | None
    articles: int


# The role rows of named persons with one of the entity's roles: same title, and same body entity or, when the
# entity's role has none, same body name.
_GIVEN = """
SELECT DISTINCT pr.published, pr.article_id, pr.entity_id, e.name
FROM (SELECT DISTINCT title, of_entity, of_name FROM person_roles WHERE entity_id = :entity) mine
JOIN person_roles pr ON pr.title = mine.title
     AND (pr.of_entity = mine.of_entity OR (mine.of_entity IS NULL AND pr.of_name = mine.of_name))
JOIN entities e ON e.id = pr.entity_id
WHERE e.named = 1 AND pr.entity_id <> :entity AND pr.published IS NOT NULL
ORDER BY pr.published, pr.article_id
"""

_ARTICLES = """
SELECT a.id, a.published FROM article_entities ae JOIN articles a ON a.id = ae.article_id
WHERE ae.entity_id = :entity AND a.published IS NOT NULL
ORDER BY a.published, a.id
"""


def role_holders(store: SQLStore, entity_id: str) -> list[Holder]:
    """For a role-only person, per dated article (oldest first): the one named person other articles of the
    period give its role. Named persons, ambiguous periods and undated articles give nothing."""
    conn = store.conn
    named = conn.execute("SELECT named FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if named is None or named[0]:
        return []
    given = [(str(d)[:10], str(a), str(p), str(n)) for d, a, p, n in conn.execute(_GIVEN, {"entity": entity_id})]
    if not given:
        return []
    days = [row[0] for row in given]
    out = []
    for article_id, published in _articles(conn, entity_id):
        day = _day(published)
        if day is None:
            continue
        low = (day - timedelta(days=HOLDER_WINDOW_DAYS)).isoformat()
        high = (day + timedelta(days=HOLDER_WINDOW_DAYS)).isoformat()
        rows = given[bisect_left(days, low) : bisect_right(days, high)]
        if len({person for _, _, person, _ in rows}) == 1:
            _, _, person, name = rows[0]
            evidence = tuple(dict.fromkeys(a for _, a, _, _ in rows))
            out.append(Holder(article_id, person, name, evidence, rows[0][0], rows[-1][0]))
    return out


def office_holders(store: SQLStore, entity_id: str) -> list[OfficeHolder]:
    """The persons `role_holders` infers for any article of a role-only person, the earliest first: the dates
    and number of the articles that give them the role."""
    people: dict[str, tuple[str, list[str], set[str]]] = {}
    for h in role_holders(store, entity_id):
        _, seen, evidence = people.setdefault(h.person_id, (h.person_name, [], set()))
        seen += [h.first_seen, h.last_seen]
        evidence.update(h.evidence)
    held = [OfficeHolder(p, name, min(seen), max(seen), len(ev)) for p, (name, seen, ev) in people.items()]
    return sorted(held, key=lambda o: (o.first_seen or "", o.id))


def holders_by_article(store: SQLStore, entity_ids: Iterable[str]) -> dict[str, dict[str, Holder]]:
    """The role-only persons among `entity_ids` (quoted speakers, an article's tokoh), each with the holder
    `role_holders` infers per article id: an empty mapping when no article of it has one (the name of the
    official is not known). Named persons and other entities are left out."""
    ids = json_list(tuple(dict.fromkeys(i for i in entity_ids if i)))
    if ids is None:
        return {}
    rows = store.conn.execute(
        "SELECT id FROM entities WHERE id IN (SELECT value FROM json_each(?)) AND type = 'person' AND named = 0",
        (ids,),
    )
    role_only = sorted(str(row[0]) for row in rows)
    return {entity_id: {h.article_id: h for h in role_holders(store, entity_id)} for entity_id in role_only}


def _articles(conn: Connection, entity_id: str) -> list[tuple[str, str]]:
    return [(str(a), str(p)) for a, p in conn.execute(_ARTICLES, {"entity": entity_id})]


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None
