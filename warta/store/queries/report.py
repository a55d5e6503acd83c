"""What a report (laporan, `warta.report`) counts over one period's articles: volume per day and tone, outlets,
the isus with their tone, key phrases and quotes, the tokoh quoted, the bodies named with their tone, and the
negative articles that may need a response.

A report reads a `Selection` of articles: a region's (a Kemendagri code, its sub-regions included, as `Scope`
selects them) or a given list of article ids (a watchlist's matches). Every function takes the period as ISO
dates, both included, and counts only the selected articles published in it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warta.store.graph import CODE_MATCH, LAST_CHAR
from warta.store.queries._common import Scope, ScopeSQL, json_list, scope_sql
from warta.store.queries.regions import _GROUP, Official, _officials
from warta.store.queries.tone import _counts
from warta.types import ORG_TYPES

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

QUOTES_PER_ISU = 200  # the quotes of an isu a report weighs for its one representative statement


@dataclass(frozen=True)
class Selection:
    """The articles a report reads: those of a region (`region`, a Kemendagri code: itself and inside it), or
    those of `ids` (a watchlist's matches)."""

    region: str | None = None
    ids: tuple[str, ...] | None = None


@dataclass(frozen=True)
class DayTone:
    """One day's articles, and how many of them have each tone of their own (the rest have none)."""

    day: str
    articles: int
    positif: int
    negatif: int
    netral: int


@dataclass(frozen=True)
class OutletCount:
    """An outlet, its articles in the period and how many of them are negative."""

    outlet: str
    articles: int
    negatif: int


@dataclass(frozen=True)
class IsuCount:
    """An isu with its articles in the period and their tone."""

    id: str
    label: str
    articles: int
    positif: int
    negatif: int
    netral: int


@dataclass(frozen=True)
class ScopedQuote:
    """A quote of the period: its speaker, its text and tone, and its article."""

    speaker_id: str | None
    speaker_name: str | None
    text: str
    tone: str | None
    article_id: str
    title: str | None
    published: str | None
    key: str = ""  # what the quote is grouped by: its isu, or its speaker


@dataclass(frozen=True)
class SpeakerCount:
    """A person quoted in the period: how many quotes, in how many articles."""

    id: str
    name: str
    quotes: int
    articles: int


@dataclass(frozen=True)
class BodyTone:
    """A body named in the period's articles (not only inferred): in how many, the tone of those articles toward
    it (articles without one are not counted), and its `BODY_GROUPS` group toward the selection's region."""

    id: str
    name: str
    type: str
    articles: int
    positif: int
    negatif: int
    netral: int
    group: str


@dataclass(frozen=True)
class NegativeArticle:
    """A negative article of the period: `relevance` is how many entities of the selection's region it names."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    score: float | None
    relevance: int


def region_officials(store: SQLStore, code: str) -> list[Official]:
    """The persons holding a role of a body or region at or inside `code` (the region page's officials), most
    recently seen first, each with the named holder inferred for a role-only one."""
    return _officials(store, code)


def selected(store: SQLStore, selection: Selection, since: str, until: str) -> ScopeSQL:
    """The WHERE clause (over `articles a`) of the selection's articles of the period; InputError for a bad date
    or region."""
    if selection.ids is None:
        return scope_sql(store.conn, Scope(since, until, selection.region))
    base = scope_sql(store.conn, Scope(since, until))
    where = base.where + " AND a.id IN (SELECT value FROM json_each(:ids))"
    return ScopeSQL(where, {**base.params, "ids": json.dumps(list(selection.ids))})


def day_tones(store: SQLStore, selection: Selection, since: str, until: str) -> list[DayTone]:
    """The articles of each day of the period that has any, oldest first, with their tone split."""
    scope = selected(store, selection, since, until)
    sql = (
        f"SELECT substr(a.published, 1, 10) AS day, COUNT(*), {_counts('a.tone_label')} FROM articles a "
        f"WHERE {scope.where} GROUP BY substr(a.published, 1, 10) ORDER BY day"
    )
    return [DayTone(str(d), int(n), int(p), int(g), int(z)) for d, n, p, g, z in store.conn.execute(sql, scope.params)]


def outlet_counts(store: SQLStore, selection: Selection, since: str, until: str, limit: int = 15) -> list[OutletCount]:
    """The outlets with the most articles in the period, with their negative ones."""
    scope = selected(store, selection, since, until)
    sql = (
        "SELECT a.source, COUNT(*), SUM(CASE WHEN a.tone_label = 'negatif' THEN 1 ELSE 0 END) FROM articles a "
        f"WHERE {scope.where} AND a.source IS NOT NULL GROUP BY a.source ORDER BY COUNT(*) DESC, a.source LIMIT :limit"
    )
    rows = store.conn.execute(sql, {**scope.params, "limit": limit})
    return [OutletCount(str(s), int(n), int(g)) for s, n, g in rows]


def isu_counts(
    store: SQLStore, selection: Selection, since: str, until: str, limit: int = 8, only: Sequence[str] | None = None
) -> list[IsuCount]:
    """The isus with the most articles in the period (or the isus `only`), with those articles' tone."""
    if only is not None and not only:
        return []
    scope = selected(store, selection, since, until)
    params: dict[str, Any] = {**scope.params, "limit": limit, "only": json.dumps(list(only or ()))}
    restrict = " AND ai.isu_id IN (SELECT value FROM json_each(:only))" if only is not None else ""
    sql = (
        f"SELECT i.id, i.label, c.n, c.p, c.g, c.z FROM (SELECT ai.isu_id AS id, COUNT(*) AS n, "
        f"{_aliased_counts('a.tone_label')} FROM article_isu ai JOIN articles a ON a.id = ai.article_id "
        f"WHERE {scope.where}{restrict} GROUP BY ai.isu_id) c "
        "JOIN isus i ON i.id = c.id ORDER BY c.n DESC, i.id LIMIT :limit"
    )
    return [IsuCount(str(i), str(lb), int(n), int(p), int(g), int(z)) for i, lb, n, p, g, z in
            store.conn.execute(sql, params)]  # fmt: skip


def _aliased_counts(column: str) -> str:
    """`_counts` with the aliases p, g and z (positif, negatif, netral)."""
    return ", ".join(f"{part} AS {alias}" for part, alias in zip(_counts(column).split(", "), "pgz", strict=True))


def isu_phrases(
    store: SQLStore, selection: Selection, since: str, until: str, isu_ids: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Per isu, its key phrases (`warta.isu` features: two-word phrases of an article) and in how many of its
    period's articles each occurs."""
    if not isu_ids:
        return {}
    scope = selected(store, selection, since, until)
    sql = (
        "SELECT ai.isu_id, f.features FROM article_isu ai JOIN articles a ON a.id = ai.article_id "
        f"JOIN isu_features f ON f.article_id = a.id WHERE ai.isu_id IN (SELECT value FROM json_each(:isus)) "
        f"AND {scope.where}"
    )
    found: dict[str, dict[str, int]] = {isu: {} for isu in isu_ids}
    for isu, features in store.conn.execute(sql, {**scope.params, "isus": json.dumps(list(isu_ids))}):
        counts = found[str(isu)]
        for phrase in {str(p[0]) for p in json.loads(features).get("phrases", ())}:
            counts[phrase] = counts.get(phrase, 0) + 1
    return found


_QUOTES = """
SELECT speaker_id, name, text, tone, article_id, title, published, grp FROM (
    SELECT q.speaker_id, e.name, q.text, q.tone_label AS tone, q.article_id, a.title, a.published, {group} AS grp,
           ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY ifnull(a.published, '') DESC, q.article_id,
                              q.start_offset) AS rank
    FROM articles a CROSS JOIN quotes q ON q.article_id = a.id {join} LEFT JOIN entities e ON e.id = q.speaker_id
    WHERE {where} AND {restrict}
) ranked WHERE rank <= :per ORDER BY grp, rank
"""


def isu_quotes(
    store: SQLStore, selection: Selection, since: str, until: str, isu_ids: Sequence[str], per: int = QUOTES_PER_ISU
) -> dict[str, list[ScopedQuote]]:
    """Per isu, the quotes of its period's articles (newest first, up to `per`)."""
    sql = _QUOTES.format(group="ai.isu_id", join="JOIN article_isu ai ON ai.article_id = a.id",
                         where="{where}", restrict="ai.isu_id IN (SELECT value FROM json_each(:keys))")  # fmt: skip
    return _grouped(store, selection, since, until, sql, isu_ids, per)


def speaker_quotes(
    store: SQLStore, selection: Selection, since: str, until: str, speaker_ids: Sequence[str], per: int = 3
) -> dict[str, list[ScopedQuote]]:
    """Per speaker, their quotes of the period (newest first, up to `per`)."""
    sql = _QUOTES.format(group="q.speaker_id", join="", where="{where}",
                         restrict="q.speaker_id IN (SELECT value FROM json_each(:keys))")  # fmt: skip
    return _grouped(store, selection, since, until, sql, speaker_ids, per)


def _grouped(
    store: SQLStore, selection: Selection, since: str, until: str, sql: str, keys: Sequence[str], per: int
) -> dict[str, list[ScopedQuote]]:
    found: dict[str, list[ScopedQuote]] = {key: [] for key in keys}
    if not keys:
        return found
    scope = selected(store, selection, since, until)
    params = {**scope.params, "keys": json.dumps(list(keys)), "per": per}
    for speaker, name, text, tone, article, title, published, key in store.conn.execute(
        sql.replace("{where}", scope.where), params
    ):
        found[str(key)].append(ScopedQuote(speaker, name, str(text), tone, str(article), title, published, str(key)))
    return found


# From the period's articles (index articles_newest) to their quotes (quotes_article_offset), not from every
# person or quote: CROSS JOIN keeps SQLite's join order.
def speaker_counts(
    store: SQLStore, selection: Selection, since: str, until: str, limit: int = 10, only: Sequence[str] | None = None
) -> list[SpeakerCount]:
    """The persons quoted most in the period (or the persons `only`), most quotes first."""
    if only is not None and not only:
        return []
    scope = selected(store, selection, since, until)
    restrict = " AND q.speaker_id IN (SELECT value FROM json_each(:only))" if only is not None else ""
    sql = (
        "SELECT e.id, e.name, COUNT(*), COUNT(DISTINCT q.article_id) FROM articles a "
        "CROSS JOIN quotes q ON q.article_id = a.id CROSS JOIN entities e ON e.id = q.speaker_id "
        f"WHERE e.type = 'person' AND {scope.where}{restrict} "
        "GROUP BY e.id, e.name ORDER BY COUNT(*) DESC, COUNT(DISTINCT q.article_id) DESC, e.name LIMIT :limit"
    )
    params = {**scope.params, "limit": limit, "only": json.dumps(list(only or ()))}
    return [SpeakerCount(str(i), str(n), int(q), int(a)) for i, n, q, a in store.conn.execute(sql, params)]


def body_tones(
    store: SQLStore, selection: Selection, since: str, until: str, limit: int = 20, only: Sequence[str] | None = None
) -> list[BodyTone]:
    """The bodies named (not only inferred) in most of the period's articles (or the bodies `only`), with those
    articles' tone toward them and their group toward the selection's region."""
    if only is not None and not only:
        return []
    scope = selected(store, selection, since, until)
    restrict = " AND e.id IN (SELECT value FROM json_each(:only))" if only is not None else ""
    sql = f"""
        SELECT e.id, coalesce(json_extract(e.kb, '$.current_name'), e.name), e.type, COUNT(*),
               {_counts("ae.tone_label")}, {_GROUP}
        FROM articles a CROSS JOIN article_entities ae ON ae.article_id = a.id
        CROSS JOIN entities e ON e.id = ae.entity_id
        WHERE {scope.where} AND ae.inferred = 0 AND e.type IN (SELECT value FROM json_each(:types)){restrict}
        GROUP BY e.id, e.name, e.type, e.kb ORDER BY COUNT(*) DESC, e.id LIMIT :limit
    """
    params = {**scope.params, "types": json_list(ORG_TYPES), "limit": limit, "only": json.dumps(list(only or ()))}
    params |= {"code": scope.code, "last": LAST_CHAR}
    return [BodyTone(str(i), str(n), str(t), int(c), int(p), int(g), int(z), str(grp))
            for i, n, t, c, p, g, z, grp in store.conn.execute(sql, params)]  # fmt: skip


def negative_articles(
    store: SQLStore, selection: Selection, since: str, until: str, limit: int = 15
) -> list[NegativeArticle]:
    """The negative articles of the period, most relevant first: those naming more entities of the selection's
    region, then the most negative, then the newest."""
    scope = selected(store, selection, since, until)
    relevance = (
        "(SELECT COUNT(*) FROM article_entities ae CROSS JOIN entities e ON e.id = ae.entity_id "
        f"WHERE ae.article_id = a.id AND ae.inferred = 0 AND {CODE_MATCH.format(alias='e')})"
    )
    sql = (
        f"SELECT a.id, a.title, a.source, a.published, a.url, a.tone_score, {relevance} AS relevance FROM articles a "
        f"WHERE a.tone_label = 'negatif' AND {scope.where} "
        "ORDER BY relevance DESC, ifnull(a.tone_score, 0), ifnull(a.published, '') DESC, a.id LIMIT :limit"
    )
    params = {**scope.params, "limit": limit, "code": scope.code, "last": LAST_CHAR}
    return [NegativeArticle(str(i), t, s, p, u, None if sc is None else float(sc), int(r))
            for i, t, s, p, u, sc, r in store.conn.execute(sql, params)]  # fmt: skip


__all__ = [
    "BodyTone",
    "DayTone",
    "IsuCount",
    "NegativeArticle",
    "OutletCount",
    "ScopedQuote",
    "Selection",
    "SpeakerCount",
    "body_tones",
    "day_tones",
    "isu_counts",
    "isu_phrases",
    "isu_quotes",
    "negative_articles",
    "outlet_counts",
    "region_officials",
    "selected",
    "speaker_counts",
    "speaker_quotes",
]
