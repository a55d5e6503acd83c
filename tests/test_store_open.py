"""Opening the store: paths and URLs, files that are not Warta databases, versioned migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.test_store import dump, make_article, new_store
from warta.errors import StoreError
from warta.store import Store, open_store, sqlite_path
from warta.store.migrate import latest_version, migrations, statements

# --- opening, migrations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "path"),
    [
        ("warta.db", "warta.db"),
        ("sqlite:///warta.db", "warta.db"),
        ("sqlite:////tmp/w.db", "/tmp/w.db"),
        ("sqlite://", ":memory:"),
        (":memory:", ":memory:"),
    ],
)
def test_sqlite_path(target: str, path: str) -> None:
    assert sqlite_path(target) == path


@pytest.mark.parametrize(
    ("target", "message"),
    [("postgresql://u@h/db", "PostgreSQL"), ("mysql://h/db", "unknown database URL"), ("  ", "no database")],
)
def test_unsupported_targets_raise_store_error(target: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        open_store(target)


def test_memory_store_works() -> None:
    store: Store = open_store(":memory:")
    with store:
        store.save(make_article())
        assert store.counts()["articles"] == 1


@pytest.mark.parametrize("content", [b"hello, this is not a database\n" * 50, b"\x00\x01garbage" * 300])
def test_non_database_file_raises_store_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a Warta database"):
        open_store(str(path))
    assert path.read_bytes() == content


def test_foreign_sqlite_database_raises_store_error(tmp_path: Path) -> None:
    path = str(tmp_path / "other.db")
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE stuff (x)")
    with pytest.raises(StoreError, match="not a Warta database"):
        open_store(path)


def test_future_schema_version_raises_store_error(tmp_path: Path) -> None:
    new_store(tmp_path).close()
    path = str(tmp_path / "warta.db")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'later')", (latest_version() + 1,))
    conn.close()
    with pytest.raises(StoreError, match="newer than this Warta knows"):
        open_store(path)


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    new_store(tmp_path).close()
    with new_store(tmp_path) as store:
        store.save(make_article())
    versions = dump(str(tmp_path / "warta.db"))["schema_migrations"]
    assert [v[0] for v in versions] == [m.version for m in migrations()] == [1, 2, 3, 4]


def test_statements_keep_trigger_bodies_whole() -> None:
    sql = "-- c; x\nCREATE TABLE t (a);\n"
    sql += "CREATE TRIGGER g AFTER INSERT ON t BEGIN\n SELECT 1;\n SELECT 2;\nEND;\n-- trailing\n"
    found = statements(sql)
    assert len(found) == 2
    assert found[1].startswith("CREATE TRIGGER") and found[1].endswith("END;")
