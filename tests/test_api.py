"""The REST API and the web app over a real store of the demo articles (run through the pipeline once), on
SQLite and on PostgreSQL."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Databases
from warta import pipeline, web
from warta.api import SECURITY_HEADERS, create_app
from warta.cli import serve
from warta.model import Article, Entity, Mention, Quote, Raw
from warta.settings import Settings
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore
from warta.web.render import highlight

LOCAL = "http://localhost"  # the loopback name `warta serve` answers (warta.api.hosts: other Host headers get 400)

DEMO = Path(__file__).resolve().parent.parent / "demo" / "articles"
XSS = "<script>alert(1)</script>"
XSS_TEXT = f'Kepala Dinas {XSS} mengatakan, "Semua aman." Warga <b>lega</b>.'


def xss_article() -> Article:
    """An article whose title, text, entity name and quote carry markup, to check escaping."""
    person = Entity("person-xss", f"Budi {XSS}", "person")
    mention = Mention(0, 12, "Kepala Dinas", "person", "person-xss")
    start = XSS_TEXT.index("Semua")
    quote = Quote("quote-xss", start, start + 11, "Semua aman.", "direct", "mengatakan", "person-xss")
    fields: dict[str, Any] = {"title": f"Judul {XSS}", "source": "xss.test", "published": "2021-01-05T10:00:00+07:00"}
    return Article("art-xss", XSS_TEXT, mentions=(mention,), entities=(person,), quotes=(quote,), **fields)


@pytest.fixture(scope="module")
def demo(pipe: pipeline.Pipeline) -> list[Article]:
    """The demo articles through the pipeline, and the markup-carrying one."""
    pages = sorted(DEMO.glob("*.html"))
    return [pipe.run(Raw(content=html.read_bytes(), format="html", origin=str(html))) for html in pages] + [
        xss_article()
    ]


@pytest.fixture(scope="module")
def db(module_databases: Databases, demo: list[Article]) -> str:
    """The location of a store of the demo articles (a SQLite file, a PostgreSQL URL)."""
    location = module_databases.new()
    with open_store(location) as store:
        store.save_many(demo)
    return location


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="module")
def store(db: str) -> Iterator[SQLStore]:
    with open_store(db) as s:
        yield s


def ok(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def walk(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated list, following next_cursor."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(1000):
        page = ok(client, url, **params, **({"cursor": cursor} if cursor else {}))
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination does not end")


def top_person(store: SQLStore) -> str:
    """The most quoted speaker."""
    return queries.trends(store, since="2000-01-01", until="2030-12-31").speakers[0].id


# ------------------------------------------------------------------ API


def test_openapi_lists_every_path(client: TestClient) -> None:
    schema = ok(client, "/openapi.json")
    paths = set(schema["paths"])
    expected = {"/articles", "/articles/{article_id}", "/entities", "/entities/{entity_id}",
                "/entities/{entity_id}/timeline", "/entities/{entity_id}/quotes", "/entities/{entity_id}/co-mentions",
                "/quotes", "/graph/ego/{entity_id}", "/graph/period", "/trends", "/regions", "/regions/{code}",
                "/search", "/entities/{entity_id}/curation"}  # fmt: skip
    assert {"/api/v1" + p for p in expected} == paths
    assert "ErrorBody" in schema["components"]["schemas"]
    assert schema["paths"]["/api/v1/articles"]["get"]["responses"]["422"]["content"]
    assert client.put("/api/v1/articles").json()["error"]["code"] == "method_not_allowed"
    assert client.post("/api/v1/articles").json()["error"]["code"] == "unauthorized"  # tests/test_tokens.py


@pytest.mark.parametrize(
    ("url", "params", "total"),
    [
        ("/api/v1/articles", {"limit": 7}, "articles"),
        ("/api/v1/entities", {"limit": 50}, "entities"),
        ("/api/v1/quotes", {"limit": 40}, "quotes"),
    ],
)
def test_pagination_walks_every_item_once(
    client: TestClient, store: SQLStore, url: str, params: Any, total: str
) -> None:
    items = walk(client, url, **params)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == store.counts()[total]


def test_articles_newest_first_and_filters(client: TestClient, store: SQLStore) -> None:
    items = walk(client, "/api/v1/articles", limit=5)
    dates = [a["published"] or "" for a in items]
    assert dates == sorted(dates, reverse=True)
    since = walk(client, "/api/v1/articles", since="2024-01-01", until="2024-06-30")
    assert since and all("2024-01-01" <= a["published"][:10] <= "2024-06-30" for a in since)
    source = walk(client, "/api/v1/articles", source="kabarjatim.test")
    assert source and {a["source"] for a in source} == {"kabarjatim.test"}
    for article in walk(client, "/api/v1/articles", region="35.16"):
        codes = [e["kb"].get("region_code", "") for e in store.article(article["id"])["entities"]]
        assert any(c == "35.16" or c.startswith("35.16.") for c in codes)
    speaker = top_person(store)
    mentioning = walk(client, "/api/v1/articles", entity=speaker)
    assert mentioning and all(speaker in {e["id"] for e in store.article(a["id"])["entities"]} for a in mentioning)


def test_article_is_the_stored_document(client: TestClient, store: SQLStore) -> None:
    article_id = store.articles(limit=1)[0].id
    assert ok(client, f"/api/v1/articles/{article_id}") == store.article(article_id)


def test_entities_by_type_and_name(client: TestClient) -> None:
    persons = walk(client, "/api/v1/entities", type="person", limit=20)
    assert persons and {e["type"] for e in persons} == {"person"}
    counts = [e["mention_count"] for e in persons]
    assert counts == sorted(counts, reverse=True)
    found = walk(client, "/api/v1/entities", q="mojokerto", limit=3)
    assert found[0]["name"] == "Kabupaten Mojokerto" or "mojokerto" in found[0]["name"].lower()
    assert all("mojokerto" in (e["name"] + " ".join(e["aliases"])).lower() for e in found)


def test_one_entity_with_timeline_quotes_and_co_mentions(client: TestClient, store: SQLStore) -> None:
    speaker = top_person(store)
    entity = ok(client, f"/api/v1/entities/{speaker}")
    assert entity["id"] == speaker and entity["type"] == "person" and entity["roles"]
    timeline = ok(client, f"/api/v1/entities/{speaker}/timeline")["items"]
    assert sum(day["mentions"] for day in timeline) == entity["mention_count"]
    quotes = walk(client, f"/api/v1/entities/{speaker}/quotes", limit=2)
    assert quotes and {q["speaker_id"] for q in quotes} == {speaker}
    co = ok(client, f"/api/v1/entities/{speaker}/co-mentions", limit=5)["items"]
    assert co and speaker not in {c["id"] for c in co} and len(co) <= 5
    shared = [c["shared_articles"] for c in co]
    assert shared == sorted(shared, reverse=True)


def test_quotes_by_words_speaker_and_period(client: TestClient, store: SQLStore) -> None:
    smart = walk(client, "/api/v1/quotes", q="smart city")
    assert smart and all("smart" in q["text"].lower() and "city" in q["text"].lower() for q in smart)
    speaker = top_person(store)
    assert {q["speaker_id"] for q in walk(client, "/api/v1/quotes", speaker=speaker)} == {speaker}
    period = walk(client, "/api/v1/quotes", since="2023-01-01", until="2023-12-31", limit=10)
    assert period and all(q["published"][:4] == "2023" for q in period)


def check_graph(graph: dict[str, Any], limit: int) -> set[str]:
    nodes = {n["id"] for n in graph["nodes"]}
    assert 0 < len(nodes) <= limit
    assert all(e["source"] in nodes and e["target"] in nodes for e in graph["edges"])
    return nodes


def test_ego_graph(client: TestClient, store: SQLStore) -> None:
    speaker = top_person(store)
    one = check_graph(ok(client, f"/api/v1/graph/ego/{speaker}", depth=1), 100)
    two = check_graph(ok(client, f"/api/v1/graph/ego/{speaker}", depth=2), 100)
    assert speaker in one and one < two
    capped = ok(client, f"/api/v1/graph/ego/{speaker}", depth=2, limit=5)
    assert len(check_graph(capped, 5)) == 5 and capped["truncated"]
    typed = ok(client, f"/api/v1/graph/ego/{speaker}", type=["city", "province"])["nodes"]
    assert {n["type"] for n in typed if n["id"] != speaker} <= {"city", "province"}


def test_period_graph(client: TestClient) -> None:
    everything = ok(client, "/api/v1/graph/period", limit=20)
    check_graph(everything, 20)
    assert everything["edges"] and {e["type"] for e in everything["edges"]} == {"co_mentioned"}
    jatim = ok(client, "/api/v1/graph/period", since="2022-01-01", until="2023-12-31", region="35", limit=10)
    check_graph(jatim, 10)


def test_trends_against_the_previous_period(client: TestClient) -> None:
    trends = ok(client, "/api/v1/trends", since="2024-01-01", until="2025-12-31", limit=5)
    period = trends["period"]
    assert period["previous_until"] == "2023-12-31" and period["previous_since"] == "2021-12-31"
    for section in ("entities", "speakers"):
        items = trends[section]
        assert items and all(i["change"] == i["count"] - i["previous"] for i in items)
        assert [i["count"] for i in items] == sorted((i["count"] for i in items), reverse=True)
    regional = ok(client, "/api/v1/trends", region="35.16", days=3660)
    assert regional["region"] == "35.16" and regional["entities"]


def test_region_dashboard(client: TestClient) -> None:
    region = ok(client, "/api/v1/regions/35.16")
    assert region["name"] == "Kabupaten Mojokerto" and region["article_count"] >= 4
    officials = {o["id"] for o in region["officials"]} | {o["holder_id"] for o in region["officials"]}
    assert region["statements"] and region["bodies"] and region["places"] and region["latest"]
    for quote in region["statements"]:
        assert quote["speaker_id"] in officials
        assert region["week_since"] <= quote["published"][:10] <= region["as_of"]
    codes = {r["code"] for r in ok(client, "/api/v1/regions")["items"]}
    assert {"35", "35.16", "35.76"} <= codes


def test_search_has_three_sections(client: TestClient) -> None:
    found = ok(client, "/api/v1/search", q="smart city")
    assert found["entities"] and found["articles"] and found["quotes"]


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/articles/nope", 404, "not_found"),
        ("/api/v1/entities/nope", 404, "not_found"),
        ("/api/v1/entities/nope/timeline", 404, "not_found"),
        ("/api/v1/entities/nope/quotes", 404, "not_found"),
        ("/api/v1/entities/nope/co-mentions", 404, "not_found"),
        ("/api/v1/graph/ego/nope", 404, "not_found"),
        ("/api/v1/regions/99.99", 404, "not_found"),
        ("/api/v1/no-such-endpoint", 404, "not_found"),
        ("/api/v1/regions/abc", 400, "bad_request"),
        ("/api/v1/articles?cursor=bogus", 400, "bad_request"),
        ("/api/v1/quotes?cursor=WyJ4Il0", 400, "bad_request"),
        ("/api/v1/entities?cursor=%%%", 400, "bad_request"),
        ("/api/v1/articles?region=nowhere", 400, "bad_request"),
        ("/api/v1/articles?since=2024-02-01&until=2024-01-01", 400, "bad_request"),
        ("/api/v1/quotes?q=%21%21", 400, "bad_request"),
        ("/api/v1/articles?since=2024-13-01", 422, "invalid_request"),
        ("/api/v1/articles?limit=0", 422, "invalid_request"),
        ("/api/v1/entities?type=alien", 422, "invalid_request"),
        ("/api/v1/graph/ego/x?depth=3", 422, "invalid_request"),
        ("/api/v1/search", 422, "invalid_request"),
    ],
)
def test_error_bodies(client: TestClient, url: str, status: int, code: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    message = body["error"]["message"]
    assert body["error"]["code"] == code and message and "\n" not in message and "warta.db" not in message


def test_unexpected_error_is_500_in_the_same_shape(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "list_articles", broken)
    with TestClient(create_app(db), raise_server_exceptions=False, base_url=LOCAL) as c:
        response = c.get("/api/v1/articles")
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal"
    assert response.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]


# ------------------------------------------------------------------ web


def entity_page(store: SQLStore) -> str:
    return f"/entitas/{top_person(store)}"


@pytest.mark.parametrize(
    ("path", "hooks"),
    [
        ("/", ["search-input", "search-submit", "lang-switch", 'href="/wilayah/35.16"']),
        ("/?hari=365", ['aria-current="true"']),
        ("/wilayah/35.16", ["Kabupaten Mojokerto", 'data-testid="quote"', "quote-article-link"]),
        ("/cari?q=smart+city", ["result-entity", "result-quote", "result-article"]),
        ("ENTITY", ["entity-name", 'data-testid="timeline"', "<svg", 'data-testid="quote"', "quote-article-link"]),
        ("/artikel/ARTICLE", ['<mark class="ent ent-person"', 'data-testid="graph"', 'id="graph-data"', "Tokoh"]),
        (
            "/graf",
            ['data-testid="graph"', "node-panel", "expand-node", "open-entity", "/static/vendor/cytoscape.min.js"],
        ),
        ("/graf?focus=FOCUS&type=city", ["/api/v1/graph/ego/", "type=city"]),
    ],
)
def test_pages(client: TestClient, store: SQLStore, path: str, hooks: list[str]) -> None:
    speaker = top_person(store)
    article = store.articles(limit=1)[0].id
    path = path.replace("ENTITY", f"/entitas/{speaker}").replace("ARTICLE", article).replace("FOCUS", speaker)
    response = client.get(path)
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    for hook in hooks:
        assert hook in response.text, hook
    assert "<script>" not in response.text.replace('<script type="application/json"', "")
    assert 'testid="search-input"' in response.text and 'testid="lang-switch"' in response.text


@pytest.mark.parametrize("path", ["/artikel/art-xss", "/cari?q=Judul", "/entitas/person-xss", f"/cari?q={XSS}"])
def test_user_text_is_escaped(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert XSS not in html and "<b>lega</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_language_switch(db: str) -> None:
    with TestClient(create_app(db), base_url=LOCAL) as c:
        assert ">Beranda<" in c.get("/").text
        english = c.get("/?lang=en")
        assert "warta_lang=en" in english.headers["set-cookie"] and ">Home<" in english.text
        assert 'href="/?lang=id"' in english.text
        assert ">Home<" in c.get("/cari").text  # remembered in the cookie
        assert ">Beranda<" in c.get("/cari?lang=id").text


def test_web_errors_are_pages(client: TestClient) -> None:
    for path, status in (("/entitas/nope", 404), ("/wilayah/abc", 400), ("/no/such/page", 404)):
        response = client.get(path)
        assert response.status_code == status and "text/html" in response.headers["content-type"]
        assert response.headers["X-Frame-Options"] == "DENY" and 'data-testid="search-input"' in response.text


def test_static_files_and_missing_cytoscape(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    for asset in ("/static/app.css", "/static/graph.js"):
        response = client.get(asset)
        assert response.status_code == 200 and response.headers["X-Content-Type-Options"] == "nosniff"
    monkeypatch.setattr(web, "CYTOSCAPE", Path("/nonexistent/cytoscape.min.js"))
    page = client.get("/graf").text
    assert "Grafik tidak tersedia" in page and "cytoscape.min.js" not in page


def test_highlight_nests_escapes_and_skips_crossing_mentions() -> None:
    text = "Pemkab <Mojokerto> & Bupati\n\nParagraf dua"
    mentions = [
        {"start": 0, "end": 18, "type": "government_body", "entity": "b"},
        {"start": 7, "end": 18, "type": "city", "entity": "c"},
        {"start": 15, "end": 27, "type": "person", "entity": "x"},  # crosses the body: left out
        {"start": 29, "end": 37, "type": "<bad>", "entity": '"q'},
    ]
    paragraphs = [str(p) for p in highlight(text, mentions, {"b": "Pemkab", "c": "<M>"})]
    assert paragraphs[0] == (
        '<mark class="ent ent-government_body" data-entity="b" title="Pemkab">Pemkab '
        '<mark class="ent ent-city" data-entity="c" title="&lt;M&gt;">&lt;Mojokerto&gt;</mark></mark> &amp; Bupati'
    )
    assert paragraphs[1] == '<mark class="ent ent-other" data-entity="&#34;q" title="">Paragraf</mark> dua'


# ------------------------------------------------------------------ store and command line


def test_counts_kept_by_triggers_survive_curation(module_databases: Databases, demo: list[Article]) -> None:
    with open_store(module_databases.new()) as store:  # a store of its own: the others stay as they are
        store.save_many(demo)
        person = top_person(store)
        other = queries.co_mentions(store, person, limit=50)
        target = next(c.id for c in other if c.type == "person")
        store.curate("merge", target, {"into": person}, "test", "same person, for the test")
        conn = store.conn
        stats = set(
            conn.execute("SELECT entity_id, mention_count, article_count FROM entity_stats WHERE article_count > 0")
        )
        actual = set(conn.execute(
            "SELECT ae.entity_id, (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = ae.entity_id), COUNT(*) "
            "FROM article_entities ae GROUP BY ae.entity_id"
        ))  # fmt: skip
        edges = set(conn.execute("SELECT source, target, type, weight FROM edge_stats"))
        summed = set(conn.execute(
            "SELECT source, target, type, SUM(weight) FROM edges WHERE type <> 'said' GROUP BY 1, 2, 3"
        ))  # fmt: skip
    assert stats == actual and edges == summed


def test_serve_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: str) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    parser = argparse.ArgumentParser()
    serve.add_parsers(parser.add_subparsers())
    args = parser.parse_args(["serve", "--port", "8123"])
    assert args.run(args, Settings(db=db)) == 0
    assert len(calls) == 1 and {k: calls[0].pop(k) for k in ("host", "port", "log_level")} == {
        "host": "127.0.0.1", "port": 8123, "log_level": "warning"
    }  # fmt: skip
    assert calls[0].keys() == serve.limits(Settings(db=db)).keys()  # tested in tests/test_serve_limits.py
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out
