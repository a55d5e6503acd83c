"""Canonical ids on save: an article's regional roles given the article's region where they name none, its
named persons resolved against the persons already stored, then the curation rules replayed on it
(`warta.identity` and `warta.identity.rules` decide; this module reads what it needs from the store).

Run on every save, inside the write transaction, so it reads in few statements: the stored persons of the
article's names in one, their roles (with the region codes of the bodies they name) and provinces in two, and
the curation rules only when there are any.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from warta.identity import PERSON, Context, choose, context, fill_jurisdictions, provinces_of, region_codes
from warta.identity.rules import Override, Rules, apply_rules, rename_ids
from warta.ids import normalize_key
from warta.model import Article, Role
from warta.store.connection import Connection, one_of
from warta.store.rows import linked_entities

EVIDENCE_ARTICLES = 50  # a stored person's provinces come from its newest this many dated articles (and undated)


# The articles of one person (as UNION ALL branches): its newest EVIDENCE_ARTICLES dated ones and its first
# EVIDENCE_ARTICLES undated ones by id, each read in the order of the dated links' index (entity_id, published,
# article_id), so that a famous person's thousands of links are never sorted.
_EVIDENCE = (
    "SELECT * FROM (SELECT entity_id, article_id FROM article_entities WHERE entity_id = ? "
    "AND published IS NOT NULL ORDER BY published DESC, article_id DESC LIMIT ?) dated UNION ALL "
    "SELECT * FROM (SELECT entity_id, article_id FROM article_entities WHERE entity_id = ? "
    "AND published IS NULL ORDER BY article_id LIMIT ?) undated"
)


def canonical(conn: Connection, article: Article) -> Article:
    """The article with its regional roles' missing jurisdictions filled from its region (so that they are
    stored so too), its persons resolved across stored articles and the curation rules applied."""
    article = _resolve_persons(conn, fill_jurisdictions(article))
    return apply_rules(article, _rules(conn, article))


def _resolve_persons(conn: Connection, article: Article) -> Article:
    """Each named person as the stored person `choose` picks; an article saved again keeps the persons it is
    stored with (had the store grown since, a new choice could differ: saving again must change nothing, and
    a run resumed after a crash must end where an uninterrupted one does)."""
    persons = [e for e in article.entities if e.type == PERSON and e.named and not e.inferred]
    if not persons:
        return article
    provinces = provinces_of(article)
    codes = region_codes(article)
    same_name = _same_names(conn, [e.name for e in persons])
    contexts = _contexts(conn, sorted({cid for ids in same_name.values() for cid in ids}))
    previous = set(linked_entities(conn, article.id))
    mapping: dict[str, str] = {}
    for entity in persons:
        candidates = {cid: contexts[cid] for cid in same_name.get(normalize_key(entity.name), [])}
        chosen = _kept(entity.id, previous.intersection(candidates))
        if chosen is None:
            chosen = choose(entity.id, entity.name, context(entity.roles, provinces, codes), candidates)
        if chosen != entity.id:
            mapping[entity.id] = chosen
    return rename_ids(article, mapping) if mapping else article


def _kept(own_id: str, stored: set[str]) -> str | None:
    """The person of this name the stored article links to: its own id, else the one such person (None when
    the article is new, or links several persons of the name and none is its own)."""
    if own_id in stored:
        return own_id
    return next(iter(stored)) if len(stored) == 1 else None


def _same_names(conn: Connection, names: Iterable[str]) -> dict[str, list[str]]:
    """The stored named persons of each normalized name."""
    keys = sorted({normalize_key(name) for name in names})
    sql = f"SELECT name_key, entity_id FROM person_names WHERE name_key {one_of(keys)} ORDER BY name_key, entity_id"
    found: dict[str, list[str]] = {}
    for key, entity_id in conn.execute(sql, keys):
        found.setdefault(key, []).append(entity_id)
    return found


def _contexts(conn: Connection, ids: list[str]) -> dict[str, Context]:
    """The context of each stored person: the roles it held (and the region codes of the bodies they name),
    the provinces of its newest articles (`_EVIDENCE`)."""
    if not ids:
        return {}
    roles: dict[str, list[Role]] = {i: [] for i in ids}
    codes: dict[str, str] = {}
    sql = f"""
        SELECT r.entity_id, r.title, r.of_name, r.of_entity, json_extract(e.kb, '$.region_code')
        FROM person_role_sets r LEFT JOIN entities e ON e.id = r.of_entity
        WHERE r.entity_id {one_of(ids)}
    """
    for entity_id, title, of_name, of_entity, code in conn.execute(sql, ids):
        roles[entity_id].append(Role(title, of_name or None, of_entity or None))
        if code:
            codes[of_entity] = str(code)
    provinces: dict[str, list[str]] = {i: [] for i in ids}
    evidence = " UNION ALL ".join([_EVIDENCE] * len(ids))  # a fixed branch per person, values bound
    sql = f"""
        SELECT DISTINCT mine.entity_id, substr(json_extract(e.kb, '$.region_code'), 1, 2)
        FROM ({evidence}) mine
        JOIN article_entities other ON other.article_id = mine.article_id
        JOIN entities e ON e.id = other.entity_id
        WHERE json_extract(e.kb, '$.region_code') IS NOT NULL
    """
    for entity_id, province in conn.execute(sql, [v for i in ids for v in (i, EVIDENCE_ARTICLES) * 2]):
        if province:
            provinces[entity_id].append(province)
    return {i: context(roles[i], provinces[i], codes) for i in ids}


def _rules(conn: Connection, article: Article) -> Rules:
    """The curation rules that touch the article (one statement when there are none, as in most stores)."""
    redirected, moved, overridden = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM entity_redirects), "
        "EXISTS (SELECT 1 FROM mention_moves WHERE article_id = ?), EXISTS (SELECT 1 FROM entity_overrides)",
        (article.id,),
    ).fetchone()
    redirects = redirects_of(conn, [e.id for e in article.entities]) if redirected else {}
    moves: dict[tuple[int, int, str], str] = {}
    if moved:
        sql = "SELECT start_offset, end_offset, from_id, to_id FROM mention_moves WHERE article_id = ?"
        moves = {(start, end, from_id): to_id for start, end, from_id, to_id in conn.execute(sql, (article.id,))}
        redirects.update(redirects_of(conn, moves.values()) if redirected else {})
    ids = {e.id for e in article.entities} | {t for t in redirects.values() if t} | set(moves.values())
    return Rules(redirects, moves, _overrides(conn, ids) if overridden else {})


def redirects_of(conn: Connection, ids: Iterable[str]) -> dict[str, str | None]:
    """Redirects for `ids`, following chains (one statement per link of the longest chain)."""
    found: dict[str, str | None] = {}
    asked: set[str] = set()
    pending = set(ids)
    while pending:
        asked |= pending
        ids = sorted(pending)
        rows = conn.execute(f"SELECT from_id, to_id FROM entity_redirects WHERE from_id {one_of(ids)}", ids).fetchall()
        found.update((from_id, to_id) for from_id, to_id in rows)
        pending = {to_id for _, to_id in rows if to_id is not None} - asked
    return found


def _overrides(conn: Connection, ids: Iterable[str]) -> dict[str, Override]:
    wanted = sorted(ids)
    if not wanted:
        return {}
    sql = f"SELECT entity_id, name, type, aliases FROM entity_overrides WHERE entity_id {one_of(wanted)}"
    rows = conn.execute(sql, wanted)
    return {entity_id: Override(name, type_, tuple(json.loads(aliases))) for entity_id, name, type_, aliases in rows}
