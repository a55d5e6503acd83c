"""Region dashboards: a region's officials, what they said in its latest week, the bodies and places in its news,
its trending entities and latest articles; and the regions the store has news of."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from warta.errors import InputError, NotFoundError
from warta.kb import regions as kbregions
from warta.kb.roles import role_text
from warta.kb.units import VERTICAL_KINDS
from warta.store.connection import Connection
from warta.store.graph import CODE_MATCH, LAST_CHAR, REGION_LINKS, region_ids
from warta.store.queries._common import Scope, iso_day, json_list, newest_day, scope_sql, shift
from warta.store.queries.articles import ArticleFilter, ArticleItem, list_articles
from warta.store.queries.holders import role_holders
from warta.store.queries.quotes import QuoteFilter, QuoteItem, list_quotes
from warta.store.queries.trends import TrendItem, trends
from warta.types import ORG_TYPES, PLACE_TYPES, REGION_TYPES

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

WEEK_DAYS = 7
MAX_OFFICIALS = 60


@dataclass(frozen=True)
class RegionItem:
    """A region the store has news of: its code, its stored entity, and how many articles link to it."""

    code: str
    name: str
    type: str
    entity_id: str
    articles: int


@dataclass(frozen=True)
class Official:
    """A person holding a role of a body or region inside the region; for a role-only person ("Bupati
    Mojokerto"), the named holder other articles give, if one is inferred."""

    id: str
    name: str
    named: bool
    roles: list[str]
    last_seen: str | None
    holder_id: str | None = None
    holder_name: str | None = None


@dataclass(frozen=True)
class EntityCount:
    """An entity and the number of the region's articles it is mentioned in."""

    id: str
    name: str
    type: str
    articles: int
    group: str = "place"  # a body's `BODY_GROUPS` group; "place" for places


@dataclass(frozen=True)
class RegionDashboard:
    """Everything the region page shows. The statements are those of the seven days from `week_since` to
    `as_of`: by default the last day one of its officials was quoted, so that older news still shows a week.
    The bodies and places in its news are counted over the same days. The bodies are apart by `BODY_GROUPS`:
    `bodies` its own (its Pemkab/Pemkot, sekretariat, dinas, badan, DPRD, RSUD, kecamatan: the regional
    government and its OPD), `vertical` the offices of national bodies there (Polres, Kodim, Kejari, KPU, …),
    `national` the national ones (ministries, agencies, and parties and companies of the knowledge base),
    `elsewhere` other regions' offices, `other_bodies` the rest (organizations and companies of no region)."""

    code: str
    name: str
    type: str
    entity_id: str | None
    article_count: int
    as_of: str | None
    week_since: str | None
    officials: list[Official]
    statements: list[QuoteItem]
    bodies: list[EntityCount]
    places: list[EntityCount]
    trending: list[TrendItem]
    latest: list[ArticleItem]
    national: list[EntityCount] = field(default_factory=list)
    vertical: list[EntityCount] = field(default_factory=list)
    elsewhere: list[EntityCount] = field(default_factory=list)
    other_bodies: list[EntityCount] = field(default_factory=list)


def regions(store: SQLStore, limit: int = 60) -> list[RegionItem]:
    """Provinces and kabupaten/kota the stored articles mention or imply, most articles first."""
    rows = store.conn.execute(
        """
        SELECT json_extract(e.kb, '$.region_code') AS code, e.name, e.type, e.id, s.article_count
        FROM entities e JOIN entity_stats s ON s.entity_id = e.id
        WHERE e.type IN ('province', 'city') AND s.article_count > 0 AND json_extract(e.kb, '$.region_code') IS NOT NULL
        ORDER BY e.type = 'city', s.article_count DESC, e.name LIMIT ?
        """,
        (limit,),
    )
    return [RegionItem(*row) for row in rows]


def region_dashboard(
    store: SQLStore, code: str, as_of: str | None = None, since: str | None = None, until: str | None = None
) -> RegionDashboard:
    """The dashboard of a region by Kemendagri code; InputError for a malformed code or date, NotFoundError for
    an unknown code. The week of statements ends on `as_of`, by default the last day one of its officials was
    quoted (else the date of its newest article); the bodies and places in its news are counted over the same
    week (over all its articles they would cost in proportion to its archive: 0.5 s for a busy kota of a store of
    650,000 articles). A period (`since` and `until`, ISO dates, both included; the web pages' period) replaces
    that week for the statements and the bodies and places, and bounds the trending entities and the latest
    articles too."""
    code = code.strip()
    if not kbregions.CODE.fullmatch(code):
        raise InputError(f"region {code!r}: not a Kemendagri code (such as 35.16)")
    region = kbregions.get(code)
    if region is None:
        raise NotFoundError(f"no region with code {code!r}")
    conn = store.conn
    officials = _officials(store, code)
    speakers = _speakers(officials)
    bounded = since is not None and until is not None
    end = until if bounded else iso_day("as_of", as_of) or _last_quoted(conn, speakers) or newest_day(conn, code)
    week_since = since if bounded else shift(end, 1 - WEEK_DAYS) if end else None
    own = _region_entities(conn, code)
    found = _in_news(conn, code, own, week_since, end)
    return RegionDashboard(
        code=code,
        name=region.name,
        type=region.type,
        entity_id=own[0] if own else None,
        article_count=_article_count(conn, code),
        as_of=end,
        week_since=week_since,
        officials=officials,
        statements=_statements(store, speakers, week_since, end),
        bodies=found["own"],
        places=found["place"],
        trending=trends(store, since, until, region=code, limit=15, exclude=tuple(own), speakers=False).entities,
        latest=list_articles(store, ArticleFilter(since=since, until=until, region=code), limit=10).items,
        national=found["national"],
        vertical=found["vertical"],
        elsewhere=found["elsewhere"],
        other_bodies=found["other"],
    )


def _speakers(officials: list[Official]) -> tuple[str, ...]:
    """The officials' ids and the ids of the named holders inferred for role-only ones."""
    ids = [o.id for o in officials] + [o.holder_id for o in officials if o.holder_id]
    return tuple(dict.fromkeys(ids))


def _last_quoted(conn: Connection, speakers: tuple[str, ...]) -> str | None:
    """The newest date on which one of the speakers was quoted."""
    row = conn.execute(
        "SELECT MAX(substr(a.published, 1, 10)) FROM quotes q JOIN articles a ON a.id = q.article_id "
        "WHERE q.speaker_id IN (SELECT value FROM json_each(?))",
        (json_list(speakers) or "[]",),
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def _region_entities(conn: Connection, code: str) -> list[str]:
    """The stored entities of the region itself, most mentioned first."""
    rows = conn.execute(
        "SELECT e.id FROM entities e LEFT JOIN entity_stats s ON s.entity_id = e.id "
        "WHERE json_extract(e.kb, '$.region_code') = ? AND e.type IN (SELECT value FROM json_each(?)) "
        "ORDER BY ifnull(s.article_count, 0) DESC, e.id",
        (code, json_list(REGION_TYPES)),
    )
    return [str(row[0]) for row in rows]


def _article_count(conn: Connection, code: str) -> int:
    """How many articles the region has: those linked to its entities (every stored article counts,
    `EVERY_ARTICLE`), counted from the links alone."""
    sql = f"SELECT COUNT(DISTINCT article_id) FROM ({REGION_LINKS}) linked"
    return int(conn.execute(sql, {"region_ids": region_ids(conn, code)}).fetchone()[0])


def _officials(store: SQLStore, code: str) -> list[Official]:
    """Persons with a role of a body or region at or inside `code`, most recently seen first."""
    # From the region's bodies (CROSS JOIN keeps SQLite from starting at every person) through the covering
    # index person_roles_of_holder (migration 0013), grouped before the persons are read.
    rows = store.conn.execute(
        f"""
        SELECT g.entity_id, e.name, e.named, g.title, g.of_name, g.last FROM (
            SELECT pr.entity_id, pr.title, pr.of_name, MAX(pr.published) AS last
            FROM entities b CROSS JOIN person_roles pr ON pr.of_entity = b.id
            WHERE {CODE_MATCH.format(alias="b")}
            GROUP BY pr.entity_id, pr.title, pr.of_name
        ) g JOIN entities e ON e.id = g.entity_id
        WHERE e.type = 'person'
        ORDER BY g.last IS NULL, g.last DESC, g.entity_id, g.title, g.of_name
        """,
        {"code": code, "last": LAST_CHAR},
    )
    people: dict[str, dict[str, Any]] = {}
    for entity_id, name, named, title, of_name, last in rows:
        person = people.setdefault(entity_id, {"name": name, "named": bool(named), "roles": [], "last": last})
        role = role_text(title, of_name)
        if role not in person["roles"]:
            person["roles"].append(role)
    return [_official(store, entity_id, p) for entity_id, p in list(people.items())[:MAX_OFFICIALS]]


def _official(store: SQLStore, entity_id: str, person: dict[str, Any]) -> Official:
    """An official; for a role-only one, the named holder inferred for its latest article that has one
    (`role_holders`)."""
    last = person["last"][:10] if person["last"] else None
    if person["named"] or last is None:
        return Official(entity_id, person["name"], person["named"], person["roles"], last)
    holders = role_holders(store, entity_id)
    holder = holders[-1] if holders else None
    return Official(entity_id, person["name"], False, person["roles"], last,
                    holder.person_id if holder else None, holder.person_name if holder else None)  # fmt: skip


def _statements(store: SQLStore, speakers: tuple[str, ...], since: str | None, until: str | None) -> list[QuoteItem]:
    """What the speakers said in the week (newest first)."""
    if not speakers or since is None:
        return []
    return list_quotes(store, QuoteFilter(since=since, until=until, speakers=speakers), limit=50).items


_BODY_TYPES = ", ".join(repr(t) for t in sorted(ORG_TYPES))
BODY_GROUPS = ("own", "vertical", "national", "elsewhere", "other")
_VERTICAL = ", ".join(repr(k) for k in sorted(VERTICAL_KINDS))
# A mentioned entity's group: a place, or a body of the region (its code at or inside :code): its government
# and OPD, or a national body's office there (instansi vertikal: an agency, a knowledge-base body, a unit of
# `VERTICAL_KINDS`); a body of another region, a national one (a ministry or agency, or a knowledge-base body
# such as a party or state company), or another. A national body is listed under its current name
# (`kb.current_name`), whatever name the store keeps.
_GROUP = f"""
CASE WHEN e.type NOT IN ({_BODY_TYPES}) THEN 'place'
     WHEN {CODE_MATCH.format(alias="e")} THEN
          CASE WHEN e.type = 'agency' OR json_extract(e.kb, '$.key') IS NOT NULL
                    OR json_extract(e.kb, '$.unit_kind') IN ({_VERTICAL}) THEN 'vertical' ELSE 'own' END
     WHEN json_extract(e.kb, '$.region_code') IS NOT NULL THEN 'elsewhere'
     WHEN e.type IN ('ministry', 'agency') OR json_extract(e.kb, '$.key') IS NOT NULL THEN 'national'
     ELSE 'other' END
"""
# CROSS JOIN: from the scope's articles (the period's, through articles_newest) to their entities, not from every
# body and place to all its articles (issue 19: 0.7 s a region page at 65,000 articles before).
_IN_NEWS = f"""
SELECT id, name, type, n, grp FROM (
    SELECT e.id AS id, coalesce(json_extract(e.kb, '$.current_name'), e.name) AS name, e.type AS type,
           COUNT(*) AS n, {_GROUP} AS grp,
           ROW_NUMBER() OVER (PARTITION BY {_GROUP} ORDER BY COUNT(*) DESC, e.name) AS rank
    FROM articles a CROSS JOIN article_entities ae ON ae.article_id = a.id CROSS JOIN entities e ON e.id = ae.entity_id
    WHERE {{where}} AND ae.inferred = 0 AND e.type IN (SELECT value FROM json_each(:types))
      AND e.id NOT IN (SELECT value FROM json_each(:own))
    GROUP BY e.id
) ranked WHERE rank <= :limit ORDER BY n DESC, name
"""


def _in_news(
    conn: Connection, code: str, own: list[str], since: str | None = None, until: str | None = None, limit: int = 15
) -> dict[str, list[EntityCount]]:
    """The bodies (by `BODY_GROUPS` group) and the places (other than the region itself, group "place")
    mentioned in the region's articles of the period (all when None), by number of articles, in one pass."""
    scope = scope_sql(conn, Scope(since, until, region=code))
    params = {**scope.params, "types": json_list(ORG_TYPES | PLACE_TYPES), "own": json_list(own) or "[]"}
    params |= {"limit": limit, "code": code, "last": LAST_CHAR}
    found: dict[str, list[EntityCount]] = {group: [] for group in (*BODY_GROUPS, "place")}
    for row in conn.execute(_IN_NEWS.replace("{where}", scope.where), params):
        found[row[4]].append(EntityCount(*row))
    return found
