"""The database of a running app, for the API (`warta.api`) and the web app (`warta.web`) alike: a store
opened per call, in the thread that uses it.

SQLite connections belong to the thread that opened them, and FastAPI runs each synchronous endpoint in a
worker thread of its own choosing. So the app keeps only the database's location (`Db`: a SQLite path or a
PostgreSQL URL), and every request opens its own store (`open_store`) inside the endpoint's thread, runs its
queries and closes it (`Db.call`). Opening costs about a millisecond on SQLite, where WAL lets these readers run
beside a writer (a crawl or ingest) on the same file; on PostgreSQL it is a new connection per request, a few
milliseconds on loopback (readers never wait for writers there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from fastapi import Request

from warta.store import open_store
from warta.store.sqlstore import SQLStore

P = ParamSpec("P")
T = TypeVar("T")


class Db:
    """The database of an app; `call` runs a query function on a store opened for that call."""

    def __init__(self, path: str) -> None:
        self.path = path
        with open_store(path) as store:  # fail now, not on the first request, if the database cannot be opened
            self.label = store.label  # how the store names itself in messages (no password)

    def call(self, fn: Callable[Concatenate[SQLStore, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(store, *args, **kwargs)` on a freshly opened store, closed afterwards."""
        with open_store(self.path) as store:
            return fn(store, *args, **kwargs)


def get_db(request: Request) -> Db:
    """The app's `Db` (a FastAPI dependency)."""
    db: Db = request.app.state.db
    return db
