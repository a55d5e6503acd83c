"""Tone in the store (migration 0009): the tone of articles and quotes, and of articles toward the entities they
name, counted per day (toward an entity, or of the articles of a region) and per entity (the share of negative
news about a body or a person).

Labels are `positif`, `negatif` and `netral`; a row without a tone (an article processed without the tone
stage, an inferred entity) counts nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from warta.errors import InputError
from warta.store.connection import Connection
from warta.store.queries._common import MAX_LIMIT, Scope, require_entity, scope_sql
from warta.types import ORG_TYPES, TONES

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


# Which entities `negative_share` ranks: bodies (every organization type) or tokoh (persons).
SHARE_KINDS: dict[str, tuple[str, ...]] = {"body": tuple(sorted(ORG_TYPES)), "tokoh": ("person",)}


def _counts(column: str) -> str:
    """Fixed SQL: the rows of each label, in TONES order, for a tone label column."""
    return ", ".join(f"SUM(CASE WHEN {column} = '{label}' THEN 1 ELSE 0 END)" for label in TONES)


@dataclass(frozen=True)
class ToneValue:
    """A tone as the lists show it: the label (`positif`, `negatif` or `netral`) and the score, from -1.0 (most
    negative) to 1.0 (most positive)."""

    label: str
    score: float | None


@dataclass(frozen=True)
class ToneCounts:
    """How many stored articles speak of an entity with each tone (articles without a tone toward it are not
    counted)."""

    positif: int
    negatif: int
    netral: int


@dataclass(frozen=True)
class ToneDay:
    """The articles of one day (the article's date) by tone: toward an entity, or of the articles themselves."""

    day: str
    positif: int
    negatif: int
    netral: int


@dataclass(frozen=True)
class ToneShare:
    """An entity with the number of articles that have a tone toward it, how many of each tone, and the share
    of them that are negative (0.0 to 1.0)."""

    id: str
    name: str
    type: str
    articles: int
    positif: int
    negatif: int
    netral: int
    negative_share: float


def check_tone(tone: str | None) -> str | None:
    """A tone filter: None, or one of TONES; InputError otherwise."""
    if tone is not None and tone not in TONES:
        raise InputError(f"tone {tone!r}: use one of {', '.join(TONES)}")
    return tone


def tone_value(label: str | None, score: float | None) -> ToneValue | None:
    """The tone of a row's (tone_label, tone_score) columns, None when it has none."""
    return ToneValue(label, None if score is None else float(score)) if label is not None else None


def tone_split(store: SQLStore, entity_id: str) -> ToneCounts:
    """How many articles speak of the entity with each tone (index article_entities_tone)."""
    return _split(store.conn, entity_id)


def _split(conn: Connection, entity_id: str) -> ToneCounts:
    rows = conn.execute(
        "SELECT tone_label, COUNT(*) FROM article_entities "
        "WHERE entity_id = ? AND tone_label IS NOT NULL GROUP BY tone_label",
        (entity_id,),
    )
    counts = {str(label): int(n) for label, n in rows}
    return ToneCounts(*(counts.get(label, 0) for label in TONES))


def tone_timeline(
    store: SQLStore,
    entity_id: str | None = None,
    region: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[ToneDay]:
    """Articles per day and tone, oldest first (undated articles left out). With `entity_id`, the tone of each
    article toward that entity; without, the tone of the articles themselves. `region` (a Kemendagri code or a
    region entity id) keeps the articles of that region and all inside it; NotFoundError for an unknown
    entity, InputError for a bad date or region."""
    if entity_id is not None:
        require_entity(store.conn, entity_id)
    scope = scope_sql(store.conn, Scope(since, until, region))
    params: dict[str, Any] = {**scope.params, "entity": entity_id}
    if entity_id is not None:
        source = (
            f"SELECT substr(a.published, 1, 10) AS day, {_counts('ae.tone_label')} "
            "FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
            "WHERE ae.entity_id = :entity AND ae.tone_label IS NOT NULL"
        )  # index article_entities_tone
    else:
        source = f"SELECT substr(a.published, 1, 10) AS day, {_counts('a.tone_label')} FROM articles a "
        source += "WHERE a.tone_label IS NOT NULL"
    sql = f"{source} AND a.published IS NOT NULL AND {scope.where} GROUP BY day ORDER BY day"
    return [ToneDay(day, int(p), int(n), int(z)) for day, p, n, z in store.conn.execute(sql, params)]


def negative_share(
    store: SQLStore,
    kind: str,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    region: str | None = None,
) -> list[ToneShare]:
    """Bodies (`kind="body"`: ministries, agencies, government bodies, companies, parties, organizations) or
    tokoh (`kind="tokoh"`: persons) with the most articles that have a tone toward them in the period (and
    region), each with its counts per tone and its share of negative articles; ties by id."""
    if kind not in SHARE_KINDS:
        raise InputError(f"kind {kind!r}: use body or tokoh")
    scope = scope_sql(store.conn, Scope(since, until, region))
    types = SHARE_KINDS[kind]
    params: dict[str, Any] = {**scope.params, "limit": min(max(limit, 1), MAX_LIMIT)}
    params |= {f"t{n}": name for n, name in enumerate(types)}
    sql = f"""
        SELECT e.id, e.name, e.type, COUNT(*), {_counts("ae.tone_label")}
        FROM article_entities ae JOIN articles a ON a.id = ae.article_id JOIN entities e ON e.id = ae.entity_id
        WHERE ae.tone_label IS NOT NULL AND e.type IN ({", ".join(f":t{n}" for n in range(len(types)))})
          AND {scope.where}
        GROUP BY e.id, e.name, e.type ORDER BY COUNT(*) DESC, e.id LIMIT :limit
    """
    return [
        ToneShare(entity, name, type_, int(n), int(p), int(neg), int(z), round(int(neg) / int(n), 4))
        for entity, name, type_, n, p, neg, z in store.conn.execute(sql, params)
    ]
