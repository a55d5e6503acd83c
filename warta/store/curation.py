"""Curation decisions in SQL (the role holders inferred over time are read by `warta.store.queries.holders`).
The log is shared with the decisions on isus (`warta.store.isu_curation`: actions isu-merge, isu-split, isu-rename).

Each curation call records its decision in `curation_log` and in its rule table, in the caller's transaction;
the store then saves the affected articles again through the same path (`warta.store.resolve.canonical`
replays the rules on every save), so stored rows and re-processed articles agree.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from warta.errors import InputError, NotFoundError
from warta.ids import make_id
from warta.store.connection import Connection
from warta.store.names import name_keys
from warta.store.resolve import redirects_of

ACTIONS = ("merge", "split", "alias", "rename", "retype", "delete")


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


# ------------------------------------------------------------------ curation decisions


def record(conn: Connection, action: str, entity_id: str, args: dict[str, object], who: str, why: str) -> int:
    """Check the entity exists, log the decision and apply it to the rule tables; returns the log number."""
    why = reason(why)
    _require(conn, entity_id)
    seq = log_decision(conn, action, entity_id, args, who, why)
    _RULES[action](conn, entity_id, args, seq)
    return seq


def reason(why: str) -> str:
    """The decision's reason, stripped; InputError when there is none."""
    if not why.strip():
        raise InputError("say why (--why): every curation decision is logged with its reason")
    return why.strip()


def log_decision(conn: Connection, action: str, subject: str, args: dict[str, object], who: str, why: str) -> int:
    """Add a decision about `subject` (an entity or isu id) to `curation_log`; returns its log number."""
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    row = conn.execute(
        "INSERT INTO curation_log (at, who, action, entity, args, why) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq",
        (at, who, action, subject, json.dumps(args, ensure_ascii=False, sort_keys=True), reason(why)),
    ).fetchall()[0]
    return int(row[0])


def _require(conn: Connection, entity_id: str) -> None:
    if conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is None:
        raise NotFoundError(f"no entity with id {entity_id!r}; find ids with `warta entities --name …`")


_REDIRECT = (
    "INSERT INTO entity_redirects (from_id, to_id, log_seq) VALUES (?, ?, ?) "
    "ON CONFLICT (from_id) DO UPDATE SET to_id = excluded.to_id, log_seq = excluded.log_seq"
)


def _merge(conn: Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    into = str(args["into"])
    _require(conn, into)
    if into == entity_id:
        raise InputError(f"cannot merge {entity_id} into itself")
    if redirects_of(conn, [into]).get(into, into) is None:
        raise InputError(f"{into} was deleted; merge into an entity that exists")
    conn.execute(_REDIRECT, (entity_id, into, seq))
    _unlink_path(conn, into, entity_id)


def _unlink_path(conn: Connection, start: str, stop: str) -> None:
    """Drop the redirects on the chain from `start` up to `stop`, so that a merge never closes a cycle."""
    chain = [start]
    while row := conn.execute("SELECT to_id FROM entity_redirects WHERE from_id = ?", (chain[-1],)).fetchone():
        if row[0] is None or row[0] in chain:
            break
        chain.append(row[0])
    if stop in chain:
        conn.executemany("DELETE FROM entity_redirects WHERE from_id = ?", [(c,) for c in chain[: chain.index(stop)]])


def _delete(conn: Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    conn.execute(_REDIRECT, (entity_id, None, seq))


def _split(conn: Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
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
        "INSERT INTO mention_moves (article_id, start_offset, end_offset, from_id, to_id, log_seq) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, start_offset, end_offset, from_id) DO UPDATE SET "
        "to_id = excluded.to_id, log_seq = excluded.log_seq",
        [(a, s, e, entity_id, new_id, seq) for a, s, e in keys],
    )
    if args.get("name"):
        _set_override(conn, new_id, name=str(args["name"]))


def split_id(type_: str, entity_id: str, keys: Sequence[tuple[object, ...]]) -> str:
    """The id of the entity a split creates: a hash of the source and the mentions moved."""
    return make_id(type_, "split", entity_id, *sorted(":".join(map(str, k)) for k in keys))


def _rename(conn: Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    _set_override(conn, entity_id, name=str(args["name"]))


def _retype(conn: Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    _set_override(conn, entity_id, type=str(args["type"]))


def _alias(conn: Connection, entity_id: str, args: dict[str, object], seq: int) -> None:
    row = conn.execute("SELECT aliases FROM entity_overrides WHERE entity_id = ?", (entity_id,)).fetchone()
    aliases = sorted({*(json.loads(row[0]) if row else []), str(args["alias"])})
    _set_override(conn, entity_id, aliases=aliases)


def _set_override(conn: Connection, entity_id: str, **fields: object) -> None:
    conn.execute("INSERT INTO entity_overrides (entity_id) VALUES (?) ON CONFLICT (entity_id) DO NOTHING", (entity_id,))
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


def affected_articles(conn: Connection, entity_id: str) -> list[str]:
    """The stored articles an entity appears in."""
    rows = conn.execute("SELECT article_id FROM article_entities WHERE entity_id = ? ORDER BY article_id", (entity_id,))
    return [row[0] for row in rows]


def apply_override_row(conn: Connection, entity_id: str) -> None:
    """Copy a curator's name and type onto the stored entity row (and the name's keys, `warta.store.names`)."""
    row = conn.execute("SELECT name, type FROM entity_overrides WHERE entity_id = ?", (entity_id,)).fetchone()
    if row is None:
        return
    name, type_ = row
    stored = conn.execute("SELECT aliases FROM entities WHERE id = ?", (entity_id,)).fetchone() if name else None
    if stored is not None:
        keys = name_keys(name, json.loads(stored[0]))
        conn.execute("UPDATE entities SET name = ?, name_keys = ? WHERE id = ?", (name, keys, entity_id))
    if type_:
        conn.execute("UPDATE entities SET type = ? WHERE id = ?", (type_, entity_id))


def log(conn: Connection, entity_id: str | None = None, limit: int = 100) -> list[LogEntry]:
    """Curation decisions, newest first, optionally about one entity or isu (or naming it in their arguments)."""
    rows = conn.execute(
        "SELECT seq, at, who, action, entity, args, why FROM curation_log "
        "WHERE ? IS NULL OR entity = ? OR args LIKE '%' || ? || '%' ORDER BY seq DESC LIMIT ?",
        (entity_id, entity_id, entity_id, limit),
    )
    return [LogEntry(s, at, who, act, ent, json.loads(args), why) for s, at, who, act, ent, args, why in rows]
