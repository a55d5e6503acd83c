"""Identity and curation in SQL: what `warta.identity` needs from the store, and the curation decisions.

`canonical(conn, article)` is run on every save: it resolves the article's named persons against the persons
already stored, then replays the curation rules. Each curation call records its decision in `curation_log`
and in its rule table, in the caller's transaction; the store then saves the affected articles again through
the same path, so stored rows and re-processed articles agree.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from warta.errors import InputError, NotFoundError
from warta.identity import (
    PERSON,
    Context,
    Override,
    Rules,
    apply_rules,
    choose,
    context,
    provinces_of,
    rename_ids,
)
from warta.ids import make_id, normalize_key
from warta.model import Article, Role

ACTIONS = ("merge", "split", "alias", "rename", "retype", "delete")
HOLDER_WINDOW_DAYS = 183  # a role holder named within this many days of a role-only mention is its holder
_EVIDENCE_ARTICLES = 50


@dataclass(frozen=True)
class LogEntry:
    """One curation decision."""

    seq: int
    at: str
    who: str
    action: str
    entity: str
    args: dict[str, object]
    why: str


@dataclass(frozen=True)
class Holder:
    """The named person inferred to hold a role-only entity's office in one article, with the articles that
    name that person in that role within the window (the evidence)."""

    article_id: str
    person_id: str
    person_name: str
    evidence: tuple[str, ...]


# ------------------------------------------------------------------ canonical ids on save


def canonical(conn: sqlite3.Connection, article: Article) -> Article:
    """The article with its persons resolved across stored articles and the curation rules applied."""
    article = _resolve_persons(conn, article)
    return apply_rules(article, _rules(conn, article))


def _resolve_persons(conn: sqlite3.Connection, article: Article) -> Article:
    provinces = provinces_of(article)
    mapping: dict[str, str] = {}
    for entity in article.entities:
        if entity.type != PERSON or not entity.named or entity.inferred:
            continue
        candidates = {cid: _context(conn, cid) for cid in _same_name(conn, entity.name)}
        mine = context(entity.roles, provinces)
        chosen = choose(entity.id, entity.name, mine, candidates)
        if chosen != entity.id:
            mapping[entity.id] = chosen
    return rename_ids(article, mapping) if mapping else article


def _same_name(conn: sqlite3.Connection, name: str) -> list[str]:
    rows = conn.execute("SELECT entity_id FROM person_names WHERE name_key = ?", (normalize_key(name),))
    return [row[0] for row in rows]


def _context(conn: sqlite3.Connection, entity_id: str) -> Context:
    roles = conn.execute(
        "SELECT DISTINCT title, of_name, of_entity FROM person_roles WHERE entity_id = ?", (entity_id,)
    ).fetchall()
    provinces = conn.execute(
        """
        SELECT DISTINCT substr(json_extract(e.kb, '$.region_code'), 1, 2)
        FROM (SELECT article_id FROM article_entities WHERE entity_id = ? LIMIT ?) mine
        JOIN article_entities other ON other.article_id = mine.article_id
        JOIN entities e ON e.id = other.entity_id
        WHERE json_extract(e.kb, '$.region_code') IS NOT NULL
        """,
        (entity_id, _EVIDENCE_ARTICLES),
    ).fetchall()
    return context((Role(t, o, oe) for t, o, oe in roles), (p for (p,) in provinces if p))


def _rules(conn: sqlite3.Connection, article: Article) -> Rules:
    redirects = _redirects(conn, [e.id for e in article.entities])
    moves = {
        (start, end, from_id): to_id
        for start, end, from_id, to_id in conn.execute(
            "SELECT start_offset, end_offset, from_id, to_id FROM mention_moves WHERE article_id = ?", (article.id,)
        )
    }
    for target in list(moves.values()):
        redirects.update(_redirects(conn, [target]))
    ids = {e.id for e in article.entities} | {t for t in redirects.values() if t} | set(moves.values())
    return Rules(redirects, moves, _overrides(conn, ids))


def _redirects(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str | None]:
    """Redirects for `ids`, following chains."""
    found: dict[str, str | None] = {}
    pending = list(ids)
    while pending:
        entity_id = pending.pop()
        if entity_id in found:
            continue
        row = conn.execute("SELECT to_id FROM entity_redirects WHERE from_id = ?", (entity_id,)).fetchone()
        if row is not None:
            found[entity_id] = row[0]
            if row[0] is not None:
                pending.append(row[0])
    return found


def _overrides(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Override]:
    out = {}
    for entity_id in ids:
        row = conn.execute(
            "SELECT name, type, aliases FROM entity_overrides WHERE entity_id = ?", (entity_id,)
        ).fetchone()
        if row is not None:
            out[entity_id] = Override(row[0], row[1], tuple(json.loads(row[2])))
    return out


def remember_person(conn: sqlite3.Connection, entity_id: str, name: str) -> None:
    """Index a stored named person by its normalized name."""
    conn.execute(
        "INSERT OR IGNORE INTO person_names (name_key, entity_id) VALUES (?, ?)", (normalize_key(name), entity_id)
    )


# ------------------------------------------------------------------ curation decisions


def record(conn: sqlite3.Connection, action: str, entity_id: str, args: dict[str, object], who: str, why: str) -> int:
    """Check the entity exists, log the decision and apply it to the rule tables; returns the log number."""
    if not why.strip():
        raise InputError("say why (--why): every curation decision is logged with its reason")
    _require(conn, entity_id)
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    cur = conn.execute(
        "INSERT INTO curation_log (at, who, action, entity, args, why) VALUES (?, ?, ?, ?, ?, ?)",
        (at, who, action, entity_id, json.dumps(args, ensure_ascii=False, sort_keys=True), why.strip()),
    )
    seq = int(cur.lastrowid or 0)
    _RULES[action](conn, entity_id, args, seq)
    return seq


def _require(conn: sqlite3.Connection, entity_id: str) -> None:
    if conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is None:
        raise NotFoundError(f"no entity with id {entity_id!r}; find ids with `warta entities --name …`")


def _merge(conn: sqlite3.Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    into = str(args["into"])
    _require(conn, into)
    if into == entity_id:
        raise InputError(f"cannot merge {entity_id} into itself")
    if _redirects(conn, [into]).get(into, into) is None:
        raise InputError(f"{into} was deleted; merge into an entity that exists")
    conn.execute(
        "INSERT OR REPLACE INTO entity_redirects (from_id, to_id, log_seq) VALUES (?, ?, ?)", (entity_id, into, seq)
    )
    _unlink_path(conn, into, entity_id)


def _unlink_path(conn: sqlite3.Connection, start: str, stop: str) -> None:
    """Drop the redirects on the chain from `start` up to `stop`, so that a merge never closes a cycle."""
    chain = [start]
    while row := conn.execute("SELECT to_id FROM entity_redirects WHERE from_id = ?", (chain[-1],)).fetchone():
        if row[0] is None or row[0] in chain:
            break
        chain.append(row[0])
    if stop in chain:
        conn.executemany("DELETE FROM entity_redirects WHERE from_id = ?", [(c,) for c in chain[: chain.index(stop)]])


def _delete(conn: sqlite3.Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO entity_redirects (from_id, to_id, log_seq) VALUES (?, NULL, ?)", (entity_id, seq)
    )


def _split(conn: sqlite3.Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    keys = [tuple(k) for k in args["mentions"]]  # type: ignore[attr-defined]
    for article_id, start, end in keys:
        row = conn.execute(
            "SELECT 1 FROM mentions WHERE article_id = ? AND start_offset = ? AND end_offset = ? AND entity_id = ?",
            (article_id, start, end, entity_id),
        ).fetchone()
        if row is None:
            raise InputError(f"{article_id}:{start}-{end} is not a mention of {entity_id}; see `warta entity show`")
    type_ = conn.execute("SELECT type FROM entities WHERE id = ?", (entity_id,)).fetchone()[0]
    new_id = split_id(type_, entity_id, keys)
    args["new_id"] = new_id
    conn.executemany(
        "INSERT OR REPLACE INTO mention_moves (article_id, start_offset, end_offset, from_id, to_id, log_seq) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(a, s, e, entity_id, new_id, seq) for a, s, e in keys],
    )
    if args.get("name"):
        _set_override(conn, new_id, name=str(args["name"]))


def split_id(type_: str, entity_id: str, keys: Sequence[tuple[object, ...]]) -> str:
    """The id of the entity a split creates: a hash of the source and the mentions moved."""
    return make_id(type_, "split", entity_id, *sorted(":".join(map(str, k)) for k in keys))


def _rename(conn: sqlite3.Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    _set_override(conn, entity_id, name=str(args["name"]))


def _retype(conn: sqlite3.Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    _set_override(conn, entity_id, type=str(args["type"]))


def _alias(conn: sqlite3.Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    row = conn.execute("SELECT aliases FROM entity_overrides WHERE entity_id = ?", (entity_id,)).fetchone()
    aliases = sorted({*(json.loads(row[0]) if row else []), str(args["alias"])})
    _set_override(conn, entity_id, aliases=aliases)


def _set_override(conn: sqlite3.Connection, entity_id: str, **fields: object) -> None:
    conn.execute("INSERT OR IGNORE INTO entity_overrides (entity_id) VALUES (?)", (entity_id,))
    for column, value in fields.items():
        if column == "aliases":
            conn.execute("UPDATE entity_overrides SET aliases = ? WHERE entity_id = ?", (json.dumps(value), entity_id))
        elif column in ("name", "type"):
            conn.execute(
                f"UPDATE entity_overrides SET {column} = ? WHERE entity_id = ?", (value, entity_id)
            )  # fixed names


_RULES = {
    "merge": _merge,
    "delete": _delete,
    "split": _split,
    "rename": _rename,
    "retype": _retype,
    "alias": _alias,
}


def affected_articles(conn: sqlite3.Connection, entity_id: str) -> list[str]:
    """The stored articles an entity appears in."""
    rows = conn.execute("SELECT article_id FROM article_entities WHERE entity_id = ? ORDER BY article_id", (entity_id,))
    return [row[0] for row in rows]


def apply_override_row(conn: sqlite3.Connection, entity_id: str) -> None:
    """Copy a curator's name and type onto the stored entity row."""
    row = conn.execute("SELECT name, type FROM entity_overrides WHERE entity_id = ?", (entity_id,)).fetchone()
    if row is None:
        return
    name, type_ = row
    if name:
        conn.execute("UPDATE entities SET name = ? WHERE id = ?", (name, entity_id))
    if type_:
        conn.execute("UPDATE entities SET type = ? WHERE id = ?", (type_, entity_id))


def log(conn: sqlite3.Connection, entity_id: str | None = None, limit: int = 100) -> list[LogEntry]:
    """Curation decisions, newest first, optionally about one entity."""
    rows = conn.execute(
        "SELECT seq, at, who, action, entity, args, why FROM curation_log "
        "WHERE ? IS NULL OR entity = ? OR args LIKE '%' || ? || '%' ORDER BY seq DESC LIMIT ?",
        (entity_id, entity_id, entity_id, limit),
    )
    return [LogEntry(s, at, who, act, ent, json.loads(args), why) for s, at, who, act, ent, args, why in rows]


# ------------------------------------------------------------------ role holders over time


def role_holders(conn: sqlite3.Connection, entity_id: str) -> list[Holder]:
    """For a role-only person, per article: the one named person other articles of the period give that
    role (within HOLDER_WINDOW_DAYS of the article's date). Ambiguous or unknown periods give nothing."""
    roles = conn.execute(
        "SELECT DISTINCT title, of_entity, of_name FROM person_roles WHERE entity_id = ?", (entity_id,)
    ).fetchall()
    named = conn.execute("SELECT named FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if not roles or named is None or named[0]:
        return []
    title, of_entity, of_name = roles[0]
    out = []
    for article_id, published in conn.execute(
        "SELECT a.id, a.published FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
        "WHERE ae.entity_id = ? ORDER BY a.published, a.id",
        (entity_id,),
    ).fetchall():
        holder = _holder(conn, article_id, published, title, of_entity, of_name)
        if holder is not None:
            out.append(holder)
    return out


def _holder(
    conn: sqlite3.Connection,
    article_id: str,
    published: str | None,
    title: str,
    of_entity: str | None,
    of_name: str | None,
) -> Holder | None:
    day = _day(published)
    if day is None:
        return None
    low = (day - timedelta(days=HOLDER_WINDOW_DAYS)).isoformat()
    high = (day + timedelta(days=HOLDER_WINDOW_DAYS)).isoformat() + "~"
    rows = conn.execute(
        """
        SELECT pr.entity_id, e.name, pr.article_id FROM person_roles pr JOIN entities e ON e.id = pr.entity_id
        WHERE e.named = 1 AND pr.title = ? AND (pr.of_entity = ? OR (? IS NULL AND pr.of_name = ?))
          AND pr.published >= ? AND pr.published <= ?
        ORDER BY pr.published, pr.article_id
        """,
        (title, of_entity, of_entity, of_name, low, high),
    ).fetchall()
    people = {person for person, _, _ in rows}
    if len(people) != 1:
        return None
    person, name, _ = rows[0]
    return Holder(article_id, person, name, tuple(dict.fromkeys(a for _, _, a in rows)))


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None
