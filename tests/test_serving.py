"""The served app's database (`warta.serving.Db`): a store per call, PostgreSQL stores kept for the next call
while their connection can serve one, file stores never."""

from __future__ import annotations

import pytest

from tests.conftest import Databases
from warta.serving import POOLED, Db
from warta.store.sqlstore import SQLStore


def connection_of(store: SQLStore) -> int:
    """The PostgreSQL server process behind the store's connection."""
    return int(store.conn.execute("SELECT pg_backend_pid()").fetchone()[0])


def fails_in_a_transaction(store: SQLStore) -> None:
    with store.conn.transaction() as conn:
        conn.execute("SELECT 1")
        raise LookupError("a call that fails half-way")


def test_postgresql_stores_serve_the_next_calls(databases: Databases) -> None:
    db = Db(databases.new())
    if databases.backend == "sqlite":
        db.call(lambda store: store.counts())
        assert db._idle == []  # a file store is opened per call, never kept
        return
    first = db.call(connection_of)
    assert db.call(connection_of) == first
    with pytest.raises(LookupError):
        db.call(fails_in_a_transaction)  # rolled back: the connection is idle again, and kept
    assert db.call(connection_of) == first
    db.call(lambda store: store.close())  # a closed connection is not handed out again
    assert db.call(connection_of) != first


@pytest.mark.parametrize("backend", ["postgresql"])
def test_no_more_than_pooled_stores_wait(databases: Databases) -> None:
    db = Db(databases.new())
    held = [db._take() for _ in range(POOLED + 3)]
    pids = {connection_of(store) for store in held}
    for store in held:
        db._give(store)
    assert len(pids) == POOLED + 3 and len(db._idle) == POOLED
    assert all(s.pg.raw.closed for s in held if s not in db._idle)  # type: ignore[attr-defined]


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_kept_stores_close_when_the_app_shuts_down(databases: Databases) -> None:
    from fastapi.testclient import TestClient

    from warta.app import create_app

    app = create_app(databases.new())
    db: Db = app.state.db
    with TestClient(app, base_url="http://localhost") as client:
        assert client.get("/api/v1/entities").status_code == 200
        kept = list(db._idle)
        assert kept and not any(s.pg.raw.closed for s in kept)  # type: ignore[attr-defined]
    assert db._idle == [] and all(s.pg.raw.closed for s in kept)  # type: ignore[attr-defined]
    running = db._take()  # a call that ends after the shutdown closes its store instead of keeping it
    db._give(running)
    assert db._idle == [] and running.pg.raw.closed  # type: ignore[attr-defined]
