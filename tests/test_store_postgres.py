"""What only the PostgreSQL store has: the SQL translation, its URL handling, PostgreSQL's text search, NUL
characters, the server checks and the write lock. Everything else runs on both stores in test_store*.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from tests.conftest import PostgresServer
from tests.test_store import TEXT, make_article
from warta.document import to_document
from warta.errors import StoreError
from warta.model import Article, Entity, Mention
from warta.store import open_store, queries
from warta.store.postgres import WRITE_LOCK, PostgresStore, url_label
from warta.store.translate import to_postgres


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT ? , :name", "SELECT %s , %(name)s"),
        ("SELECT x::text, '?', ':no', \"a?\" FROM t", "SELECT x::text, '?', ':no', \"a?\" FROM t"),
        ("SELECT 5 % 2, '%' || :q || '%'", "SELECT 5 %% 2, '%%' || %(q)s || '%%'"),
        ("a CROSS  JOIN b ON 1 = 1", "a JOIN b ON 1 = 1"),
        ("x LIKE y AND z NOT like w AND v ILIKE u", "x ILIKE y AND z NOT ILIKE w AND v ILIKE u"),
        ("-- a ? comment\nSELECT 'it''s ?' /* :x */", "-- a ? comment\nSELECT 'it''s ?' /* :x */"),
        ("SELECT 'LIKE CROSS JOIN'", "SELECT 'LIKE CROSS JOIN'"),
    ],
)
def test_translate_to_postgres(sql: str, expected: str) -> None:
    assert to_postgres(sql) == expected


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("postgresql://ana:secret@db.example:5433/warta", "postgresql://ana@db.example:5433/warta"),
        ("postgresql:///warta?host=/run/pg&user=ana&password=secret", "postgresql://ana@/run/pg/warta"),
    ],
)
def test_url_label_never_shows_the_password(url: str, label: str) -> None:
    assert url_label(url) == label


@pytest.fixture
def pg(postgres: PostgresServer) -> Iterator[PostgresStore]:
    """A fresh PostgreSQL store."""
    url = postgres.create()
    with open_store(url) as store:
        assert isinstance(store, PostgresStore)
        yield store
    postgres.drop(url)


def test_connection_error_is_one_line_without_the_password(postgres: PostgresServer) -> None:
    url = postgres.create(migrated=False).replace("postgresql:///", "postgresql://nobody:hunter2@/")
    with pytest.raises(StoreError) as info:
        open_store(url + "&port=1")
    assert "\n" not in str(info.value) and "hunter2" not in str(info.value)


def test_search_stems_indonesian_words(pg: PostgresStore) -> None:
    pg.save(make_article())
    assert "q-1" in [h.id for h in queries.search_all(pg, "perbaikan").quotes]  # diperbaiki, perbaikan: baik


def test_nul_characters_are_stored_as_replacement_characters(pg: PostgresStore) -> None:
    text = "Nol\x00byte di teks"
    entity = Entity("p-nul", "Nama\x00Nol", "person", aliases=("Ali\x00as",))
    article = Article(id="nul", text=text, mentions=(Mention(0, 3, "Nol", "person", "p-nul"),), entities=(entity,))
    pg.save(article)
    assert pg.article("nul") == to_document(article)
    assert queries.entity_detail(pg, "p-nul").name == "Nama\ufffdNol"
    assert [e.id for e in queries.list_entities(pg, q="ali\x00as").items] == ["p-nul"]


def test_a_non_utf8_database_is_refused(postgres: PostgresServer) -> None:
    url = postgres.create(migrated=False)
    name = url.split("?")[0].rsplit("/", 1)[1]
    ascii_url = url.replace(f"/{name}?", f"/{name}_ascii?")
    with psycopg.connect(postgres.admin_url, autocommit=True) as admin:
        admin.execute(
            f"CREATE DATABASE {name}_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
        )
    try:
        with pytest.raises(StoreError, match="encoding is SQL_ASCII"):
            open_store(ascii_url)
    finally:
        with psycopg.connect(postgres.admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name}_ascii WITH (FORCE)")
        postgres.drop(url)


def test_writers_wait_for_each_other(pg: PostgresStore) -> None:
    saved_at: list[float] = []

    def second_writer() -> None:
        with open_store(pg.url) as other:
            other.save(make_article("art-2", text=TEXT))
            saved_at.append(time.monotonic())

    with pg.conn.transaction() as conn:
        held = conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ?", (WRITE_LOCK,))
        assert held.fetchone()[0] == 1
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.3)
        released_at = time.monotonic()
        assert not saved_at  # still waiting for the lock
    thread.join(10)
    assert saved_at and saved_at[0] >= released_at
    assert pg.counts()["articles"] == 1
