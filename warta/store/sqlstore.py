"""SQLStore: the `Store` over any SQL `Connection`; `SQLiteStore` and `PostgresStore` differ only in how they connect.

Every write runs in one transaction of the connection (`Connection.transaction`: one writer at a time on both
backends): `save` one article, `save_many` a batch of articles, `curate` a decision and the articles it touches.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any

from warta.document import from_document
from warta.errors import NotFoundError, StoreError
from warta.ids import normalize_key
from warta.model import Article
from warta.store import ArticleRow, EntityRow, QuoteRow, RoleRow, SearchHit, curation, resolve, rows, search, tokens
from warta.store.connection import Connection, Dialect, detail
from warta.store.graph import Graph, GraphFilter, read_graph
from warta.store.search import NAME_MATCH
from warta.store.tokens import Token

BATCH_SIZE = 200  # articles per transaction in `save_many`

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

OnError = Callable[[Article, StoreError], None]


class SaveManyError(StoreError):
    """Some articles of a `save_many` could not be saved (every other one was); `failed` holds their errors."""

    def __init__(self, saved: int, failed: list[tuple[str, StoreError]]) -> None:
        names = ", ".join(article_id for article_id, _ in failed[:5]) + (" …" if len(failed) > 5 else "")
        total = saved + len(failed)
        super().__init__(f"{len(failed)} of {total} articles not saved ({names}); first error: {failed[0][1]}")
        self.saved = saved
        self.failed = failed


class SQLStore:
    """A `Store` whose SQL runs on `conn` (SQLite's dialect, translated for PostgreSQL by its connection)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @property
    def conn(self) -> Connection:
        """The connection the store's queries (`warta.store.queries`, `warta.store.frontier`) run on."""
        return self._conn

    @property
    def dialect(self) -> Dialect:
        """ "sqlite" or "postgresql"."""
        return self._conn.dialect

    @property
    def label(self) -> str:
        """The database, as messages name it."""
        return self._conn.label

    def __enter__(self) -> SQLStore:
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
        except self._conn.errors as exc:
            raise StoreError(f"cannot save article {article.id!r} in {self.label}: {_line(exc)}") from exc

    def save_many(
        self, articles: Iterable[Article], batch_size: int = BATCH_SIZE, on_error: OnError | None = None
    ) -> int:
        """Save every article, `batch_size` to a transaction; returns how many were saved. A batch that fails
        is saved again one article at a time, so that one bad article loses no other: each one that fails goes
        to `on_error(article, error)`, or, without it, `SaveManyError` names them once the rest is saved."""
        saved = 0
        failed: list[tuple[str, StoreError]] = []
        for batch in _batches(articles, max(1, batch_size)):
            errors = self._save_batch(batch)
            saved += len(batch) - len(errors)
            for article, error in errors:
                if on_error is None:
                    failed.append((article.id, error))
                else:
                    on_error(article, error)
        if failed:
            raise SaveManyError(saved, failed)
        return saved

    def _save_batch(self, batch: list[Article]) -> list[tuple[Article, StoreError]]:
        """Save a batch in one transaction, else article by article; returns the articles that failed."""
        retry: tuple[type[Exception], ...] = (StoreError, *self._conn.errors)
        try:
            with self._transaction() as conn:
                for article in batch:
                    self._write(conn, article)
            return []
        except retry:
            pass
        errors = []
        for article in batch:
            try:
                self.save(article)
            except StoreError as exc:
                errors.append((article, exc))
        return errors

    def _transaction(self) -> AbstractContextManager[Connection]:
        """A write transaction: committed on exit, rolled back on any exception."""
        return self._conn.transaction()

    def _write(self, conn: Connection, article: Article) -> None:
        """Write the article's rows (a no-op when the stored document is already identical), after resolving
        its persons across stored articles and replaying the curation rules."""
        article = resolve.canonical(conn, article)
        rows.write(conn, article, rows.document_of(article))

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
        except self._conn.errors as exc:
            raise StoreError(f"cannot record the decision in {self.label}: {_line(exc)}") from exc
        return seq

    def _resave(self, conn: Connection, article_id: str) -> None:
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

    # --- access tokens (warta.store.tokens: only their hashes are stored) --------------------------------

    def create_token(self, name: str, scope: str) -> tuple[Token, str]:
        """A new access token: the stored token and its plain value, which is never stored (show it once)."""
        try:
            return tokens.create(self._conn, name, scope)
        except self._conn.errors as exc:
            raise StoreError(f"cannot create a token in {self.label}: {_line(exc)}") from exc

    def verify_token(self, token: str) -> Token | None:
        """The valid token with this plain value, else None (unknown or revoked)."""
        try:
            return tokens.verify(self._conn, token)
        except self._conn.errors as exc:
            raise StoreError(f"cannot check a token in {self.label}: {_line(exc)}") from exc

    def tokens(self) -> list[Token]:
        """Every access token, revoked ones too, oldest first."""
        return tokens.listed(self._conn)

    def revoke_token(self, token_id: int) -> Token:
        """Revoke an access token; NotFoundError if there is none with this id."""
        if not 0 < token_id < 2**63:
            raise NotFoundError(f"no token with id {token_id}; see `warta token list`")
        try:
            return tokens.revoke(self._conn, token_id)
        except self._conn.errors as exc:
            raise StoreError(f"cannot revoke a token in {self.label}: {_line(exc)}") from exc

    # --- reading -----------------------------------------------------------------------------------

    def article(self, article_id: str) -> dict[str, Any]:
        """The stored document of one article; NotFoundError if absent."""
        row = self._conn.execute("SELECT document FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r} in {self.label}")
        document: dict[str, Any] = json.loads(row[0])
        return document

    def articles(self, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
        """Stored articles, newest first (undated ones last)."""
        found = self._conn.execute(
            "SELECT id, title, source, published, url FROM articles "
            "ORDER BY published IS NULL, published DESC, id LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [ArticleRow(*row) for row in found]

    def entities(self, type: str | None = None, limit: int = 100, name: str | None = None) -> list[EntityRow]:
        """Entities by mention count (then name), optionally of one type or matching a name or alias."""
        sql = _ENTITY_SELECT + f"WHERE (:type IS NULL OR e.type = :type) AND (:name IS NULL OR {NAME_MATCH})"
        sql += " ORDER BY mention_count DESC, e.name, e.id LIMIT :limit"
        folded = normalize_key(name) if name is not None else None
        found = self._conn.execute(sql, {"type": type, "name": folded, "limit": limit})
        return [_entity_row(row) for row in found]

    def entity(self, entity_id: str) -> EntityRow:
        """One entity; NotFoundError if absent."""
        row = self._conn.execute(_ENTITY_SELECT + "WHERE e.id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no entity with id {entity_id!r} in {self.label}")
        return _entity_row(row)

    def roles(self, entity_id: str) -> list[RoleRow]:
        """The roles an entity held across articles, oldest article first."""
        found = self._conn.execute(
            "SELECT entity_id, title, of_name, of_entity, article_id, published FROM person_roles "
            "WHERE entity_id = ? ORDER BY published IS NULL, published, article_id, title",
            (entity_id,),
        )
        return [RoleRow(*row) for row in found]

    def quotes(self, speaker: str | None = None, limit: int = 100) -> list[QuoteRow]:
        """Quotes, newest first; `speaker` is an entity id, or part of a speaker's name or alias."""
        where = ""
        params: dict[str, Any] = {"limit": limit}
        if speaker is not None:
            where = f"WHERE q.speaker_id = :speaker OR (e.id IS NOT NULL AND {NAME_MATCH})"
            params |= {"speaker": speaker, "name": normalize_key(speaker)}
        order = " ORDER BY a.published IS NULL, a.published DESC, q.article_id, q.start_offset LIMIT :limit"
        return [QuoteRow(*row) for row in self._conn.execute(_QUOTE_SELECT + where + order, params)]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Entities whose name or alias contains the query, then article and quote text matches by score."""
        return search.search(self._conn, query, limit)

    def counts(self) -> dict[str, int]:
        """Row counts: articles, mentions, entities, quotes, edges."""
        tables = ("articles", "mentions", "entities", "quotes", "edges")
        return {t: int(self._conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """The articles in lists of `size` (the last one shorter)."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _line(exc: BaseException) -> str:
    """An exception's message on one line (a `DriverError`'s without the database, which the caller names)."""
    return detail(exc)


def _entity_row(row: Any) -> EntityRow:
    entity_id, name, type_, named, inferred, aliases, mentions, articles = row
    return EntityRow(
        entity_id, name, type_, bool(named), bool(inferred), tuple(json.loads(aliases)), mentions, articles
    )
