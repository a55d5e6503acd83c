"""One article's rows: written, replaced and pruned inside the caller's transaction, on either backend.

An article owns its mentions, quotes, edges, roles and entity links (deleted and inserted again when the article
changes); entities are shared across articles and merged on insert. Each table's rows go in one `executemany`
(one multi-row insert on PostgreSQL), and all of an article's writes in one pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from warta.document import to_document
from warta.errors import StoreError
from warta.ids import normalize_key
from warta.model import Article, Entity, Quote, Tone
from warta.store.connection import Connection, one_of
from warta.store.names import name_keys

OWN_TABLES = ("mentions", "quotes", "edges", "person_roles", "article_entities")  # deleted in this order


def to_json(value: Any) -> str:
    """Canonical JSON text (sorted keys, UTF-8 kept)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def write(conn: Connection, article: Article, document: str) -> bool:
    """Replace the article's rows; a no-op when the stored document is already `document`. Returns whether it
    wrote (the article is new or changed). What it reads comes first; the writes then go in one pipeline."""
    stored = conn.execute("SELECT document FROM articles WHERE id = ?", (article.id,)).fetchone()
    if stored is not None and stored[0] == document:
        return False
    previous = linked_entities(conn, article.id) if stored is not None else []
    entities = _stored_entities(conn, [e.id for e in article.entities])
    with conn.pipeline():
        if stored is not None:
            delete_own(conn, article.id)
        upsert_article(conn, article, document)
        insert_entities(conn, article, entities)
        insert_mentions(conn, article)
        insert_quotes(conn, article)
        insert_edges(conn, article)
        insert_roles(conn, article)
        prune_entities(conn, previous)
    return True


def document_of(article: Article) -> str:
    """The article's stored document as JSON text; StoreError if it cannot be serialized."""
    try:
        return json.dumps(to_document(article), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"cannot save article {article.id!r}: not JSON-serializable ({exc})") from exc


def linked_entities(conn: Connection, article_id: str) -> list[str]:
    """The ids of the entities a stored article links to."""
    rows = conn.execute("SELECT entity_id FROM article_entities WHERE article_id = ?", (article_id,))
    return [row[0] for row in rows]


def delete_own(conn: Connection, article_id: str) -> None:
    """Delete the article's own rows."""
    for table in OWN_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))  # fixed identifiers


def tone_columns(tone: Tone | None) -> tuple[str | None, float | None]:
    """The (tone_label, tone_score) columns of a tone: the score as the document writes it (two decimals), both
    NULL without a tone."""
    return (tone.label, round(tone.score, 2) + 0.0) if tone is not None else (None, None)


def upsert_article(conn: Connection, a: Article, document: str) -> None:
    """Insert the article row, or update it in place (its `pk`, the full-text key, stays); its tone and category
    columns are the document's."""
    conn.execute(
        """
        INSERT INTO articles (id, url, source, title, published, dateline, author, site, text, document,
                              tone_label, tone_score, category)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
            url = excluded.url, source = excluded.source, title = excluded.title,
            published = excluded.published, dateline = excluded.dateline, author = excluded.author,
            site = excluded.site, text = excluded.text, document = excluded.document,
            tone_label = excluded.tone_label, tone_score = excluded.tone_score, category = excluded.category
        """,
        (a.id, a.url, a.source, a.title, a.published, a.dateline, a.author, a.site, a.text, document,
         *tone_columns(a.tone), a.category),
    )  # fmt: skip


def insert_entities(conn: Connection, article: Article, stored: dict[str, tuple[Any, ...]]) -> None:
    """Upsert the shared entity rows (merged with the `stored` ones), index named persons by name, and link the
    entities to the article. A stored entity is written only when the merge changed it: most articles name
    entities already stored as they are, and an unchanged row written again still costs its page (and on
    PostgreSQL a new row version with its index entries)."""
    conn.executemany(
        """
        INSERT INTO entities (id, name, type, named, aliases, kb, name_keys) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name,
            named = excluded.named, aliases = excluded.aliases, kb = excluded.kb, name_keys = excluded.name_keys
        WHERE entities.name <> excluded.name OR entities.named <> excluded.named
            OR entities.aliases <> excluded.aliases OR entities.kb <> excluded.kb
            OR entities.name_keys <> excluded.name_keys
        """,
        [_entity_row(e, stored.get(e.id)) for e in article.entities],
    )
    persons = [(normalize_key(e.name), e.id) for e in article.entities if e.type == "person" and e.named]
    conn.executemany(
        "INSERT INTO person_names (name_key, entity_id) VALUES (?, ?) ON CONFLICT (name_key, entity_id) DO NOTHING",
        sorted(set(persons)),
    )
    conn.executemany(
        "INSERT INTO article_entities (article_id, entity_id, inferred, tone_label, tone_score, tone_evidence, "
        "published) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(article.id, e.id, int(e.inferred), *tone_columns(e.tone), e.tone.evidence if e.tone else None,
          article.published) for e in article.entities],
    )  # fmt: skip


def _stored_entities(conn: Connection, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    """The stored (name, named, aliases, kb, whether a curator named it) of those entities that are stored."""
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT e.id, e.name, e.named, e.aliases, e.kb, o.name IS NOT NULL FROM entities e "
        f"LEFT JOIN entity_overrides o ON o.entity_id = e.id WHERE e.id {one_of(ids)}",
        ids,
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def _entity_row(entity: Entity, stored: tuple[Any, ...] | None) -> tuple[Any, ...]:
    """The row to upsert: merged with the stored one (aliases as a sorted set, `named` if either). The name is
    a curator's when there is one, else the knowledge base's current name of a renamed body (Komdigi, not the
    Kominfo first seen), else the stored one; the other names become aliases and `name_keys` is of the name."""
    name = entity.name
    aliases = set(entity.aliases)
    kb = dict(entity.kb)
    named = entity.named
    curated = False
    if stored is not None:
        name, was_named, old_aliases, old_kb, curated = stored
        aliases |= set(json.loads(old_aliases)) | {entity.name}
        kb = {**json.loads(old_kb), **kb}
        named = named or bool(was_named)
    current = kb.get("current_name")
    if isinstance(current, str) and current and not curated:
        aliases.add(name)
        name = current
    aliases.discard(name)
    merged = sorted(aliases)
    return (entity.id, name, entity.type, int(named), to_json(merged), to_json(kb), name_keys(name, merged))


def insert_mentions(conn: Connection, article: Article) -> None:
    """Insert the article's mentions, numbered in order."""
    rows = [
        (article.id, seq, m.start, m.end, m.text, m.type, m.entity, m.source,
         m.role.title if m.role else None, m.role.of if m.role else None,
         m.role.of_entity if m.role else None)
        for seq, m in enumerate(article.mentions)
    ]  # fmt: skip
    conn.executemany(
        "INSERT INTO mentions (article_id, seq, start_offset, end_offset, text, type, entity_id, source, "
        "role_title, role_of, role_of_entity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def insert_quotes(conn: Connection, article: Article) -> None:
    """Insert the article's quotes (the full-text index follows)."""
    conn.executemany(
        """
        INSERT INTO quotes (article_id, id, start_offset, end_offset, text, kind, cue, speaker_id,
                            cue_start, cue_end, tone_label, tone_score)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [_quote_row(article.id, q) for q in article.quotes],
    )


def _quote_row(article_id: str, q: Quote) -> tuple[Any, ...]:
    return (article_id, q.id, q.start, q.end, q.text, q.kind, q.cue, q.speaker, q.cue_start, q.cue_end,
            *tone_columns(q.tone))  # fmt: skip


def insert_edges(conn: Connection, article: Article) -> None:
    """Insert the article's edges, numbered in order."""
    conn.executemany(
        "INSERT INTO edges (article_id, seq, source, target, type, weight) VALUES (?, ?, ?, ?, ?, ?)",
        [(article.id, seq, e.source, e.target, e.type, e.weight) for seq, e in enumerate(article.edges)],
    )


def insert_roles(conn: Connection, article: Article) -> None:
    """Record each entity's roles with the article's date (duplicates within the article dropped)."""
    rows = {
        (e.id, r.title, r.of, r.of_entity, article.id, article.published) for e in article.entities for r in e.roles
    }
    conn.executemany(
        "INSERT INTO person_roles (entity_id, title, of_name, of_entity, article_id, published) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        sorted(rows, key=repr),
    )


def prune_entities(conn: Connection, entity_ids: Sequence[str]) -> None:
    """Delete entities no stored article links to any more."""
    conn.executemany(
        "DELETE FROM entities WHERE id = ? "
        "AND NOT EXISTS (SELECT 1 FROM article_entities WHERE entity_id = entities.id)",
        [(entity_id,) for entity_id in entity_ids],
    )
