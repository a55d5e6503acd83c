"""SQLiteStore: the store in one SQLite file (standard-library sqlite3, WAL journal, FTS5 search)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from warta.document import from_document, to_document
from warta.errors import NotFoundError, StoreError
from warta.ids import normalize_key
from warta.model import Article, Entity
from warta.store import ArticleRow, EntityRow, QuoteRow, RoleRow, SearchHit, curation, search
from warta.store.graph import Graph, GraphFilter, read_graph
from warta.store.migrate import migrate
from warta.store.search import NAME_MATCH

BUSY_TIMEOUT_MS = 5000

_ENTITY_SELECT = """
SELECT e.id, e.name, e.type, e.named,
       COALESCE((SELECT MIN(ae.inferred) FROM article_entities ae WHERE ae.entity_id = e.id), 0),
       e.aliases,
       (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS mention_count,
       (SELECT COUNT(*) FROM article_entities ae WHERE ae.entity_id = e.id)
FROM entities e
"""

_QUOTE_SELECT = """
SELECT q.id, q.article_id, q.text, q.kind, q.cue, q.speaker_id, e.name, a.published
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN entities e ON e.id = q.speaker_id
"""


def _fold(value: object) -> str | None:
    return normalize_key(value) if isinstance(value, str) else None


class SQLiteStore:
    """A `Store` in a SQLite database file, or ":memory:"."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._conn = _connect(path)

    def __enter__(self) -> SQLiteStore:
        """The store itself."""
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the store."""
        self.close()

    def close(self) -> None:
        """Release the connection."""
        self._conn.close()

    # --- writing -----------------------------------------------------------------------------------

    def save(self, article: Article) -> None:
        """Store one article with its annotations, in one transaction; saving it again changes nothing.
        Its persons are resolved against the stored ones and curation decisions are replayed on it."""
        try:
            with self._transaction() as conn:
                self._write(conn, article)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot save article {article.id!r} in {self.path}: {exc}") from exc

    def save_many(self, articles: Iterable[Article]) -> int:
        """Save every article (one transaction each); returns how many were saved."""
        saved = 0
        for article in articles:
            self.save(article)
            saved += 1
        return saved

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _write(self, conn: sqlite3.Connection, article: Article) -> None:
        """Replace the article's rows (a no-op when the stored document is already identical)."""
        article = curation.canonical(conn, article)
        try:
            document = json.dumps(to_document(article), ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"cannot save article {article.id!r}: not JSON-serializable ({exc})") from exc
        stored = conn.execute("SELECT document FROM articles WHERE id = ?", (article.id,)).fetchone()
        if stored is not None and stored[0] == document:
            return
        previous = self._delete_rows(conn, article.id)
        self._upsert_article(conn, article, document)
        self._insert_entities(conn, article)
        self._insert_mentions(conn, article)
        self._insert_quotes(conn, article)
        self._insert_edges(conn, article)
        self._insert_roles(conn, article)
        self._prune_entities(conn, previous)

    def _delete_rows(self, conn: sqlite3.Connection, article_id: str) -> list[str]:
        """Delete the article's own rows; returns the entity ids it linked to."""
        linked = conn.execute("SELECT entity_id FROM article_entities WHERE article_id = ?", (article_id,))
        previous = [row[0] for row in linked]
        for table in ("mentions", "quotes", "edges", "person_roles", "article_entities"):
            conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))  # fixed identifiers
        return previous

    def _upsert_article(self, conn: sqlite3.Connection, a: Article, document: str) -> None:
        """Insert the article row, or update it in place (its rowid, the FTS key, stays)."""
        conn.execute(
            """
            INSERT INTO articles (id, url, source, title, published, dateline, author, site, text, document)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                url = excluded.url, source = excluded.source, title = excluded.title,
                published = excluded.published, dateline = excluded.dateline, author = excluded.author,
                site = excluded.site, text = excluded.text, document = excluded.document
            """,
            (a.id, a.url, a.source, a.title, a.published, a.dateline, a.author, a.site, a.text, document),
        )

    def _insert_entities(self, conn: sqlite3.Connection, article: Article) -> None:
        """Upsert the shared entity rows and link them to the article."""
        for entity in article.entities:
            self._upsert_entity(conn, entity)
        conn.executemany(
            "INSERT INTO article_entities (article_id, entity_id, inferred) VALUES (?, ?, ?)",
            [(article.id, e.id, int(e.inferred)) for e in article.entities],
        )

    def _upsert_entity(self, conn: sqlite3.Connection, entity: Entity) -> None:
        """Insert an entity, or merge it into the stored one (aliases as a sorted set, `named` if either)."""
        sql = "SELECT name, named, aliases, kb FROM entities WHERE id = ?"
        row = conn.execute(sql, (entity.id,)).fetchone()
        aliases = set(entity.aliases)
        kb = dict(entity.kb)
        named = entity.named
        if row is not None:
            name, was_named, old_aliases, old_kb = row
            aliases |= set(json.loads(old_aliases)) | {entity.name}
            aliases.discard(name)
            kb = {**json.loads(old_kb), **kb}
            named = named or bool(was_named)
        conn.execute(
            """
            INSERT INTO entities (id, name, type, named, aliases, kb) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                named = excluded.named, aliases = excluded.aliases, kb = excluded.kb
            """,
            (entity.id, entity.name, entity.type, int(named), _json(sorted(aliases)), _json(kb)),
        )
        if entity.type == "person" and entity.named:
            curation.remember_person(conn, entity.id, entity.name)

    def _insert_mentions(self, conn: sqlite3.Connection, article: Article) -> None:
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

    def _insert_quotes(self, conn: sqlite3.Connection, article: Article) -> None:
        """Insert the article's quotes (the FTS index follows by trigger)."""
        conn.executemany(
            """
            INSERT INTO quotes (article_id, id, start_offset, end_offset, text, kind, cue, speaker_id,
                                cue_start, cue_end)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                (article.id, q.id, q.start, q.end, q.text, q.kind, q.cue, q.speaker, q.cue_start, q.cue_end)
                for q in article.quotes
            ],
        )

    def _insert_edges(self, conn: sqlite3.Connection, article: Article) -> None:
        """Insert the article's edges, numbered in order."""
        conn.executemany(
            "INSERT INTO edges (article_id, seq, source, target, type, weight) VALUES (?, ?, ?, ?, ?, ?)",
            [(article.id, seq, e.source, e.target, e.type, e.weight) for seq, e in enumerate(article.edges)],
        )

    def _insert_roles(self, conn: sqlite3.Connection, article: Article) -> None:
        """Record each entity's roles with the article's date (duplicates within the article dropped)."""
        rows = {
            (e.id, r.title, r.of, r.of_entity, article.id, article.published) for e in article.entities for r in e.roles
        }
        conn.executemany(
            "INSERT INTO person_roles (entity_id, title, of_name, of_entity, article_id, published) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            sorted(rows, key=repr),
        )

    def _prune_entities(self, conn: sqlite3.Connection, entity_ids: Sequence[str]) -> None:
        """Delete entities no stored article links to any more."""
        conn.executemany(
            "DELETE FROM entities WHERE id = ? "
            "AND NOT EXISTS (SELECT 1 FROM article_entities WHERE entity_id = entities.id)",
            [(entity_id,) for entity_id in entity_ids],
        )

    # --- curation ----------------------------------------------------------------------------------

    def curate(self, action: str, entity_id: str, args: dict[str, object], who: str, why: str) -> int:
        """Record a curation decision (see `warta.store.curation`) and save the articles it touches again,
        all in one transaction; returns the decision's log number."""
        try:
            with self._transaction() as conn:
                touched = curation.affected_articles(conn, entity_id)
                seq = curation.record(conn, action, entity_id, args, who, why)
                if action == "merge":
                    touched += curation.affected_articles(conn, str(args["into"]))
                for article_id in sorted(set(touched)):
                    self._resave(conn, article_id)
                for changed in (entity_id, str(args.get("new_id", "")), str(args.get("into", ""))):
                    curation.apply_override_row(conn, changed)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot record the decision in {self.path}: {exc}") from exc
        return seq

    def _resave(self, conn: sqlite3.Connection, article_id: str) -> None:
        row = conn.execute("SELECT document FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            self._write(conn, from_document(json.loads(row[0])))

    def curation_log(self, entity_id: str | None = None, limit: int = 100) -> list[curation.LogEntry]:
        """Curation decisions, newest first, optionally about one entity."""
        return curation.log(self._conn, entity_id, limit)

    def role_holders(self, entity_id: str) -> list[curation.Holder]:
        """For a role-only person: per article, the named holder other articles of the period give."""
        return curation.role_holders(self._conn, entity_id)

    def graph(self, graph_filter: GraphFilter) -> Graph:
        """The stored graph over the articles the filter keeps (`warta.store.graph`)."""
        return read_graph(self._conn, graph_filter)

    # --- reading -----------------------------------------------------------------------------------

    def article(self, article_id: str) -> dict[str, Any]:
        """The stored document of one article; NotFoundError if absent."""
        row = self._conn.execute("SELECT document FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r} in {self.path}")
        document: dict[str, Any] = json.loads(row[0])
        return document

    def articles(self, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
        """Stored articles, newest first (undated ones last)."""
        rows = self._conn.execute(
            "SELECT id, title, source, published, url FROM articles "
            "ORDER BY published IS NULL, published DESC, id LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [ArticleRow(*row) for row in rows]

    def entities(self, type: str | None = None, limit: int = 100, name: str | None = None) -> list[EntityRow]:
        """Entities by mention count (then name), optionally of one type or matching a name or alias."""
        sql = _ENTITY_SELECT + f"WHERE (:type IS NULL OR e.type = :type) AND (:name IS NULL OR {NAME_MATCH})"
        sql += " ORDER BY mention_count DESC, e.name, e.id LIMIT :limit"
        folded = normalize_key(name) if name is not None else None
        rows = self._conn.execute(sql, {"type": type, "name": folded, "limit": limit})
        return [_entity_row(row) for row in rows]

    def entity(self, entity_id: str) -> EntityRow:
        """One entity; NotFoundError if absent."""
        row = self._conn.execute(_ENTITY_SELECT + "WHERE e.id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no entity with id {entity_id!r} in {self.path}")
        return _entity_row(row)

    def roles(self, entity_id: str) -> list[RoleRow]:
        """The roles an entity held across articles, oldest article first."""
        rows = self._conn.execute(
            "SELECT entity_id, title, of_name, of_entity, article_id, published FROM person_roles "
            "WHERE entity_id = ? ORDER BY published IS NULL, published, article_id, title",
            (entity_id,),
        )
        return [RoleRow(*row) for row in rows]

    def quotes(self, speaker: str | None = None, limit: int = 100) -> list[QuoteRow]:
        """Quotes, newest first; `speaker` is an entity id, or part of a speaker's name or alias."""
        where = ""
        params: dict[str, Any] = {"limit": limit}
        if speaker is not None:
            where = f"WHERE q.speaker_id = :speaker OR (e.id IS NOT NULL AND {NAME_MATCH})"
            params |= {"speaker": speaker, "name": normalize_key(speaker)}
        order = " ORDER BY a.published IS NULL, a.published DESC, q.article_id, q.start_offset LIMIT :limit"
        sql = _QUOTE_SELECT + where + order
        return [QuoteRow(*row) for row in self._conn.execute(sql, params)]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Entities whose name or alias contains the query, then article and quote text matches by score."""
        return search.search(self._conn, query, limit)

    def counts(self) -> dict[str, int]:
        """Row counts: articles, mentions, entities, quotes, edges."""
        tables = ("articles", "mentions", "entities", "quotes", "edges")
        return {t: int(self._conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _entity_row(row: Sequence[Any]) -> EntityRow:
    entity_id, name, type_, named, inferred, aliases, mentions, articles = row
    return EntityRow(
        entity_id, name, type_, bool(named), bool(inferred), tuple(json.loads(aliases)), mentions, articles
    )


def _connect(path: str) -> sqlite3.Connection:
    """Open, check, configure and migrate a database; StoreError instead of sqlite3 tracebacks."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from exc
    try:
        _configure(conn, path)
        migrate(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"{path}: cannot open the database ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: sqlite3.Connection, path: str) -> None:
    """Check the file is a SQLite database, then set WAL, foreign keys and the busy timeout."""
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a Warta database ({exc})") from exc
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")  # a fixed integer, not user input
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.create_function("warta_fold", 1, _fold, deterministic=True)
