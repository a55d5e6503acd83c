"""The store: one interface (`Store`) for saving articles, curating them and reading one stored document;
everything else is read through `warta.store.queries`, the read model of the command line, the API and the web app.

`open_store("warta.db")`, `open_store("sqlite:///warta.db")` or `open_store(":memory:")` give a SQLite
store, `open_store("postgresql://user@host:5432/db")` a PostgreSQL one; both are `SQLStore`s running the same
queries (`warta.store.sqlstore`). All SQL lives in this package.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from warta.errors import StoreError
from warta.model import Article
from warta.store.sqlite import SQLiteStore

if TYPE_CHECKING:
    from warta.store.curation import LogEntry
    from warta.store.graph import Graph, GraphFilter
    from warta.store.sqlstore import SQLStore
    from warta.store.tokens import Token


class Store(Protocol):
    """What every store backend offers."""

    def save(self, article: Article) -> None:
        """Store one article with its annotations, in one transaction; saving it again changes nothing."""

    def save_many(
        self,
        articles: Iterable[Article],
        batch_size: int = 200,
        on_error: Callable[[Article, StoreError], None] | None = None,
    ) -> int:
        """Save every article, `batch_size` to a transaction; returns how many were saved. An article that fails
        goes to `on_error`, else a StoreError names the failed ones once every other article is saved."""

    def article(self, article_id: str) -> dict[str, Any]:
        """The stored document of one article; NotFoundError if absent."""

    def curate(self, action: str, entity_id: str, args: dict[str, object], who: str, why: str) -> int:
        """Record a curation decision (merge, split, alias, rename, retype, delete) and apply it to the stored
        articles; it is replayed whenever an article is saved again. Returns the log number."""

    def curate_isu(self, action: str, isu_id: str, args: dict[str, object], who: str, why: str) -> int:
        """Record a curation decision on an isu (merge, split, rename; docs/isu.md "Curation") and cluster the isus
        it touches again; it holds whenever articles are filed. Returns the log number; the resulting isu ids
        are added to `args` as `result`."""

    def curation_log(self, entity_id: str | None = None, limit: int = 100) -> list[LogEntry]:
        """Curation decisions, newest first, optionally about one entity."""

    def graph(self, graph_filter: GraphFilter) -> Graph:
        """The stored graph over the articles the filter keeps."""

    def create_token(self, name: str, scope: str) -> tuple[Token, str]:
        """A new access token (scope read, write or admin): the stored token and its plain value, shown once;
        only its SHA-256 hash is stored."""

    def verify_token(self, token: str) -> Token | None:
        """The valid token with this plain value, else None (unknown or revoked)."""

    def tokens(self) -> list[Token]:
        """Every access token, revoked ones too, oldest first."""

    def revoke_token(self, token_id: int) -> Token:
        """Revoke an access token; NotFoundError if there is none with this id."""

    def counts(self) -> dict[str, int]:
        """Row counts: articles, mentions, entities, quotes, edges."""

    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        """The store itself."""

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the store."""


_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+")


def sqlite_path(url_or_path: str) -> str:
    """The SQLite file of a path or `sqlite:///path` URL (`sqlite:////abs/path` is absolute)."""
    target = url_or_path.strip()
    if not target:
        raise StoreError("no database given; pass a file path, sqlite:///path or :memory:")
    if target.startswith("sqlite://"):
        rest = target.removeprefix("sqlite://")
        return rest.removeprefix("/") or ":memory:"
    if "://" in target:
        raise StoreError(f"{target}: unknown database URL; use a file path, sqlite:///path or postgresql://…")
    return target


def is_postgres_url(url_or_path: str) -> bool:
    """Whether the target is a PostgreSQL URL (postgresql://…, postgres://…)."""
    return url_or_path.strip().lower().startswith(_POSTGRES_SCHEMES)


def open_store(url_or_path: str) -> SQLStore:
    """Open (creating and migrating if needed) the store at a path or database URL."""
    if is_postgres_url(url_or_path):
        from warta.store.postgres import PostgresStore  # psycopg is imported only when PostgreSQL is used

        return PostgresStore(re.sub(r"^postgres(?:ql)?(?:\+\w+)?://", "postgresql://", url_or_path.strip(), flags=re.I))
    return SQLiteStore(sqlite_path(url_or_path))


__all__ = [
    "Store",
    "is_postgres_url",
    "open_store",
    "sqlite_path",
]
