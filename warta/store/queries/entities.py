"""Entities: listed by type and name, one entity in full, its timeline and the entities it appears with."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warta.errors import InputError
from warta.kb.roles import role_parts
from warta.store.queries._common import (
    MAX_LIMIT,
    NAME_RANK,
    Page,
    Scope,
    decode_cursor,
    in_period,
    limit_of,
    name_key,
    name_match,
    name_params,
    page_of,
    require_entity,
    scope_sql,
)
from warta.store.queries.evidence import EvidenceArticle, shared_latest
from warta.store.queries.holders import OfficeHolder, office_holders
from warta.store.queries.tone import ToneCounts, check_tone, tone_split
from warta.types import TYPE_NAMES

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

# Counts come from entity_stats (kept by triggers, migration 0004).
_COLUMNS = """
e.id, e.name, e.type, e.named, CASE WHEN s.article_count > 0 AND s.mentioned_articles = 0 THEN 1 ELSE 0 END, e.aliases,
ifnull(s.mention_count, 0), ifnull(s.article_count, 0)
"""
_FROM = " FROM entities e LEFT JOIN entity_stats s ON s.entity_id = e.id"

# An entity with at least one article of tone :tone toward it (index article_entities_tone).
_HAS_TONE = "EXISTS (SELECT 1 FROM article_entities t WHERE t.entity_id = e.id AND t.tone_label = :tone)"


@dataclass(frozen=True)
class EntityItem:
    """An entity with its counts over all stored articles."""

    id: str
    name: str
    type: str
    named: bool
    inferred: bool
    aliases: list[str]
    mention_count: int
    article_count: int


@dataclass(frozen=True)
class RolePeriod:
    """A role an entity held according to the stored articles: first and last article dates, how many
    articles give it, and the latest of them."""

    title: str
    of_name: str | None
    of_entity: str | None
    first_seen: str | None
    last_seen: str | None
    articles: int
    last_article_id: str

    @property
    def shown_title(self) -> str:
        """The title as shown before the body, without the words the body's name repeats (`role_parts`)."""
        return role_parts(self.title, self.of_name)[0]


@dataclass(frozen=True)
class EntityDetail(EntityItem):
    """One entity in full: its knowledge-base data, roles over time, first and last article dates, for a
    role-only person the named persons other articles give its office, and how many articles speak of it with
    each tone."""

    kb: dict[str, Any]
    roles: list[RolePeriod]
    holders: list[OfficeHolder]
    first_seen: str | None
    last_seen: str | None
    tone: ToneCounts


@dataclass(frozen=True)
class DayCount:
    """Mentions of an entity on one day, and in how many articles."""

    day: str
    mentions: int
    articles: int


@dataclass(frozen=True)
class CoMention:
    """An entity appearing in the same articles as another, with the number of articles they share and the
    newest of them (`evidence.LATEST`)."""

    id: str
    name: str
    type: str
    shared_articles: int
    latest: list[EvidenceArticle] = field(default_factory=list)


def _item(row: tuple[Any, ...]) -> EntityItem:
    entity_id, name, type_, named, inferred, aliases, mentions, articles = row
    return EntityItem(entity_id, name, type_, bool(named), bool(inferred), json.loads(aliases), mentions, articles)


def list_entities(
    store: SQLStore,
    type: str | None = None,
    q: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
    tone: str | None = None,
) -> Page[EntityItem]:
    """Entities by mention count, optionally of one type; with `q`, those whose name or an alias contains it
    (`NAME_MATCH`: case and accents ignored): the name itself first, then name prefixes, aliases, other
    substrings; with `tone`, those that at least one article speaks of with that tone."""
    limit = limit_of(limit)
    if type is not None and type not in TYPE_NAMES:
        raise InputError(f"type {type!r}: not an entity type; use one of {', '.join(TYPE_NAMES)}")
    key = name_key(q or "")
    if key:
        return _matching(store, type, key, limit, cursor, check_tone(tone))
    params: dict[str, Any] = {"type": type, "limit": limit + 1, "tone": check_tone(tone)}
    where = "(:type IS NULL OR e.type = :type)" + (f" AND {_HAS_TONE}" if tone else "")
    if cursor:
        params["c_count"], params["c_id"] = decode_cursor(cursor, (int, str))
        where += " AND (s.mention_count, s.entity_id) < (:c_count, :c_id)"
    sql = (
        f"SELECT {_COLUMNS} FROM entity_stats s JOIN entities e ON e.id = s.entity_id WHERE {where} "
        "ORDER BY s.mention_count DESC, s.entity_id DESC LIMIT :limit"
    )  # index entity_stats_mentions, read backwards
    rows = [_item(row) for row in store.conn.execute(sql, params)]
    return page_of(rows, limit, lambda last: [last.mention_count, last.id])


def _matching(
    store: SQLStore, type: str | None, key: str, limit: int, cursor: str | None, tone: str | None
) -> Page[EntityItem]:
    """Entities whose name or an alias contains the folded `key`, best match first, then by mention count."""
    dialect = store.conn.dialect
    params: dict[str, Any] = {"type": type, "limit": limit + 1, "tone": tone, **name_params(dialect, key)}
    where = f"(:type IS NULL OR e.type = :type) AND {name_match(dialect, key)}" + (f" AND {_HAS_TONE}" if tone else "")
    if cursor:
        c_rank, c_count, c_id = decode_cursor(cursor, (int, int, str))
        where += f" AND ({NAME_RANK}, -ifnull(s.mention_count, 0), e.id) > (:c_rank, :c_count, :c_id)"
        params |= {"c_rank": c_rank, "c_count": -c_count, "c_id": c_id}
    order = "ORDER BY 1, ifnull(s.mention_count, 0) DESC, e.id LIMIT :limit"
    sql = f"SELECT {NAME_RANK}, {_COLUMNS}{_FROM} WHERE {where} {order}"
    ranked = [(row[0], _item(row[1:])) for row in store.conn.execute(sql, params)]
    page = page_of(ranked, limit, lambda last: [last[0], last[1].mention_count, last[1].id])
    return Page([item for _, item in page.items], page.next_cursor)


def check_entity(store: SQLStore, entity_id: str) -> None:
    """NotFoundError unless the entity is stored."""
    require_entity(store.conn, entity_id)


def entity_detail(store: SQLStore, entity_id: str) -> EntityDetail:
    """One entity in full; NotFoundError if it is not stored."""
    require_entity(store.conn, entity_id)
    row = store.conn.execute(f"SELECT {_COLUMNS}{_FROM} WHERE e.id = ?", (entity_id,)).fetchone()
    item = _item(row)
    kb = json.loads(store.conn.execute("SELECT kb FROM entities WHERE id = ?", (entity_id,)).fetchone()[0])
    first, last = store.conn.execute(  # the ends of its dated links (index article_entities_entity_dated)
        "SELECT substr((SELECT MIN(published) FROM article_entities WHERE entity_id = :id), 1, 10), "
        "substr((SELECT MAX(published) FROM article_entities WHERE entity_id = :id), 1, 10)",
        {"id": entity_id},
    ).fetchone()
    holders = office_holders(store, entity_id) if item.type == "person" and not item.named else []
    return EntityDetail(**vars(item), kb=kb, roles=role_periods(store, entity_id), holders=holders,
                        first_seen=first, last_seen=last, tone=tone_split(store, entity_id))  # fmt: skip


# An entity's roles by title and body, each with its articles, first and last day, newest stamp, and the newest
# article of that stamp (index person_roles_entity): a famous person has 15,000 role rows, read into Python
# before (45 ms); the titles of one office are merged in Python (`role_periods`).
_ROLE_GROUPS = """
SELECT g.title, g.of_name, g.of_entity, g.articles, g.first_day, g.last_day, g.newest,
       (SELECT MAX(p.article_id) FROM person_roles p
        WHERE p.entity_id = :entity AND (g.newest = '' OR p.published = g.newest) AND p.title = g.title
          AND (p.of_name = g.of_name OR (p.of_name IS NULL AND g.of_name IS NULL))
          AND (p.of_entity = g.of_entity OR (p.of_entity IS NULL AND g.of_entity IS NULL)))
FROM (
    SELECT title, of_name, of_entity, COUNT(DISTINCT article_id) AS articles,
           MIN(substr(NULLIF(published, ''), 1, 10)) AS first_day,
           MAX(substr(NULLIF(published, ''), 1, 10)) AS last_day, MAX(ifnull(published, '')) AS newest
    FROM person_roles WHERE entity_id = :entity GROUP BY title, of_name, of_entity
) g
"""
_OFFICE_ARTICLES = """
SELECT COUNT(DISTINCT article_id) FROM person_roles
WHERE entity_id = :entity AND title IN (SELECT value FROM json_each(:titles))
  AND (of_name = :of_name OR (of_name IS NULL AND :of_name IS NULL))
  AND (of_entity = :of_entity OR (of_entity IS NULL AND :of_entity IS NULL))
"""
_Group = tuple[str, int, str | None, str | None, str, str]  # title, articles, first day, last day, newest, its article


def role_periods(store: SQLStore, entity_id: str) -> list[RolePeriod]:
    """The roles an entity held according to the stored articles, earliest first: one per office, so that the
    titles that name it with the body's words or without them ("Kepala Dinas" or "Kepala" of "Dinas Kesehatan
    …", `role_parts`) are one role, under the title most articles give."""
    offices: dict[tuple[str, str | None, str | None], list[_Group]] = {}
    for title, of_name, of_entity, n, first, last, newest, article in store.conn.execute(
        _ROLE_GROUPS, {"entity": entity_id}
    ):
        key = (role_parts(title, of_name)[0], of_name, of_entity)
        offices.setdefault(key, []).append((title, int(n), first, last, newest, article))
    periods = [_period(store, entity_id, key, groups) for key, groups in offices.items()]
    return sorted(periods, key=lambda p: (p.first_seen or "", p.title))


def _period(
    store: SQLStore, entity_id: str, key: tuple[str, str | None, str | None], groups: list[_Group]
) -> RolePeriod:
    """One office's role from its titles' groups: the title most of its articles give (ties: the longer, then
    the first by order), and the articles of all its titles (counted again when it has several: an article can
    give two)."""
    counts = {title: n for title, n, *_ in groups}
    title = max(sorted(counts), key=lambda t: (counts[t], len(t)))
    firsts = [first for _, _, first, _, _, _ in groups if first]
    lasts = [last for _, _, _, last, _, _ in groups if last]
    latest = max((newest, article) for _, _, _, _, newest, article in groups)
    articles = groups[0][1]
    if len(groups) > 1:
        params = {"entity": entity_id, "titles": json.dumps(sorted(counts)), "of_name": key[1], "of_entity": key[2]}
        articles = int(store.conn.execute(_OFFICE_ARTICLES, params).fetchone()[0])
    return RolePeriod(title, key[1], key[2], min(firsts, default=None), max(lasts, default=None), articles,
                      latest[1])  # fmt: skip


def timeline(store: SQLStore, entity_id: str, since: str | None = None, until: str | None = None) -> list[DayCount]:
    """Mentions of an entity per day (the article's date), oldest first; undated articles are left out."""
    require_entity(store.conn, entity_id)
    scope = scope_sql(store.conn, Scope(since, until))
    sql = f"""
        SELECT substr(a.published, 1, 10) AS day,
               SUM((SELECT COUNT(*) FROM mentions m WHERE m.entity_id = ae.entity_id AND m.article_id = a.id)),
               COUNT(*)
        FROM article_entities ae JOIN articles a ON a.id = ae.article_id
        WHERE ae.entity_id = :entity AND ae.published IS NOT NULL{scope.links("ae")} AND a.published IS NOT NULL
          AND {scope.where}
        GROUP BY day ORDER BY day
    """
    rows = store.conn.execute(sql, {**scope.params, "entity": entity_id})
    return [DayCount(day, int(mentions), int(articles)) for day, mentions, articles in rows]


@dataclass(frozen=True)
class EntityRef:
    """An entity as a filter or a form names it: its id, name and type."""

    id: str
    name: str
    type: str


def find_entity(store: SQLStore, text: str, type_name: str | None = None) -> EntityRef | None:
    """The entity `text` names: the one with that id, else the best match of the name (`list_entities`'s `q`:
    the name itself first, then prefixes, aliases, parts), of `type_name` when given; None for none."""
    text = text.strip()
    if not text:
        return None
    row = store.conn.execute("SELECT id, name, type FROM entities WHERE id = ?", (text,)).fetchone()
    if row is not None:
        return EntityRef(str(row[0]), str(row[1]), str(row[2]))
    found = list_entities(store, type=type_name, q=text, limit=1).items
    return EntityRef(found[0].id, found[0].name, found[0].type) if found else None


def co_mentions(
    store: SQLStore, entity_id: str, limit: int = 20, since: str | None = None, until: str | None = None
) -> list[CoMention]:
    """The entities mentioned in the most articles together with this one (inferred links left out), over the
    articles of the period from `since` to `until` (ISO days, inclusive; open ends keep every article)."""
    require_entity(store.conn, entity_id)
    scope = scope_sql(store.conn, Scope(since, until))
    rows = store.conn.execute(
        f"""
        SELECT e.id, e.name, e.type, top.shared FROM (
            SELECT o.entity_id AS id, COUNT(*) AS shared
            FROM article_entities me JOIN article_entities o ON o.article_id = me.article_id
            {in_period(scope, "me")}
            WHERE me.entity_id = :entity{scope.links("me")} AND o.entity_id <> :entity AND o.inferred = 0
              AND {scope.where}
            GROUP BY o.entity_id ORDER BY shared DESC, o.entity_id LIMIT :limit
        ) top JOIN entities e ON e.id = top.id
        ORDER BY top.shared DESC, e.id
        """,
        {**scope.params, "entity": entity_id, "limit": min(max(limit, 1), MAX_LIMIT)},
    )
    found = [CoMention(*row) for row in rows]
    latest = shared_latest(store.conn, entity_id, [c.id for c in found], scope)
    return [CoMention(c.id, c.name, c.type, c.shared_articles, latest.get(c.id, [])) for c in found]
