"""`warta serve` answers only the host names it is meant to (DNS rebinding, issue 16 item 6), and HEAD wherever
GET is answered (item 12)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.test_store import make_article
from warta.app import SECURITY_HEADERS, create_app
from warta.cli import _parser
from warta.settings import Settings
from warta.store import open_store


@pytest.fixture(scope="module")
def one_article_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("hosts") / "w.db")
    with open_store(path) as store:
        store.save(make_article())
    return path


@pytest.fixture(scope="module")
def localhost_client(one_article_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(one_article_db), base_url="http://localhost") as c:
        yield c


# --- the Host header ---------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io", "localhost.evil.example"])
@pytest.mark.parametrize("path", ["/api/v1/articles", "/", "/cari?q=kata", "/openapi.json", "/static/app.css"])
def test_an_unknown_host_is_refused(localhost_client: TestClient, host: str, path: str) -> None:
    response = localhost_client.get(path, headers={"Host": host})
    assert response.status_code == 400
    assert response.headers["X-Frame-Options"] == SECURITY_HEADERS["X-Frame-Options"]
    assert "Ikfina" not in response.text
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "bad_request"


def test_an_unknown_host_cannot_write_either(localhost_client: TestClient) -> None:
    response = localhost_client.post("/api/v1/articles", headers={"Host": "evil.example"}, json={"text": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST:8000", "127.0.0.1", "127.0.0.1:8000", "[::1]:8000", "[::1]"])
def test_loopback_names_are_answered_by_default(localhost_client: TestClient, host: str) -> None:
    assert localhost_client.get("/api/v1/articles", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    ("environ", "host", "status"),
    [
        ({"WARTA_ALLOWED_HOSTS": "warta.example.id"}, "warta.example.id", 200),
        ({"WARTA_ALLOWED_HOSTS": "warta.example.id"}, "Warta.Example.ID:443", 200),
        ({"WARTA_ALLOWED_HOSTS": "warta.example.id"}, "localhost", 400),
        ({"WARTA_ALLOWED_HOSTS": "warta.example.id,localhost"}, "localhost", 200),
        ({}, "warta.example.id", 400),
    ],
)
def test_configured_hosts(one_article_db: str, environ: dict[str, str], host: str, status: int) -> None:
    with TestClient(create_app(one_article_db, Settings.from_env(environ))) as c:
        assert c.get("/api/v1/articles", headers={"Host": host}).status_code == status


@pytest.mark.parametrize(
    ("argv", "host", "status"),
    [
        ([], "localhost:8000", 200),
        ([], "evil.example", 400),
        (["--allowed-host", "warta.example.id"], "warta.example.id", 200),
        (["--allowed-host", "warta.example.id", "--allowed-host", "berita.example.id"], "berita.example.id", 200),
        (["--allowed-host", "warta.example.id"], "localhost", 200),
        (["--host", "192.0.2.7"], "192.0.2.7:8000", 200),
        (["--host", "0.0.0.0"], "evil.example", 400),
    ],
)
def test_serve_allowed_host_option(
    one_article_db: str, monkeypatch: pytest.MonkeyPatch, argv: list[str], host: str, status: int
) -> None:
    import uvicorn

    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    args = _parser().parse_args(["serve", *argv])
    assert args.run(args, Settings(db=one_article_db)) == 0
    with TestClient(served["app"]) as c:
        assert c.get("/api/v1/articles", headers={"Host": host}).status_code == status


@pytest.mark.parametrize("value", ["", "evil example", "a/b", "x" * 300])
def test_a_bad_allowed_host_is_bad_usage(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _parser().parse_args(["serve", "--allowed-host", value])
    assert info.value.code == 2
    assert "--allowed-host" in capsys.readouterr().err.splitlines()[-1]


# --- HEAD ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles",
        "/api/v1/articles/art-1",
        "/api/v1/entities",
        "/api/v1/search?q=Ikfina",
        "/api/v1/trends",
        "/openapi.json",
        "/",
        "/cari?q=Ikfina",
        "/artikel/art-1",
        "/graf",
        "/static/app.css",
    ],
)
def test_head_answers_wherever_get_does(localhost_client: TestClient, path: str) -> None:
    got = localhost_client.get(path)
    head = localhost_client.head(path)
    assert got.status_code == 200
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-security-policy"] == got.headers["content-security-policy"]


@pytest.mark.parametrize(("path", "status"), [("/api/v1/articles/tidak-ada", 404), ("/tidak-ada", 404)])
def test_head_of_a_missing_page_is_its_status_without_a_body(
    localhost_client: TestClient, path: str, status: int
) -> None:
    head = localhost_client.head(path)
    assert head.status_code == status and head.content == b""


def test_head_is_refused_where_get_is(localhost_client: TestClient) -> None:
    response = localhost_client.head("/api/v1/entities/x/curation")
    assert response.status_code == 405
    assert "GET" not in response.headers.get("allow", "")


def test_head_still_needs_a_token_when_reading_does(one_article_db: str) -> None:
    with TestClient(create_app(one_article_db, Settings(read_access="required")), base_url="http://localhost") as c:
        assert c.head("/api/v1/articles").status_code == 401
