"""A SQLite database that cannot be written (its directory or its file read-only) is opened read-only: every
read works, and a write says in one line what is wrong (issue 16, item 11).

The commands run in a child process without the capabilities that let root write anywhere (`setpriv`), so that
file permissions apply under root too, as they do for every other user."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_store import make_article
from warta.store import open_store
from warta.store.backfill import DATA_STEPS
from warta.store.connection import SQLiteConnection
from warta.store.migrate import latest_version, migrate

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "demo" / "articles" / "kabarjatim-01-smart-city-mojokerto.html"
NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] if os.geteuid() == 0 else []


def warta(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`warta --db DB ARGV…` as a user whom file permissions bind."""
    command = [*NO_OVERRIDE, sys.executable, "-m", "warta", "--db", str(db), *argv]
    env = {**os.environ, "WARTA_NER_MODEL": "none"}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=ROOT)


@pytest.fixture(params=["directory", "file", "both"])
def locked(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A stored article in a database whose directory, its file, or both are read-only."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "w.db"
    with open_store(str(db)) as store:
        store.save(make_article())
    targets = {"directory": [folder], "file": [db], "both": [db, folder]}[request.param]
    modes = [target.stat().st_mode for target in targets]
    for target, mode in zip(targets, modes, strict=True):
        target.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield db
    for target, mode in reversed(list(zip(targets, modes, strict=True))):
        target.chmod(mode)


def test_a_read_only_database_can_be_read(locked: Path) -> None:
    result = warta(locked, "entities")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() and not result.stderr
    assert warta(locked, "show", make_article().id).returncode == 0


def test_writing_a_read_only_database_is_one_line(locked: Path) -> None:
    result = warta(locked, "ingest", str(PAGE))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "read-only" in result.stderr and "not a Warta database" not in result.stderr


def test_a_read_only_database_stays_unchanged(locked: Path) -> None:
    before = locked.read_bytes()
    warta(locked, "ingest", str(PAGE))
    warta(locked, "entities")
    assert locked.read_bytes() == before


def test_a_read_only_database_of_an_older_version_asks_to_be_made_writable(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = SQLiteConnection(sqlite3.connect(db, isolation_level=None), str(db))
    migrate(conn, 8, steps=DATA_STEPS)  # as a Warta before migration 0009 left it
    conn.close()
    before = db.read_bytes()
    db.chmod(0o444)
    result = warta(db, "entities")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert f"needs upgrading from schema version 8 to {latest_version()}" in result.stderr
    assert db.read_bytes() == before
