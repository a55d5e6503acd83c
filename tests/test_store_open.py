"""Opening the store: paths and URLs, files that are not Warta databases, versioned migrations."""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from tests.conftest import Databases
from tests.test_store import dump, make_article
from warta.errors import StoreError
from warta.store import Store, is_postgres_url, open_store, queries, sqlite_path
from warta.store.backfill import DATA_STEPS
from warta.store.connection import Connection, SQLiteConnection
from warta.store.migrate import latest_version, migrate, migrations, statements
from warta.store.names import SEPARATOR
from warta.store.postgres import PostgresConnection

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
    [
        ("postgresql://u@127.0.0.1:1/db", "cannot connect"),
        ("postgresql://u@127.0.0.1:1/db?sslmode=bogus", "not a valid PostgreSQL URL|cannot connect"),
        ("mysql://h/db", "unknown database URL"),
        ("  ", "no database"),
    ],
)
def test_unsupported_targets_raise_store_error(target: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as info:
        open_store(target)
    assert "\n" not in str(info.value)


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


def run_sql(location: str, sql: str, params: tuple[object, ...] = ()) -> None:
    """Run one statement on a store's database through a connection of its own."""
    if is_postgres_url(location):
        with psycopg.connect(location, autocommit=True) as pg:
            pg.execute(sql.replace("?", "%s").encode(), params)
        return
    with sqlite3.connect(location) as conn:
        conn.execute(sql, params)
    conn.close()


def test_foreign_database_raises_store_error(databases: Databases) -> None:
    location = databases.new(migrated=False)
    run_sql(location, "CREATE TABLE stuff (x integer)")
    with pytest.raises(StoreError, match="not a Warta database"):
        open_store(location)


def test_future_schema_version_raises_store_error(databases: Databases) -> None:
    location = databases.new()
    open_store(location).close()
    run_sql(location, "INSERT INTO schema_migrations VALUES (?, 'later')", (latest_version() + 1,))
    with pytest.raises(StoreError, match="newer than this Warta knows"):
        open_store(location)


def test_migrations_are_recorded_once(databases: Databases) -> None:
    location = databases.new(migrated=False)
    open_store(location).close()
    with open_store(location) as store:
        store.save(make_article())
        versions = dump(store)["schema_migrations"]
    assert (
        sorted(v[0] for v in versions)
        == [m.version for m in migrations(store.dialect)]
        == list(range(1, latest_version() + 1))
    )
    assert [m.version for m in migrations("postgresql")] == [m.version for m in migrations("sqlite")]


def test_concurrent_openers_migrate_once(databases: Databases) -> None:
    location = databases.new(migrated=False)

    def open_and_count(_: int) -> int:
        with open_store(location) as store:
            return store.counts()["articles"]

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(open_and_count, range(4))) == [0, 0, 0, 0]
    with open_store(location) as store:
        assert sorted(v[0] for v in dump(store)["schema_migrations"]) == list(range(1, latest_version() + 1))


def open_at_version(location: str, version: int) -> Connection:
    """A connection of its own to a store migrated up to `version` only (a store an older Warta made)."""
    conn: Connection
    if is_postgres_url(location):
        conn = PostgresConnection(psycopg.connect(location, autocommit=True), location)
    else:
        conn = SQLiteConnection(sqlite3.connect(location, isolation_level=None), location)
    assert migrate(conn, version, steps=DATA_STEPS) == version
    return conn


def test_a_store_of_version_7_gets_the_name_keys_of_its_entities(databases: Databases) -> None:
    location = databases.new(migrated=False)
    conn = open_at_version(location, 7)
    conn.executemany(
        "INSERT INTO entities (id, name, type, named, aliases) VALUES (?, ?, 'person', 1, ?)",
        [("p-sekar", "Sékar  Ayu", '["Bu Sekar", "Dewi_Sekar"]'), ("p-ayu", "Ayu", "[]")],
    )
    conn.close()
    with open_store(location) as store:
        keys = dict(store.conn.execute("SELECT id, name_keys FROM entities").fetchall())
        assert keys == {"p-sekar": SEPARATOR.join(["sekar ayu", "bu sekar", "dewi_sekar"]), "p-ayu": "ayu"}
        assert [e.id for e in queries.list_entities(store, q="AYU").items] == ["p-ayu", "p-sekar"]
        assert [e.id for e in queries.list_entities(store, q="bu sek").items] == ["p-sekar"]
        assert sorted(v[0] for v in dump(store)["schema_migrations"]) == [m.version for m in migrations(store.dialect)]


def test_a_store_of_version_8_gets_the_tone_of_its_documents(databases: Databases) -> None:
    location = databases.new(migrated=False)
    conn = open_at_version(location, 8)  # as a Warta before migration 0009 left it
    tone = {"label": "negatif", "score": -0.61, "confidence": 0.8}
    document = {
        "article": {"id": "toned", "text": "x", "tone": tone},
        "entities": [
            {"id": "p-teguh", "tone": {"label": "netral", "score": 0.0, "confidence": 0.4, "evidence": 2}},
            {"id": "p-ayu"},
        ],
        "quotes": [{"id": "q-1", "tone": {"label": "positif", "score": 0.5, "confidence": 0.7}}],
    }
    conn.executemany(
        "INSERT INTO articles (id, text, document) VALUES (?, 'x', ?)",
        [("toned", json.dumps(document)), ("plain", json.dumps({"article": {"id": "plain"}}))],
    )
    conn.executemany(
        "INSERT INTO entities (id, name, type, named) VALUES (?, ?, 'person', 1)",
        [("p-teguh", "Teguh"), ("p-ayu", "Ayu")],
    )
    conn.executemany(
        "INSERT INTO article_entities (article_id, entity_id, inferred) VALUES (?, ?, 0)",
        [("toned", "p-teguh"), ("toned", "p-ayu"), ("plain", "p-ayu")],
    )
    conn.executemany(
        "INSERT INTO quotes (article_id, id, start_offset, end_offset, text, kind) "
        "VALUES (?, 'q-1', 0, 1, 'x', 'direct')",
        [("toned",), ("plain",)],
    )
    conn.close()
    with open_store(location) as store:
        read = store.conn.execute
        assert read("SELECT id, tone_label, tone_score FROM articles ORDER BY id").fetchall() == [
            ("plain", None, None), ("toned", "negatif", -0.61)
        ]  # fmt: skip
        assert sorted(read("SELECT article_id, tone_label, tone_score FROM quotes").fetchall(), key=repr) == [
            ("plain", None, None), ("toned", "positif", 0.5)
        ]  # fmt: skip
        links = read("SELECT entity_id, tone_label, tone_evidence FROM article_entities WHERE tone_label IS NOT NULL")
        assert links.fetchall() == [("p-teguh", "netral", 2)]
        assert queries.tone_split(store, "p-teguh") == queries.ToneCounts(0, 0, 1)
        assert sorted(v[0] for v in dump(store)["schema_migrations"]) == [m.version for m in migrations(store.dialect)]


def test_statements_keep_trigger_bodies_whole() -> None:
    sql = "-- c; x\nCREATE TABLE t (a);\n"
    sql += "CREATE TRIGGER g AFTER INSERT ON t BEGIN\n SELECT 1;\n SELECT 2;\nEND;\n-- trailing\n"
    found = statements(sql)
    assert len(found) == 2
    assert found[1].startswith("CREATE TRIGGER") and found[1].endswith("END;")


def test_a_store_of_version_15_gets_the_dates_of_its_entity_links(databases: Databases) -> None:
    location = databases.new(migrated=False)
    conn = open_at_version(location, 15)  # as a Warta before migration 0016 left it
    conn.executemany(
        "INSERT INTO articles (id, text, document, published) VALUES (?, 'x', '{}', ?)",
        [("dated", "2024-05-01T08:00:00+07:00"), ("undated", None)],
    )
    conn.execute("INSERT INTO entities (id, name, type, named) VALUES ('p-ayu', 'Ayu', 'person', 1)")
    conn.executemany(
        "INSERT INTO article_entities (article_id, entity_id, inferred) VALUES (?, 'p-ayu', 0)",
        [("dated",), ("undated",)],
    )
    conn.close()
    with open_store(location) as store:
        links = dict(store.conn.execute("SELECT article_id, published FROM article_entities").fetchall())
        assert links == {"dated": "2024-05-01T08:00:00+07:00", "undated": None}
        detail = queries.entity_detail(store, "p-ayu")
        assert (detail.first_seen, detail.last_seen) == ("2024-05-01", "2024-05-01")
        assert [a.id for a in queries.list_articles(store, queries.ArticleFilter(entity="p-ayu")).items] == [
            "dated",
            "undated",
        ]
        in_may = queries.ArticleFilter(entity="p-ayu", since="2024-05-01", until="2024-05-31")
        assert [a.id for a in queries.list_articles(store, in_may).items] == ["dated"]
