"""SQLStore: the `Store` over any SQL `Connection`; `SQLiteStore` and `PostgresStore` differ only in how they connect.

Every write runs in one transaction of the connection (`Connection.transaction`: one writer at a time on both
backends): `save` one article, `save_many` a batch of articles, `curate` a decision and the articles it touches,
`curate_isu` a decision on isus and the isus it touches.
Every article goes through `write_article` (persons resolved, curation replayed, rows written), whoever saves
it: `save` (the CLI, the API's ingest), `save_many` (the engines) and the crawl frontier, which writes the article
and its URL's outcome in one transaction of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from types import TracebackType
from typing import Any

from warta.document import from_document
from warta.errors import NotFoundError, StoreError
from warta.model import Article
from warta.store import curation, deliveries, isu, isu_curation, resolve, rows, schedules, tokens, watch
from warta.store.connection import Connection, Dialect, detail
from warta.store.graph import Graph, GraphFilter, read_graph
from warta.store.tokens import Token
from warta.watch import Watchlist

BATCH_SIZE = 200  # articles per transaction in `save_many`

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

    def reusable(self) -> bool:
        """Whether the store may serve another caller instead of being closed (`warta.serving` keeps such
        stores): never for a file store, which opens in about a millisecond."""
        return False

    # --- writing -----------------------------------------------------------------------------------

    def save(self, article: Article) -> None:
        """Store one article with its annotations, in one transaction; saving it again changes nothing.
        Its persons are resolved against the stored ones and curation decisions are replayed on it."""
        try:
            with self._conn.transaction() as conn:
                self.write_article(conn, article)
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
            with self._conn.transaction() as conn:
                for article in batch:
                    self.write_article(conn, article)
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

    def write_article(self, conn: Connection, article: Article) -> None:
        """Write one article inside the caller's transaction `conn` (from `self.conn.transaction()`): resolve
        its persons across the stored articles, replay the curation rules, then write its rows (a no-op when the
        stored document is already identical), file it into its isu (`warta.store.isu`), and, when it is new or
        changed, match it against the watchlists, queueing the alerts of new matches (`warta.store.watch`). The
        one way an article is written; errors are the driver's."""
        article = resolve.canonical(conn, article)
        changed = rows.write(conn, article, rows.document_of(article))
        isu_id = isu.assign(conn, article)
        if changed:
            watch.match_article(conn, article, isu_id)

    # --- curation ----------------------------------------------------------------------------------

    def curate(self, action: str, entity_id: str, args: dict[str, object], who: str, why: str) -> int:
        """Record a curation decision (see `warta.store.curation`) and save the articles it touches again,
        all in one transaction; returns the decision's log number."""
        try:
            with self._conn.transaction() as conn:
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

    def curate_isu(self, action: str, isu_id: str, args: dict[str, object], who: str, why: str) -> int:
        """Record a curation decision on an isu (merge, split, rename: `warta.store.isu_curation`) and cluster the
        isus it touches again, in one transaction; returns the decision's log number. The resulting isu ids are
        added to `args` as `result`."""
        try:
            with self._conn.transaction() as conn:
                return isu_curation.decide(conn, action, isu_id, args, who, why)
        except self._conn.errors as exc:
            raise StoreError(f"cannot record the decision in {self.label}: {_line(exc)}") from exc

    def _resave(self, conn: Connection, article_id: str) -> None:
        row = conn.execute("SELECT document FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            self.write_article(conn, from_document(json.loads(row[0])))

    def curation_log(self, entity_id: str | None = None, limit: int = 100) -> list[curation.LogEntry]:
        """Curation decisions, newest first, optionally about one entity."""
        return curation.log(self._conn, entity_id, limit)

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

    # --- watchlists (warta.store.watch: every saved article is matched against them) -------------------

    def save_watchlist(self, w: Watchlist) -> Watchlist:
        """Create or replace a watchlist (by its name); returns it as stored. InputError for a bad one."""
        try:
            with self._conn.transaction() as conn:
                return watch.save_watchlist(conn, w)
        except self._conn.errors as exc:
            raise StoreError(f"cannot save watchlist {w.name!r} in {self.label}: {_line(exc)}") from exc

    def remove_watchlist(self, name: str) -> None:
        """Delete a watchlist with its matches and alerts; NotFoundError if there is none of that name."""
        try:
            with self._conn.transaction() as conn:
                watch.remove_watchlist(conn, name)
        except self._conn.errors as exc:
            raise StoreError(f"cannot remove watchlist {name!r} from {self.label}: {_line(exc)}") from exc

    def mark_alerts_seen(self, alert_ids: list[str]) -> int:
        """Mark alerts as seen in the web app; returns how many were unseen."""
        try:
            with self._conn.transaction() as conn:
                return watch.mark_seen(conn, alert_ids)
        except self._conn.errors as exc:
            raise StoreError(f"cannot mark alerts in {self.label}: {_line(exc)}") from exc

    def claim_deliveries(self, when: datetime, lease: float, most: int | None = None) -> list[deliveries.Delivery]:
        """Claim the next due alert delivery (an e-mail digest's together) for `lease` seconds, giving up on one
        with `most` interrupted attempts (see `warta.store.deliveries`); [] when nothing is due."""
        try:
            with self._conn.transaction() as conn:
                return deliveries.claim(conn, when, lease, most)
        except self._conn.errors as exc:
            raise StoreError(f"cannot claim alert deliveries in {self.label}: {_line(exc)}") from exc

    def record_delivery(
        self, claimed: list[deliveries.Delivery], ok: bool, detail: str, when: datetime, retry: tuple[int, float]
    ) -> None:
        """Record the outcome of one send of claimed deliveries (sent, or retried later, or failed)."""
        try:
            with self._conn.transaction() as conn:
                deliveries.record(conn, claimed, ok, detail, when, retry)
        except self._conn.errors as exc:
            raise StoreError(f"cannot record an alert delivery in {self.label}: {_line(exc)}") from exc

    # --- report schedules (warta.store.schedules) ------------------------------------------------------

    def save_schedule(self, schedule_id: str, spec: str) -> bool:
        """Create or replace a report schedule (its JSON spec); returns whether it is new."""
        try:
            with self._conn.transaction() as conn:
                return schedules.save_schedule(conn, schedule_id, spec)
        except self._conn.errors as exc:
            raise StoreError(f"cannot save a report schedule in {self.label}: {_line(exc)}") from exc

    def remove_schedule(self, schedule_id: str) -> None:
        """Delete a report schedule; NotFoundError if there is none with that id."""
        try:
            with self._conn.transaction() as conn:
                schedules.remove_schedule(conn, schedule_id)
        except self._conn.errors as exc:
            raise StoreError(f"cannot remove a report schedule from {self.label}: {_line(exc)}") from exc

    def record_report_sending(self, schedule_id: str, day: str, error: str | None) -> None:
        """Record an attempt to send a scheduled report on `day` (sent when `error` is None)."""
        try:
            with self._conn.transaction() as conn:
                schedules.record_sending(conn, schedule_id, day, error)
        except self._conn.errors as exc:
            raise StoreError(f"cannot record a report sending in {self.label}: {_line(exc)}") from exc

    # --- reading -----------------------------------------------------------------------------------

    def article(self, article_id: str) -> dict[str, Any]:
        """The stored document of one article; NotFoundError if absent."""
        row = self._conn.execute("SELECT document FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r} in {self.label}")
        document: dict[str, Any] = json.loads(row[0])
        return document

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
