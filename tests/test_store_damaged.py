"""A damaged or lost database is one line, never a traceback: a SQLite file cut short or with a table's pages
overwritten (the schema intact, so that it opens and fails when read), and a PostgreSQL connection ended by the
server; reads raise `StoreError`, the command line prints one line and exits 1."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.conftest import PostgresServer
from tests.test_crash import SEED, finish, warta, write_corpus
from warta.errors import StoreError
from warta.store import open_store, queries


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding a few articles, checkpointed into its one file."""
    folder = tmp_path_factory.mktemp("damaged")
    write_corpus(folder / "corpus.jsonl", 40, SEED + 3)
    path = folder / "sound.db"
    finish(warta(str(path), "ingest", str(folder / "corpus.jsonl")))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def damage(sound: Path, target: Path, how: str) -> None:
    """A copy of the store cut in half, or with the pages of one table overwritten (the schema intact)."""
    data = bytearray(sound.read_bytes())
    if how == "truncated":
        target.write_bytes(data[: len(data) // 2])
        return
    with sqlite3.connect(sound) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (how,))]
    noise = random.Random(how)
    for page in pages:
        start = (page - 1) * size + 16  # keep the first bytes of the page header: a page of garbage, not empty
        data[start : start + size - 16] = noise.randbytes(size - 16)
    target.write_bytes(bytes(data))


DAMAGED_READS = [("truncated", "entities"), ("entities", "entities"), ("quotes", "quotes"),
                 ("articles", "search anggaran"), ("articles", "show crash-0001")]  # fmt: skip


@pytest.mark.parametrize(("how", "command"), DAMAGED_READS)
def test_damaged_database_is_one_line(sound_file: Path, tmp_path: Path, how: str, command: str) -> None:
    damaged = tmp_path / "damaged.db"
    damage(sound_file, damaged, how)
    done = subprocess.run([sys.executable, "-m", "warta", "--db", str(damaged), *command.split()], capture_output=True)
    err = done.stderr.decode(errors="replace")
    assert done.returncode == 1 and err.count("\n") == 1 and err.startswith("warta: "), err
    assert "malformed" in err or "not a Warta database" in err


@pytest.mark.parametrize("how", ["truncated", "entities", "articles", "quotes"])
def test_reading_a_damaged_database_raises_store_error(sound_file: Path, tmp_path: Path, how: str) -> None:
    damaged = tmp_path / "damaged.db"
    damage(sound_file, damaged, how)
    with pytest.raises(StoreError), open_store(str(damaged)) as store:
        store.counts()
        queries.list_entities(store)
        queries.list_quotes(store)
        queries.search_all(store, "anggaran")
        [store.article(row.id) for row in queries.list_articles(store, limit=100).items]


def test_lost_postgresql_connection_raises_store_error(postgres: PostgresServer) -> None:
    location = postgres.create()
    try:
        with open_store(location) as store:
            pid = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
            with psycopg.connect(location, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            with pytest.raises(StoreError, match=r"terminat|closed|connection"):
                store.counts()
    finally:
        postgres.drop(location)
