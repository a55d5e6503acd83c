"""Quotes, newest first (in text order within an article), by speaker, words (full text) and period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warta.errors import InputError
from warta.store.connection import Dialect
from warta.store.queries._common import (
    ARTICLE_KEY,
    NAME_MATCH,
    Page,
    Scope,
    decode_cursor,
    limit_of,
    name_key,
    page_of,
    scope_sql,
)
from warta.store.queries.tone import ToneValue, check_tone, tone_value
from warta.store.search import QUOTE_MATCH, fts_query, match_value

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


@dataclass(frozen=True)
class QuoteItem:
    """One quote with its speaker and article."""

    id: str
    article_id: str
    article_title: str | None
    published: str | None
    text: str
    kind: str
    cue: str | None
    speaker_id: str | None
    speaker_name: str | None
    start: int
    end: int
    tone: ToneValue | None = None


@dataclass(frozen=True)
class QuoteFilter:
    """Filters of the quote list: a speaker's entity id, words of the quote, a period, a region; `speaker_match`
    is a speaker's entity id or part of its name or an alias (`NAME_MATCH`), as `warta quotes --speaker` takes;
    `tone` keeps the quotes of that tone (`positif`, `negatif`, `netral`)."""

    speaker: str | None = None
    q: str | None = None
    since: str | None = None
    until: str | None = None
    region: str | None = None
    speakers: tuple[str, ...] = ()  # any of these speakers (the officials of a region)
    speaker_match: str | None = None
    tone: str | None = None


_SELECT = """
SELECT q.id, q.article_id, a.title, a.published, q.text, q.kind, q.cue, q.speaker_id, e.name,
       q.start_offset, q.end_offset, q.tone_label, q.tone_score
FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id
"""

# After the quote at (:c_published, :c_article, :c_start): older articles, or later in the same article.
_AFTER = f"""
({ARTICLE_KEY}, a.id) <= (:c_published, :c_article)
AND NOT ({ARTICLE_KEY} = :c_published AND a.id = :c_article AND q.start_offset <= :c_start)
"""


def list_quotes(
    store: SQLStore, filters: QuoteFilter | None = None, limit: int = 50, cursor: str | None = None
) -> Page[QuoteItem]:
    """Quotes newest first; the cursor is the (published, article id, offset) of the last one."""
    f = filters or QuoteFilter()
    limit = limit_of(limit)
    scope = scope_sql(store.conn, Scope(f.since, f.until, f.region), per_article=True)
    clauses = [scope.where, *_filter_clauses(f, store.conn.dialect)]
    params: dict[str, Any] = {**scope.params, "limit": limit + 1, "speaker": f.speaker}
    params |= {"speaker_match": f.speaker_match, "name": name_key(f.speaker_match or "")}
    params["match"] = match_value(store.conn.dialect, f.q or "")
    params["tone"] = check_tone(f.tone)
    for n, speaker in enumerate(f.speakers):
        params[f"s{n}"] = speaker
    if cursor:
        published, article_id, start = decode_cursor(cursor, (str, str, int))
        clauses.append(_AFTER)
        params |= {"c_published": published, "c_article": article_id, "c_start": start}
    order = f" ORDER BY {ARTICLE_KEY} DESC, a.id DESC, q.start_offset LIMIT :limit"
    sql = _SELECT + " WHERE " + " AND ".join(clauses) + order
    rows = [_quote(row) for row in store.conn.execute(sql, params)]
    return page_of(rows, limit, lambda item: [item.published or "", item.article_id, item.start])


def _quote(row: tuple[Any, ...]) -> QuoteItem:
    """A quote from a row of _SELECT (its tone in the last two columns)."""
    quote_id, article_id, title, published, text, kind, cue, speaker_id, speaker_name, start, end = row[:11]
    tone = tone_value(*row[11:])
    return QuoteItem(
        quote_id, article_id, title, published, text, kind, cue, speaker_id, speaker_name, start, end, tone
    )


def _filter_clauses(f: QuoteFilter, dialect: Dialect) -> list[str]:
    """Fixed SQL fragments for the filters that are set (their values are bound as parameters)."""
    clauses = []
    if f.speaker:
        clauses.append("q.speaker_id = :speaker")
    if f.speaker_match is not None:
        clauses.append(f"(q.speaker_id = :speaker_match OR (e.id IS NOT NULL AND {NAME_MATCH}))")
    if f.speakers:
        clauses.append(f"q.speaker_id IN ({', '.join(f':s{n}' for n in range(len(f.speakers)))})")
    if f.tone:
        clauses.append("q.tone_label = :tone")
    if f.q is not None and f.q.strip():
        if not fts_query(f.q):
            raise InputError(f"q {f.q!r}: no word to search for")
        clauses.append(QUOTE_MATCH[dialect])
    return clauses
