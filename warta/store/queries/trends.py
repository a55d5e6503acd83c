"""Trends: the most-mentioned entities and most-quoted speakers of a period, against the period before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from warta.errors import InputError
from warta.store.connection import Connection
from warta.store.queries._common import (
    MAX_LIMIT,
    Scope,
    iso_day,
    json_list,
    newest_day,
    scope_code,
    scope_sql,
    shift,
    span_days,
)

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Period:
    """A period (both ends included) and the period of equal length just before it."""

    since: str
    until: str
    previous_since: str
    previous_until: str


@dataclass(frozen=True)
class TrendItem:
    """An entity's count in the period (mentions, or quotes for speakers), before it, and the change."""

    id: str
    name: str
    type: str
    count: int
    previous: int
    change: int


@dataclass(frozen=True)
class Trends:
    """Most-mentioned entities and most-quoted speakers of a period, in a region or everywhere."""

    period: Period
    region: str | None
    entities: list[TrendItem]
    speakers: list[TrendItem]


# The articles of both periods; `cur` is 1 for the period asked for, 0 for the one before it.
_SELECTED = """
WITH sel AS MATERIALIZED (SELECT a.id AS id, CASE WHEN ifnull(a.published, '') >= :since THEN 1 ELSE 0 END AS cur
                          FROM articles a WHERE {where})
"""

_ENTITIES = """
SELECT e.id, e.name, e.type, c.cur, c.prev FROM (
    SELECT m.entity_id AS id, SUM(sel.cur) AS cur, SUM(1 - sel.cur) AS prev
    FROM sel JOIN mentions m ON m.article_id = sel.id GROUP BY m.entity_id
) c JOIN entities e ON e.id = c.id
WHERE c.cur > 0 AND (:types IS NULL OR e.type IN (SELECT value FROM json_each(:types)))
  AND e.id NOT IN (SELECT value FROM json_each(:exclude))
ORDER BY c.cur DESC, c.cur - c.prev DESC, e.id LIMIT :limit
"""

_SPEAKERS = """
SELECT e.id, e.name, e.type, c.cur, c.prev FROM (
    SELECT q.speaker_id AS id, SUM(sel.cur) AS cur, SUM(1 - sel.cur) AS prev
    FROM sel JOIN quotes q ON q.article_id = sel.id WHERE q.speaker_id IS NOT NULL GROUP BY q.speaker_id
) c JOIN entities e ON e.id = c.id
WHERE c.cur > 0
ORDER BY c.cur DESC, c.cur - c.prev DESC, e.id LIMIT :limit
"""


def period_of(
    conn: Connection, since: str | None, until: str | None, code: str | None, days: int = DEFAULT_DAYS
) -> Period:
    """The period asked for; an open end is filled in: `until` with the newest article's date (in the region,
    if one is given; today in an empty store), `since` with `days` days before `until`."""
    if not 1 <= days <= 3660:
        raise InputError(f"days {days}: use a number from 1 to 3660")
    end = iso_day("until", until) or newest_day(conn, code) or date.today().isoformat()
    start = iso_day("since", since) or shift(end, 1 - days)
    if start > end:
        raise InputError(f"since {start} is after until {end}")
    length = span_days(start, end)
    return Period(start, end, shift(start, -length), shift(start, -1))


def trends(
    store: SQLStore,
    since: str | None = None,
    until: str | None = None,
    region: str | None = None,
    limit: int = 20,
    types: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    days: int = DEFAULT_DAYS,
    speakers: bool = True,
) -> Trends:
    """Most-mentioned entities (of `types`, if given; not those in `exclude`) and most-quoted speakers of the
    period (none unless `speakers`: a page that shows only the entities), with their counts in the previous
    period of equal length."""
    conn = store.conn
    code = scope_code(conn, region)
    period = period_of(conn, since, until, code, days)
    scope = scope_sql(conn, Scope(period.previous_since, period.until, code))
    sql = _SELECTED.replace("{where}", scope.where)
    params: dict[str, Any] = {**scope.params, "since": period.since, "limit": min(max(limit, 1), MAX_LIMIT)}
    params |= {"types": json_list(types), "exclude": json_list(exclude) or "[]"}
    entities = [_trend(row) for row in conn.execute(sql + _ENTITIES, params)]
    quoted = [_trend(row) for row in conn.execute(sql + _SPEAKERS, params)] if speakers else []
    return Trends(period, code, entities, quoted)


def _trend(row: tuple[Any, ...]) -> TrendItem:
    entity_id, name, type_, cur, prev = row
    return TrendItem(entity_id, name, type_, int(cur), int(prev), int(cur) - int(prev))
