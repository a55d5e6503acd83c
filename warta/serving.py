"""The database of a running app, for the API (`warta.api`) and the web app (`warta.web`) alike: a store
opened per call, in the thread that uses it.

SQLite connections belong to the thread that opened them, and FastAPI runs each synchronous endpoint in a
worker thread of its own choosing. So the app keeps only the database's location (`Db`: a SQLite path or a
PostgreSQL URL), and every request opens its own store (`open_store`) inside the endpoint's thread, runs its
queries and closes it (`Db.call`). Opening costs about a millisecond on SQLite, where WAL lets these readers run
beside a writer (a crawl or ingest) on the same file. On PostgreSQL opening is a new connection and a check of
the schema's version (12-14 ms on loopback beside a load, more than a whole entity page's queries), so a call's
PostgreSQL store is kept for the next call (up to `POOLED` idle ones) when it ends outside a transaction with its
connection open (readers never wait for writers there). The app closes the kept ones when it shuts down
(`Db.close`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from fastapi import Request

from warta.store import open_store
from warta.store.sqlstore import SQLStore

P = ParamSpec("P")
T = TypeVar("T")


POOLED = 8  # idle PostgreSQL stores an app keeps for its next calls


class Db:
    """The database of an app; `call` runs a query function on a store opened for that call (or, on PostgreSQL,
    kept from an earlier one)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._idle: list[SQLStore] = []
        self._lock = threading.Lock()
        self._closed = False
        store = open_store(path)  # fail now, not on the first request, if the database cannot be opened
        self.label = store.label  # how the store names itself in messages (no password)
        self._give(store)

    def call(self, fn: Callable[Concatenate[SQLStore, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(store, *args, **kwargs)` on a store of its own, closed or kept for another call afterwards."""
        store = self._take()
        try:
            return fn(store, *args, **kwargs)
        finally:
            self._give(store)

    def _take(self) -> SQLStore:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return open_store(self.path)

    def _give(self, store: SQLStore) -> None:
        """Keep the store for another call if it can serve one, fewer than POOLED wait and the app is not shutting
        down; else close it."""
        if store.reusable():
            with self._lock:
                if len(self._idle) < POOLED and not self._closed:
                    self._idle.append(store)
                    return
        store.close()

    def close(self) -> None:
        """Close the kept stores (the app is shutting down); a call still running closes its store when done."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for store in idle:
            store.close()


def get_db(request: Request) -> Db:
    """The app's `Db` (a FastAPI dependency)."""
    db: Db = request.app.state.db
    return db
