"""Quotes, newest first (in text order within an article), by speaker, words (full text), period, region, kind
and the speaker's role and body in the quote's article; and how many quotes a filter keeps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warta.errors import InputError
from warta.store.connection import Dialect
from warta.store.queries._common import (
    ARTICLE_KEY,
    Page,
    Scope,
    count_rows,
    decode_cursor,
    limit_of,
    name_key,
    name_match,
    name_params,
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
    `tone` keeps the quotes of that tone (`positif`, `negatif`, `netral`); `kind` the `direct` or `indirect`
    ones; `role` those whose speaker holds, in the quote's article, a role whose title and body contain each
    of its words (case ignored: "bupati", "kepala dinas kesehatan"); `body` those whose speaker holds a role
    there of that body (its entity id, or part of its name)."""

    speaker: str | None = None
    q: str | None = None
    since: str | None = None
    until: str | None = None
    region: str | None = None
    speakers: tuple[str, ...] = ()  # any of these speakers (the officials of a region)
    speaker_match: str | None = None
    tone: str | None = None
    kind: str | None = None
    role: str | None = None
    body: str | None = None


KINDS = ("direct", "indirect")
MAX_ROLE_WORDS = 8  # words of a role filter looked for; more are ignored

# The speaker's roles in the quote's article (index person_roles_article), as text holding every word :r0, :r1…
# of a role filter, or naming the body :body (its entity id, or :body_key in its name).
_HAS_ROLE = """
EXISTS (SELECT 1 FROM person_roles pr WHERE pr.article_id = q.article_id AND pr.entity_id = q.speaker_id
        AND {words})
"""
_ROLE_WORD = "instr(lower(pr.title || ' ' || ifnull(pr.of_name, '')), :r{n}) > 0"
_HAS_BODY = """
EXISTS (SELECT 1 FROM person_roles pr WHERE pr.article_id = q.article_id AND pr.entity_id = q.speaker_id
        AND (pr.of_entity = :body OR instr(lower(ifnull(pr.of_name, '')), :body_key) > 0))
"""

_SELECT = """
SELECT q.id, q.article_id, a.title, a.published, q.text, q.kind, q.cue, q.speaker_id, e.name,
       q.start_offset, q.end_offset, q.tone_label, q.tone_score
"""
_FROM = "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id"
# When no speaker or words pick the quotes: read newest articles first (index articles_newest, SQLite's CROSS JOIN
# fixing the order), then their quotes (quotes_article_offset), so that the LIMIT ends the scan early instead of
# sorting every quote.
_FROM_NEWEST = "FROM articles a CROSS JOIN quotes q ON q.article_id = a.id LEFT JOIN entities e ON e.id = q.speaker_id"

# After the quote at (:c_published, :c_article, :c_start): older articles, or later in the same article.
_AFTER = f"""
({ARTICLE_KEY}, a.id) <= (:c_published, :c_article)
AND NOT ({ARTICLE_KEY} = :c_published AND a.id = :c_article AND q.start_offset <= :c_start)
"""


def list_quotes(
    store: SQLStore, filters: QuoteFilter | None = None, limit: int = 50, cursor: str | None = None
) -> Page[QuoteItem]:
    """Quotes newest first; the cursor is the (published, article id, offset) of the last one."""
    limit = limit_of(limit)
    clauses, params = quote_where(store, filters or QuoteFilter())
    params["limit"] = limit + 1
    if cursor:
        published, article_id, start = decode_cursor(cursor, (str, str, int))
        clauses.append(_AFTER)
        params |= {"c_published": published, "c_article": article_id, "c_start": start}
    order = f" ORDER BY {ARTICLE_KEY} DESC, a.id DESC, q.start_offset LIMIT :limit"
    f = filters or QuoteFilter()
    # Speakers over a period (a region's officials this week) are read through their links of the period: all
    # their quotes over the years cost far more (151 ms for one regency's officials at 260,600 articles).
    picked = f.speaker or f.speakers or f.speaker_match is not None or (f.q and f.q.strip())
    sql = _SELECT + (_FROM if picked else _FROM_NEWEST) + " WHERE " + " AND ".join(clauses) + order
    rows = [_quote(row) for row in store.conn.execute(sql, params)]
    return page_of(rows, limit, lambda item: [item.published or "", item.article_id, item.start])


def quote_where(store: SQLStore, f: QuoteFilter) -> tuple[list[str], dict[str, Any]]:
    """The filter's WHERE clauses over `quotes q`, `articles a` and the speaker `entities e` (fixed fragments),
    and their parameters."""
    scope = scope_sql(store.conn, Scope(f.since, f.until, f.region), per_article=True)
    clauses = [scope.where, *_filter_clauses(f, store.conn.dialect)]
    who = ":speaker" if f.speaker else ", ".join(f":s{n}" for n in range(len(f.speakers)))
    if who and (dated := scope.links("ae")):  # speakers are linked to the articles quoting them (the quotes' key)
        clauses.append(
            f"q.article_id IN (SELECT ae.article_id FROM article_entities ae WHERE ae.entity_id IN ({who}){dated})"
        )
    params: dict[str, Any] = {**scope.params, "speaker": f.speaker}
    params |= {"speaker_match": f.speaker_match, **name_params(store.conn.dialect, name_key(f.speaker_match or ""))}
    params["match"] = match_value(store.conn.dialect, f.q or "")
    params["tone"] = check_tone(f.tone)
    params |= {"kind": f.kind, "body": (f.body or "").strip()}
    params["body_key"] = params["body"].lower()
    params |= {f"r{n}": word for n, word in enumerate(_role_words(f.role))}
    for n, speaker in enumerate(f.speakers):
        params[f"s{n}"] = speaker
    return clauses, params


def count_quotes(store: SQLStore, filters: QuoteFilter | None = None, cap: int | None = None) -> int:
    """How many quotes the filter keeps (the length of every page of `list_quotes` together); at most `cap` + 1
    when a cap is given (more than `cap`: the count stops there)."""
    clauses, params = quote_where(store, filters or QuoteFilter())
    return count_rows(store.conn, f"{_FROM} WHERE {' AND '.join(clauses)}", params, cap)


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
        match = name_match(dialect, name_key(f.speaker_match))
        clauses.append(f"(q.speaker_id = :speaker_match OR (e.id IS NOT NULL AND {match}))")
    if f.speakers:
        clauses.append(f"q.speaker_id IN ({', '.join(f':s{n}' for n in range(len(f.speakers)))})")
    if f.tone:
        clauses.append("q.tone_label = :tone")
    clauses += _speaker_clauses(f)
    if f.q is not None and f.q.strip():
        if not fts_query(f.q):
            raise InputError(f"q {f.q!r}: no word to search for")
        clauses.append(QUOTE_MATCH[dialect])
    return clauses


def _speaker_clauses(f: QuoteFilter) -> list[str]:
    """Fixed SQL fragments for the kind of quote and the speaker's role and body, when set."""
    clauses = []
    if f.kind:
        if f.kind not in KINDS:
            raise InputError(f"kind {f.kind!r}: use one of {', '.join(KINDS)}")
        clauses.append("q.kind = :kind")
    words = _role_words(f.role)
    if words:
        clauses.append(_HAS_ROLE.format(words=" AND ".join(_ROLE_WORD.format(n=n) for n in range(len(words)))))
    if f.body and f.body.strip():
        clauses.append(_HAS_BODY)
    return clauses


def _role_words(role: str | None) -> list[str]:
    """The words of a role filter, lower case, at most MAX_ROLE_WORDS."""
    return (role or "").lower().split()[:MAX_ROLE_WORDS]
