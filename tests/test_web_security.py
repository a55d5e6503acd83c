"""Web security of the app (API and pages): security headers, escaping of hostile text stored as real
articles and entities, hostile ids and parameters on every route (never a 500, never SQL or a file outside
/static), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message

from tests.conftest import DEMO, Databases
from warta import pipeline
from warta.app import CSP, SECURITY_HEADERS, create_app
from warta.model import Article, Entity, Mention, Quote, Raw
from warta.store import open_store, queries

LOCAL = "http://localhost"  # the loopback name `warta serve` answers (warta.api.hosts: other Host headers get 400)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CLOSE = "</script><script>alert(2)//"
PAYLOADS = (SCRIPT, IMG, CLOSE)
HOSTILE_TEXT = (
    f'Bupati Mojokerto Ikfina Fahmawati mengatakan, "Jalan {SCRIPT} sudah diperbaiki."\n\n'
    f"Warga {IMG} menyambut baik. Kepala Dinas {CLOSE} hadir di Kabupaten Mojokerto."
)
HOSTILE_ID = "person-hostile"


def hostile_article(pipe: pipeline.Pipeline) -> Article:
    """A real article through the pipeline, with a hostile title and URL, and a hand-made entity whose name,
    alias and quote are hostile."""
    raw = Raw(HOSTILE_TEXT, "text", "hostile", url="https://x.test/a", published="2024-05-02T09:00:00+07:00")
    article = pipe.run(raw)
    start = HOSTILE_TEXT.index("Kepala Dinas")
    mention = Mention(start, start + len("Kepala Dinas"), "Kepala Dinas", "person", HOSTILE_ID)
    person = Entity(HOSTILE_ID, f"Pak {SCRIPT}{IMG}{CLOSE}", "person", aliases=(CLOSE,))
    q_start = HOSTILE_TEXT.index("Jalan")
    quote_ = Quote(
        "quote-hostile", q_start, q_start + 40, HOSTILE_TEXT[q_start : q_start + 40], "direct", IMG, HOSTILE_ID
    )
    return replace(
        article,
        title=f"Judul {SCRIPT} {IMG} {CLOSE}",
        url="javascript:alert(document.cookie)",
        source=f"x.test{IMG}",
        mentions=(*article.mentions, mention),
        entities=(*article.entities, person),
        quotes=(*article.quotes, quote_),
    )


@pytest.fixture(scope="module")
def hostile_db(module_databases: Databases, pipe: pipeline.Pipeline) -> str:
    location = module_databases.new()
    demo = sorted((DEMO / "articles").glob("*.html"))[:3]
    with open_store(location) as store:
        store.save_many([pipe.run(Raw(p.read_bytes(), "html", str(p))) for p in demo] + [hostile_article(pipe)])
    return location


@pytest.fixture(scope="module")
def hostile_app(hostile_db: str) -> FastAPI:
    return create_app(hostile_db)


@pytest.fixture(scope="module")
def hostile_client(hostile_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(hostile_app, raise_server_exceptions=False, base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="module")
def hostile_id(hostile_db: str) -> str:
    with open_store(hostile_db) as store:
        rows = queries.list_articles(store, limit=100).items
        return next(row.id for row in rows if row.url and row.url.startswith("javascript:"))


# ------------------------------------------------------------------ headers


@pytest.mark.parametrize(
    "path", ["/", "/graf", "/cari?q=x", "/api/v1/articles", "/openapi.json", "/static/app.css", "/nope", "/api/v1/x"]
)
def test_security_headers_on_every_response(hostile_client: TestClient, path: str) -> None:
    response = hostile_client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'"):
        assert directive in CSP
    assert "frame-ancestors 'none'" in CSP and "form-action 'self'" in CSP and "unsafe" not in CSP


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    from warta.web import HERE

    for template in (HERE / "templates").glob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", text), template.name
        assert "<style" not in text and " style=" not in text and "|safe" not in text, template.name
        assert not re.search(r"\son[a-z]+=", text) and "javascript:" not in text, template.name


def test_autoescape_is_on_for_every_template() -> None:
    from warta.web import templates

    env = templates.env
    assert callable(env.autoescape)
    for name in env.list_templates():
        assert env.autoescape(name), name
    assert SCRIPT not in env.from_string("{{ x }}").render(x=SCRIPT)


# ------------------------------------------------------------------ escaping


def _pages(hostile_id: str) -> list[str]:
    return [
        "/",
        "/?lang=en",
        f"/cari?q={quote('Judul')}",
        f"/cari?q={quote(SCRIPT)}",
        f"/cari?q={quote(IMG)}",
        f"/entitas/{HOSTILE_ID}",
        f"/artikel/{hostile_id}",
        "/wilayah/35.16",
        f"/graf?focus={quote(IMG)}&region={quote(CLOSE)}&since={quote(SCRIPT)}",
        f"/entitas/{quote(SCRIPT, safe='')}",  # the 404 page echoes the path
    ]


def assert_safe(html: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html
    assert "<img" not in html and 'href="javascript:' not in html.lower()
    for tag in re.findall(r"<script[^>]*>", html):
        assert re.fullmatch(r'<script (src="/static/[\w./-]+"|type="application/json" id="[\w-]+")>', tag), tag
    for block in re.findall(r'<script type="application/json" id="[\w-]+">(.*?)</script>', html, re.S):
        json.loads(block)  # a payload cannot end the block early


def test_hostile_text_is_escaped_on_every_page(hostile_client: TestClient, hostile_id: str) -> None:
    seen_escaped = 0
    for path in _pages(hostile_id):
        response = hostile_client.get(path)
        assert response.status_code in (200, 404), path
        assert_safe(response.text)
        seen_escaped += "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert seen_escaped >= 4  # the payload is shown, as text


def test_article_page_shows_hostile_data_as_text(hostile_client: TestClient, hostile_id: str) -> None:
    html = hostile_client.get(f"/artikel/{hostile_id}").text
    assert "Judul &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html  # a non-http(s) URL is not linked
    data = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert data and "\\u003c/script\\u003e" in data.group(1)
    assert any(SCRIPT in node["name"] for node in json.loads(data.group(1))["nodes"])


def test_region_page_lists_the_hostile_article_escaped(hostile_client: TestClient) -> None:
    html = hostile_client.get("/wilayah/35.16", params={"dari": "2024-05-01", "sampai": "2024-05-31"}).text
    assert "Judul &lt;script&gt;" in html
    assert_safe(html)


def test_api_returns_hostile_text_as_json(hostile_client: TestClient, hostile_id: str) -> None:
    response = hostile_client.get(f"/api/v1/articles/{hostile_id}")
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["article"]["title"].startswith("Judul <script>")


# ------------------------------------------------------------------ hostile ids and parameters

HOSTILE = [
    "../../etc/passwd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252f..%252fetc%252fpasswd",
    "%27%3B%20DROP%20TABLE%20articles%3B--",
    "1%27%20OR%20%271%27%3D%271",
    "%00",
    "a%00b",
    "%ff%fe%c3%28",
    "%ED%A0%80",  # an encoded surrogate
    "x" * 10_000,
    "%E2%80%AE%F0%9F%92%A9",
    "-1",
    "99999999999999999999999999",
]
ROUTES = [
    "/api/v1/articles?since={p}&until={p}&source={p}&region={p}&entity={p}&limit={p}&cursor={p}",
    "/api/v1/articles?source={p}&entity={p}&cursor={p}",
    "/api/v1/articles/{p}",
    "/api/v1/entities?type={p}&q={p}&cursor={p}",
    "/api/v1/entities?q={p}",
    "/api/v1/entities/{p}",
    "/api/v1/entities/{p}/timeline?since={p}",
    "/api/v1/entities/{p}/timeline",
    "/api/v1/entities/{p}/quotes?cursor={p}",
    "/api/v1/entities/{p}/co-mentions",
    "/api/v1/quotes?speaker={p}&q={p}&region={p}&cursor={p}",
    "/api/v1/quotes?q={p}",
    "/api/v1/graph/ego/{p}?region={p}",
    "/api/v1/graph/ego/{p}",
    "/api/v1/graph/period?region={p}&type={p}",
    "/api/v1/trends?region={p}&days={p}",
    "/api/v1/trends?region={p}",
    "/api/v1/regions/{p}?as_of={p}",
    "/api/v1/regions/{p}",
    "/api/v1/search?q={p}&limit={p}",
    "/api/v1/search?q={p}",
    "/?periode={p}&dari={p}&sampai={p}&lang={p}",
    "/isu?periode={p}&dari={p}&sampai={p}&urut={p}",
    "/entitas/{p}?periode={p}&dari={p}&sampai={p}",
    "/wilayah/{p}?sampai={p}",
    "/wilayah/{p}",
    "/cari?q={p}",
    "/entitas/{p}?kutipan={p}&berita={p}",
    "/entitas/{p}",
    "/artikel/{p}",
    "/graf?type={p}&since={p}&until={p}&region={p}&focus={p}",
    "/static/{p}",
]


async def _asgi_get(hostile_app: FastAPI, raw_path: bytes, query: bytes = b"") -> tuple[int, bytes]:
    """GET with this exact path (no client normalizes it): the status and body."""
    from urllib.parse import unquote

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw_path.decode("latin-1")),
        "raw_path": raw_path,
        "query_string": query,
        "headers": [(b"host", b"localhost")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
        "root_path": "",
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(dict(message))

    await hostile_app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_parameters_never_give_a_server_error(hostile_app: FastAPI, hostile_db: str, route: str) -> None:
    with open_store(hostile_db) as store:
        before = store.counts()
    for payload in HOSTILE:
        url = route.replace("{p}", payload)
        path, _, query = url.partition("?")
        status, body = asyncio.run(_asgi_get(hostile_app, path.encode(), query.encode()))
        assert status < 500, (url[:120], status, body[:300])
        assert b"root:" not in body and b"[project]" not in body
    with open_store(hostile_db) as store:
        assert store.counts() == before  # no DROP, no write


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/../__init__.py",
        "/static/..%2f__init__.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..\\__init__.py",
        "/static//etc/passwd",
        "/static/vendor/../../pages.py",
        "/static/%00",
    ],
)
def test_static_route_refuses_traversal(hostile_app: FastAPI, path: str) -> None:
    status, body = asyncio.run(_asgi_get(hostile_app, path.encode()))
    assert status in (400, 404) and b"import" not in body and b"root:" not in body


def test_static_files_still_served(hostile_client: TestClient) -> None:
    assert hostile_client.get("/static/graph.js").status_code == 200
    assert hostile_client.get("/static/vendor/../graph.js").status_code == 200  # normalised inside /static


def test_writes_refused_without_token(hostile_client: TestClient) -> None:
    for method, path in [("post", "/api/v1/articles"), ("post", f"/api/v1/entities/{HOSTILE_ID}/curation")]:
        response = getattr(hostile_client, method)(path, json={})
        assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert hostile_client.delete("/api/v1/articles/x").status_code == 405
    assert hostile_client.put("/", content=b"x").status_code == 405
