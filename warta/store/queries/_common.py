"""What every query shares: pages and cursors, dates, and the article scope (period and region) as SQL.

SQL here is fixed text; values always travel as bound parameters. The scope's WHERE clause is assembled from
fixed fragments only, over an `articles` table aliased `a`.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Generic, Protocol, TypeVar

from warta.errors import InputError, NotFoundError
from warta.ids import normalize_key
from warta.store.connection import Connection, Dialect
from warta.store.graph import EVERY_ARTICLE, EXISTS_REGION, IN_REGION, LAST_CHAR, region_code, region_ids
from warta.store.names import SEPARATOR
from warta.types import CATEGORIES

T = TypeVar("T")

MAX_LIMIT = 200

# The newest-first sort key of an article (index articles_newest); undated articles sort last.
ARTICLE_KEY = "ifnull(a.published, '')"

# The one rule for matching an entity by name (the entity list's `q`, search, `warta quotes --speaker`): the
# folded name (`warta.ids.normalize_key`: lower case, accents dropped, spaces collapsed) or a folded alias of
# entity `e` contains :name, the folded query (`name_key`). A plain substring test: no wildcard characters.
# The folded name and aliases are stored with the entity, joined by a separator folding never outputs
# (`e.name_keys`, `warta.store.names`), so the test is native: one `instr` per entity, no function call.
NAME_MATCH = "instr(e.name_keys, :name) > 0"

# How well entity `e` matches :name: 0 the name itself, 1 a name prefix, 2 an alias or an alias prefix, 3 a
# substring of the name or of an alias. The name is the first key; every alias follows a separator.
NAME_RANK = f"""
CASE WHEN instr(e.name_keys || '{SEPARATOR}', :name || '{SEPARATOR}') = 1 THEN 0
     WHEN instr(e.name_keys, :name) = 1 THEN 1
     WHEN instr(e.name_keys, '{SEPARATOR}' || :name) > 0 THEN 2
     ELSE 3 END
"""


# The entities whose keys may contain the folded query, through the trigram index of the keys (migration 0017):
# an FTS5 phrase of the query's trigrams (SQLite), a `LIKE '%…%'` that pg_trgm's index serves (PostgreSQL).
_NAME_INDEXED: dict[Dialect, str] = {
    "sqlite": "e.id IN (SELECT r.entity_id FROM entity_keys_fts JOIN entity_keys_rows r "
    "ON r.rowid = entity_keys_fts.rowid WHERE entity_keys_fts MATCH :name_index)",
    "postgresql": "e.name_keys LIKE :name_index ESCAPE '\\'",
}
TRIGRAM = 3  # a trigram index finds the keys holding a query this long or longer; a shorter one scans every entity


def name_key(text: str) -> str:
    """The :name parameter of NAME_MATCH and NAME_RANK for a query."""
    return normalize_key(text)


def name_match(dialect: Dialect, key: str) -> str:
    """NAME_MATCH for the folded query `key`, narrowed to the entities the trigram index finds when the key is
    long enough for it; bind `name_params(dialect, key)`."""
    indexed = len(key) >= TRIGRAM and "\x00" not in key  # FTS5 reads a query string up to a NUL character
    return f"{_NAME_INDEXED[dialect]} AND {NAME_MATCH}" if indexed else NAME_MATCH


def name_params(dialect: Dialect, key: str) -> dict[str, str]:
    """The parameters of `name_match` (and NAME_RANK) for the folded query `key`."""
    if dialect == "sqlite":
        return {"name": key, "name_index": '"' + key.replace('"', '""') + '"'}
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return {"name": key, "name_index": f"%{escaped}%"}


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a newest-first list; `next_cursor` fetches the next page, None on the last one."""

    items: list[T]
    next_cursor: str | None


class Fetch(Protocol[T]):
    """A list query with its other arguments bound (`functools.partial(list_entities, store, "person")`)."""

    def __call__(self, *, limit: int, cursor: str | None) -> Page[T]:
        """One page."""
        ...


def collect(fetch: Fetch[T], limit: int) -> list[T]:
    """Up to `limit` items of a paged list (any number: pages of at most MAX_LIMIT, cursor after cursor)."""
    items: list[T] = []
    cursor: str | None = None
    while len(items) < limit:
        page = fetch(limit=min(MAX_LIMIT, limit - len(items)), cursor=cursor)
        items += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    return items


@dataclass(frozen=True)
class Scope:
    """Which articles a query reads: ISO dates (inclusive) and a region (Kemendagri code or region entity id)."""

    since: str | None = None
    until: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class ScopeSQL:
    """A scope as a WHERE clause over `articles a` and its parameters."""

    where: str
    params: dict[str, Any] = field(default_factory=dict)
    code: str | None = None

    def links(self, alias: str) -> str:
        """The scope's dates as a range of the link stamps of `alias` (`article_entities.published`, index
        article_entities_entity_dated), each clause after an AND ("" without dates): an entity's links to the
        articles those dates keep, read as one range of its links rather than all of them tested."""
        out = f" AND {alias}.published >= :since" if "since" in self.params else ""
        return out + (f" AND {alias}.published < :until_end" if "until_end" in self.params else "")


def limit_of(limit: int) -> int:
    """A page size within 1..MAX_LIMIT, or InputError."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit {limit}: use a number from 1 to {MAX_LIMIT}")
    return limit


def encode_cursor(values: list[Any]) -> str:
    """An opaque cursor: URL-safe base64 of the JSON list of sort-key values of the last item."""
    raw = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, types: tuple[type, ...]) -> list[Any]:
    """The values of a cursor made by `encode_cursor`, checked against `types`; InputError otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    ok = isinstance(values, list) and len(values) == len(types)
    if not ok or not all(type(v) is t for v, t in zip(values or [], types, strict=False)):
        raise InputError(f"cursor {cursor[:40]!r}: not a cursor from this list; start again without it")
    return list(values or [])


def page_of(rows: list[T], limit: int, key: Any) -> Page[T]:
    """A page from up to limit + 1 fetched rows: the extra row only tells that more follow."""
    items = rows[:limit]
    more = len(rows) > limit
    return Page(items, encode_cursor(key(items[-1])) if more and items else None)


def one_of(name: str, value: str | None, allowed: tuple[str, ...], note: str = "") -> str | None:
    """A filter with a fixed set of values: None (or blank), or one of `allowed`; InputError naming the
    parameter `name` and the values (after `note`, "not an entity type; ") otherwise."""
    if value is None or not value.strip():
        return None
    if value not in allowed:
        raise InputError(f"{name} {value[:40]!r}: {note}use one of {', '.join(allowed)}")
    return value


def check_category(category: str | None) -> str | None:
    """A category filter: None (or blank), or one of CATEGORIES (`warta.types`); InputError naming them otherwise."""
    return one_of("category", category, CATEGORIES)


def iso_day(name: str, value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) or None; InputError naming the parameter otherwise."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) != len("YYYY-MM-DD"):
            raise ValueError(text)
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputError(f"{name} {value!r}: not a date; use YYYY-MM-DD") from None


def shift(day: str, days: int) -> str:
    """An ISO date moved by `days`; InputError when that leaves the calendar (years 1 to 9999)."""
    try:
        return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
    except OverflowError:
        raise InputError(f"{day} moved by {days} days is out of the calendar; use a later date") from None


def span_days(since: str, until: str) -> int:
    """Days from `since` to `until`, both included."""
    return (date.fromisoformat(until) - date.fromisoformat(since)).days + 1


def in_period(scope: ScopeSQL, rows: str) -> str:
    """The join that lets `scope.where` test the articles of `rows` (an alias with an `article_id`), or nothing
    when the scope keeps every article (its WHERE clause is then true without the join)."""
    return "" if scope.where == EVERY_ARTICLE else f"JOIN articles a ON a.id = {rows}.article_id"


def scope_sql(conn: Connection, scope: Scope, per_article: bool | None = None) -> ScopeSQL:
    """The scope's WHERE clause over `articles a`; InputError for a bad date, an empty period or region.
    The region is tested per article when `per_article` (default: when a date bounds the scope), else
    through the set of the region's articles."""
    since = iso_day("since", scope.since)
    until = iso_day("until", scope.until)
    if since and until and since > until:
        raise InputError(f"since {since} is after until {until}")
    clauses = [EVERY_ARTICLE]
    params: dict[str, Any] = {}
    if since:
        clauses.append(f"{ARTICLE_KEY} >= :since")
        params["since"] = since
    if until:
        clauses.append(f"a.published IS NOT NULL AND {ARTICLE_KEY} < :until_end")
        params["until_end"] = until + LAST_CHAR
    code = scope_code(conn, scope.region)
    if code:
        test = per_article if per_article is not None else bool(since or until)
        clauses.append(EXISTS_REGION if test else IN_REGION)
        params["region_ids"] = region_ids(conn, code)
    return ScopeSQL(" AND ".join(clauses), params, code)


def scope_code(conn: Connection, region: str | None) -> str | None:
    """The Kemendagri code of a scope's region (a code or a region entity's id; None for no region)."""
    return region_code(conn, region) if region and region.strip() else None


def newest_day(conn: Connection, code: str | None = None) -> str | None:
    """The date of the newest dated article, in a region when `code` is given."""
    where = "a.published IS NOT NULL" + (f" AND {EXISTS_REGION}" if code else "")
    sql = f"SELECT substr(a.published, 1, 10) FROM articles a WHERE {where} ORDER BY {ARTICLE_KEY} DESC LIMIT 1"
    row = conn.execute(sql, {"region_ids": region_ids(conn, code)} if code else {}).fetchone()
    return str(row[0]) if row else None


def count_rows(conn: Connection, from_where: str, params: dict[str, Any], cap: int | None = None) -> int:
    """How many rows `from_where` (a `FROM … WHERE …`) keeps; at most `cap` + 1 when a cap is given (more than
    `cap`: the count stops there, without reading the rest)."""
    limit = "" if cap is None else " LIMIT :cap"
    sql = f"SELECT COUNT(*) FROM (SELECT 1 {from_where}{limit}) counted"
    return int(conn.execute(sql, params | {"cap": None if cap is None else cap + 1}).fetchone()[0])


def require_entity(conn: Connection, entity_id: str) -> None:
    """NotFoundError unless the entity is stored."""
    if conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is None:
        raise NotFoundError(f"no entity with id {entity_id!r}")


def json_list(values: list[str] | tuple[str, ...] | frozenset[str]) -> str | None:
    """A JSON array parameter for `json_each`, or None for an empty filter."""
    return json.dumps(sorted(values)) if values else None
