"""How fresh the store is: the newest dated article and the end of the last crawl run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from warta.store.queries._common import ARTICLE_KEY

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore


@dataclass(frozen=True)
class Freshness:
    """The newest article's publication time and the last crawl's end (ISO timestamps as stored), if any."""

    newest_article: str | None
    last_crawl: str | None


def freshness(store: SQLStore) -> Freshness:
    """The store's newest dated article (index articles_newest) and its last finished crawl run."""
    row = store.conn.execute(
        f"SELECT a.published FROM articles a WHERE a.published IS NOT NULL ORDER BY {ARTICLE_KEY} DESC LIMIT 1"
    ).fetchone()
    crawl = store.conn.execute("SELECT MAX(last_end) FROM crawl_runs").fetchone()
    return Freshness(str(row[0]) if row else None, str(crawl[0]) if crawl and crawl[0] else None)
