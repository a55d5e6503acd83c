"""Shared fixtures: the only conftest. Stage tests build articles by hand through `annotated`."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlencode

import pytest
from psycopg.conninfo import conninfo_to_dict

from tests.ports import free_port
from warta import pipeline
from warta.model import Article, Mention, Span
from warta.settings import Settings
from warta.stages.sentences import split
from warta.store import open_store
from warta.store.sqlstore import SQLStore

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"


@pytest.fixture
def settings() -> Settings:
    """Default settings, independent of the environment."""
    return Settings()


@pytest.fixture(scope="session")
def pipe() -> pipeline.Pipeline:
    """The full default pipeline, built once."""
    return pipeline.build(Settings())


def paragraphs_of(text: str) -> tuple[Span, ...]:
    """Paragraph spans of a text whose paragraphs are separated by blank lines."""
    spans, pos = [], 0
    for part in text.split("\n\n"):
        spans.append(Span(pos, pos + len(part)))
        pos += len(part) + 2
    return tuple(spans)


def person(text: str, surface: str, entity: str, nth: int = 0) -> Mention:
    """A person mention of `surface` (its `nth` occurrence) pointing at `entity`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), surface, "person", entity)


@pytest.fixture
def annotated() -> Callable[..., Article]:
    """Build an article from text (paragraphs split on blank lines, sentences split) and given mentions."""

    def build(text: str, mentions: tuple[Mention, ...] = (), **fields: object) -> Article:
        paras = paragraphs_of(text)
        sentences = tuple(s for p in paras for s in split(text, p))
        article = Article(id="test", text=text, paragraphs=paras, sentences=sentences, mentions=mentions)
        return replace(article, **fields)  # type: ignore[arg-type]

    return build


# ------------------------------------------------------------------ stores on both backends
# The store tests run against SQLite and against a real PostgreSQL server: a throwaway one started from the
# Debian binaries (/usr/lib/postgresql/*/bin) on a free loopback port for the session, or the server at
# $WARTA_TEST_POSTGRES_URL (a URL of a database the user may CREATE DATABASE from). Without either, the
# PostgreSQL variants are skipped, except under CI (`CI` set), where they fail.

BACKENDS = ["sqlite", "postgresql"]


class PostgresServer:
    """A PostgreSQL server for the tests: fresh databases, each dropped again at the end of its test."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self._names: dict[str, str] = {}
        self.template = self.create(migrated=False)
        with open_store(self.template):
            pass  # migrated once; `create` copies it

    def create(self, migrated: bool = True) -> str:
        """The URL of a new database: empty, or with the store's tables (a copy of the migrated template)."""
        name = f"warta_test_{os.getpid()}_{len(self._names)}"
        template = self._names[self.template] if migrated else "template1"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        parts = {k: v for k, v in conninfo_to_dict(self.admin_url).items() if k != "dbname" and v is not None}
        url = f"postgresql:///{name}?{urlencode(parts)}"
        self._names[url] = name
        return url

    def drop(self, url: str) -> None:
        """Drop a database made by `create`, closing its connections."""
        self._admin(f'DROP DATABASE IF EXISTS "{self._names.pop(url)}" WITH (FORCE)')

    def close(self) -> None:
        """Drop the template (the databases of tests are dropped by them)."""
        self.drop(self.template)

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.encode())


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


@contextmanager
def _throwaway_server(bin_dir: Path) -> Iterator[str]:
    """initdb and start a server on a free loopback port (as the postgres user when run as root); stop it and
    remove its folder at the end."""
    folder = Path(tempfile.mkdtemp(prefix="warta-pg-"))
    as_user: list[str] = []
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-w"]
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
            as_user = ["runuser", "-u", "postgres", "--"]
        initdb = [str(bin_dir / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "warta", "--no-sync"]
        run = functools.partial(subprocess.run, check=True, capture_output=True, cwd=folder)
        run([*as_user, *initdb, "-E", "UTF8", "--locale=C.UTF-8"])
        port = free_port()
        options = f"-h 127.0.0.1 -p {port} -k {folder} -F -c full_page_writes=off -c synchronous_commit=off"
        run([*as_user, *pg_ctl, "-o", options, "start"])
        yield f"postgresql://warta@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, *pg_ctl, "-m", "immediate", "stop"], check=False, capture_output=True, cwd=folder)
        shutil.rmtree(folder, ignore_errors=True)


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}")
    pytest.skip(f"no PostgreSQL: {reason}")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (skipped when there is none, failing under CI)."""
    given = os.environ.get("WARTA_TEST_POSTGRES_URL")
    if given:
        shared = PostgresServer(given)
        yield shared
        shared.close()
        return
    bin_dir = _postgres_bin()
    if bin_dir is None:
        _unavailable("no pg_ctl in /usr/lib/postgresql/*/bin or on PATH; install Debian's postgresql package")
    try:
        server = _throwaway_server(bin_dir)
        admin_url = server.__enter__()
    except (OSError, LookupError, subprocess.CalledProcessError) as exc:  # LookupError: no postgres user
        detail = exc.stderr.decode(errors="replace")[-300:] if isinstance(exc, subprocess.CalledProcessError) else ""
        _unavailable(f"cannot start a server from {bin_dir}: {exc} {detail}")
    try:
        yield PostgresServer(admin_url)
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each store backend in turn."""
    return str(request.param)


class Databases:
    """Locations of fresh stores on one backend: new SQLite files, or new PostgreSQL databases."""

    def __init__(self, backend: str, folder: Path, server: PostgresServer | None) -> None:
        self.backend = backend
        self.folder = folder
        self.server = server
        self.made: list[str] = []

    def new(self, migrated: bool = True) -> str:
        """A fresh store's location; on PostgreSQL a database with the store's tables, or empty (`migrated`)."""
        if self.server is None:
            self.made.append(str(self.folder / f"warta-{len(self.made)}.db"))
        else:
            self.made.append(self.server.create(migrated))
        return self.made[-1]

    def drop(self, location: str) -> None:
        """Remove a store made by `new`."""
        self.made.remove(location)
        if self.server is not None:
            self.server.drop(location)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(location + suffix).unlink(missing_ok=True)

    def drop_all(self) -> None:
        """Remove every store made by `new`."""
        for location in list(self.made):
            self.drop(location)


def _databases(backend: str, folder: Path, request: pytest.FixtureRequest) -> Iterator[Databases]:
    server: PostgresServer | None = request.getfixturevalue("postgres") if backend == "postgresql" else None
    made = Databases(backend, folder, server)
    yield made
    made.drop_all()


@pytest.fixture
def databases(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Databases]:
    """Fresh stores of the test's backend, removed after the test."""
    yield from _databases(backend, tmp_path, request)


@pytest.fixture(scope="module", params=BACKENDS)
def module_databases(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """Fresh stores on each backend for a module's shared fixtures, removed after the module."""
    yield from _databases(str(request.param), tmp_path_factory.mktemp("stores"), request)


@pytest.fixture
def store(databases: Databases) -> Iterator[SQLStore]:
    """A fresh, empty store on each backend."""
    with open_store(databases.new()) as opened:
        yield opened


# ------------------------------------------------------------------ the demo articles in a store, on both backends
# For the API and web app tests (tests/test_api.py, tests/test_web.py): one store per module and backend.

XSS = "<script>alert(1)</script>"
XSS_TEXT = f'Kepala Dinas {XSS} mengatakan, "Semua aman." Warga <b>lega</b>.'


def xss_article() -> Article:
    """An article whose title, text, entity name and quote carry markup, to check escaping."""
    from warta.model import Entity, Quote

    person = Entity("person-xss", f"Budi {XSS}", "person")
    mention = Mention(0, 12, "Kepala Dinas", "person", "person-xss")
    start = XSS_TEXT.index("Semua")
    quote = Quote("quote-xss", start, start + 11, "Semua aman.", "direct", "mengatakan", "person-xss")
    fields: dict[str, Any] = {"title": f"Judul {XSS}", "source": "xss.test", "published": "2021-01-05T10:00:00+07:00"}
    return Article("art-xss", XSS_TEXT, mentions=(mention,), entities=(person,), quotes=(quote,), **fields)


@pytest.fixture(scope="session")
def demo_articles(pipe: pipeline.Pipeline) -> list[Article]:
    """The demo articles through the pipeline, and the markup-carrying one (`xss_article`)."""
    from warta.model import Raw

    pages = sorted((DEMO / "articles").glob("*.html"))
    articles = [pipe.run(Raw(content=html.read_bytes(), format="html", origin=str(html))) for html in pages]
    return [*articles, xss_article()]


@pytest.fixture(scope="module")
def demo_db(module_databases: Databases, demo_articles: list[Article]) -> str:
    """The location of a store of the demo articles (a SQLite file, a PostgreSQL URL), one per module."""
    location = module_databases.new()
    with open_store(location) as opened:
        opened.save_many(demo_articles)
    return location


@pytest.fixture(scope="module")
def stored_demo(demo_db: str) -> Iterator[SQLStore]:
    """The store of the demo articles, opened."""
    with open_store(demo_db) as opened:
        yield opened


@pytest.fixture(scope="module")
def demo_client(demo_db: str) -> Iterator[TestClient]:
    """A client of the app over the store of the demo articles, on http://localhost."""
    from fastapi.testclient import TestClient

    from warta.app import create_app

    with TestClient(create_app(demo_db), base_url="http://localhost") as client:
        yield client
