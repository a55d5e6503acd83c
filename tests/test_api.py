"""The REST API over a real store of the demo articles (run through the pipeline once), on SQLite and on
PostgreSQL (the conftest's `demo_db`, `demo_client`, `stored_demo`); the web app's pages are tested in
tests/test_web.py."""

from __future__ import annotations

import argparse
import dataclasses
import inspect
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Databases
from warta.app import SECURITY_HEADERS, create_app
from warta.cli import serve
from warta.model import Article
from warta.settings import Settings
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore
from warta.types import REGION_TYPES, TYPE_NAMES

LOCAL = "http://localhost"  # the loopback name `warta serve` answers (warta.api.hosts: other Host headers get 400)


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


def test_openapi_lists_every_path(demo_client: TestClient) -> None:
    schema = ok(demo_client, "/openapi.json")
    paths = set(schema["paths"])
    expected = {"/articles", "/articles/{article_id}", "/entities", "/entities/{entity_id}",
                "/entities/{entity_id}/timeline", "/entities/{entity_id}/quotes", "/entities/{entity_id}/co-mentions",
                "/quotes", "/graph/ego/{entity_id}", "/graph/period", "/graph/evidence", "/trends", "/regions",
                "/regions/{code}", "/search", "/entities/{entity_id}/curation", "/entities/{entity_id}/tone",
                "/tone/timeline", "/tone/negative-share", "/isu", "/isu/{isu_id}", "/isu/{isu_id}/curation",
                "/paths", "/watchlists", "/watchlists/{name}", "/watchlists/{name}/matches", "/alerts",
                "/alerts/seen", "/watchlists/{name}/feed.atom", "/report"}  # fmt: skip
    assert {"/api/v1" + p for p in expected} == paths
    assert "ErrorBody" in schema["components"]["schemas"]
    assert schema["paths"]["/api/v1/articles"]["get"]["responses"]["422"]["content"]
    assert demo_client.put("/api/v1/articles").json()["error"]["code"] == "method_not_allowed"
    assert demo_client.post("/api/v1/articles").json()["error"]["code"] == "unauthorized"  # tests/test_tokens.py


@pytest.mark.parametrize(
    ("url", "params", "total"),
    [
        ("/api/v1/articles", {"limit": 7}, "articles"),
        ("/api/v1/entities", {"limit": 50}, "entities"),
        ("/api/v1/quotes", {"limit": 40}, "quotes"),
        ("/api/v1/isu", {"limit": 9}, "isus"),
    ],
)
def test_pagination_walks_every_item_once(
    demo_client: TestClient, stored_demo: SQLStore, url: str, params: Any, total: str
) -> None:
    items = walk(demo_client, url, **params)
    ids = [item["id"] for item in items]
    counts = {**stored_demo.counts(), "isus": stored_demo.conn.execute("SELECT COUNT(*) FROM isus").fetchone()[0]}
    assert len(ids) == len(set(ids)) == counts[total]


def test_articles_newest_first_and_filters(demo_client: TestClient, stored_demo: SQLStore) -> None:
    items = walk(demo_client, "/api/v1/articles", limit=5)
    dates = [a["published"] or "" for a in items]
    assert dates == sorted(dates, reverse=True)
    since = walk(demo_client, "/api/v1/articles", since="2024-01-01", until="2024-06-30")
    assert since and all("2024-01-01" <= a["published"][:10] <= "2024-06-30" for a in since)
    source = walk(demo_client, "/api/v1/articles", source="kabarjatim.test")
    assert source and {a["source"] for a in source} == {"kabarjatim.test"}
    for article in walk(demo_client, "/api/v1/articles", region="35.16"):
        codes = [e["kb"].get("region_code", "") for e in stored_demo.article(article["id"])["entities"]]
        assert any(c == "35.16" or c.startswith("35.16.") for c in codes)
    speaker = top_person(stored_demo)
    mentioning = walk(demo_client, "/api/v1/articles", entity=speaker)
    assert mentioning and all(
        speaker in {e["id"] for e in stored_demo.article(a["id"])["entities"]} for a in mentioning
    )


def test_article_is_the_stored_document(demo_client: TestClient, stored_demo: SQLStore) -> None:
    article_id = queries.list_articles(stored_demo, limit=1).items[0].id
    assert ok(demo_client, f"/api/v1/articles/{article_id}") == stored_demo.article(article_id)


def test_entities_by_type_and_name(demo_client: TestClient) -> None:
    persons = walk(demo_client, "/api/v1/entities", type="person", limit=20)
    assert persons and {e["type"] for e in persons} == {"person"}
    counts = [e["mention_count"] for e in persons]
    assert counts == sorted(counts, reverse=True)
    found = walk(demo_client, "/api/v1/entities", q="mojokerto", limit=3)
    assert found[0]["name"] == "Kabupaten Mojokerto" or "mojokerto" in found[0]["name"].lower()
    assert all("mojokerto" in (e["name"] + " ".join(e["aliases"])).lower() for e in found)


def test_one_entity_with_timeline_quotes_and_co_mentions(demo_client: TestClient, stored_demo: SQLStore) -> None:
    speaker = top_person(stored_demo)
    entity = ok(demo_client, f"/api/v1/entities/{speaker}")
    assert entity["id"] == speaker and entity["type"] == "person" and entity["roles"]
    timeline = ok(demo_client, f"/api/v1/entities/{speaker}/timeline")["items"]
    assert sum(day["mentions"] for day in timeline) == entity["mention_count"]
    quotes = walk(demo_client, f"/api/v1/entities/{speaker}/quotes", limit=2)
    assert quotes and {q["speaker_id"] for q in quotes} == {speaker}
    co = ok(demo_client, f"/api/v1/entities/{speaker}/co-mentions", limit=5)["items"]
    assert co and speaker not in {c["id"] for c in co} and len(co) <= 5
    shared = [c["shared_articles"] for c in co]
    assert shared == sorted(shared, reverse=True)


def test_quotes_by_words_speaker_and_period(demo_client: TestClient, stored_demo: SQLStore) -> None:
    smart = walk(demo_client, "/api/v1/quotes", q="smart city")
    assert smart and all("smart" in q["text"].lower() and "city" in q["text"].lower() for q in smart)
    speaker = top_person(stored_demo)
    assert {q["speaker_id"] for q in walk(demo_client, "/api/v1/quotes", speaker=speaker)} == {speaker}
    period = walk(demo_client, "/api/v1/quotes", since="2023-01-01", until="2023-12-31", limit=10)
    assert period and all(q["published"][:4] == "2023" for q in period)


def check_graph(graph: dict[str, Any], limit: int) -> set[str]:
    nodes = {n["id"] for n in graph["nodes"]}
    assert 0 < len(nodes) <= limit
    assert all(e["source"] in nodes and e["target"] in nodes for e in graph["edges"])
    return nodes


def test_ego_graph(demo_client: TestClient, stored_demo: SQLStore) -> None:
    speaker = top_person(stored_demo)
    one = check_graph(ok(demo_client, f"/api/v1/graph/ego/{speaker}", depth=1), 100)
    two = check_graph(ok(demo_client, f"/api/v1/graph/ego/{speaker}", depth=2), 100)
    assert speaker in one and one < two
    capped = ok(demo_client, f"/api/v1/graph/ego/{speaker}", depth=2, limit=5)
    assert len(check_graph(capped, 5)) == 5 and capped["truncated"]
    typed = ok(demo_client, f"/api/v1/graph/ego/{speaker}", type=["city", "province"])["nodes"]
    assert {n["type"] for n in typed if n["id"] != speaker} <= {"city", "province"}


def test_period_graph(demo_client: TestClient) -> None:
    everything = ok(demo_client, "/api/v1/graph/period", limit=20)
    check_graph(everything, 20)
    assert everything["edges"] and {e["type"] for e in everything["edges"]} == {"co_mentioned"}
    jatim = ok(demo_client, "/api/v1/graph/period", since="2022-01-01", until="2023-12-31", region="35", limit=10)
    check_graph(jatim, 10)


def test_trends_against_the_previous_period(demo_client: TestClient) -> None:
    trends = ok(demo_client, "/api/v1/trends", since="2024-01-01", until="2025-12-31", limit=5)
    period = trends["period"]
    assert period["previous_until"] == "2023-12-31" and period["previous_since"] == "2021-12-31"
    for section in ("entities", "speakers"):
        items = trends[section]
        assert items and all(i["change"] == i["count"] - i["previous"] for i in items)
        assert [i["count"] for i in items] == sorted((i["count"] for i in items), reverse=True)
    regional = ok(demo_client, "/api/v1/trends", region="35.16", days=3660)
    assert regional["region"] == "35.16" and regional["entities"]


def test_region_dashboard(demo_client: TestClient) -> None:
    region = ok(demo_client, "/api/v1/regions/35.16")
    assert region["name"] == "Kabupaten Mojokerto" and region["article_count"] >= 4
    officials = {o["id"] for o in region["officials"]} | {o["holder_id"] for o in region["officials"]}
    assert region["statements"] and region["bodies"] and region["places"] and region["latest"]
    for quote in region["statements"]:
        assert quote["speaker_id"] in officials
        assert region["week_since"] <= quote["published"][:10] <= region["as_of"]
    codes = {r["code"] for r in ok(demo_client, "/api/v1/regions")["items"]}
    assert {"35", "35.16", "35.76"} <= codes


def test_search_has_three_sections(demo_client: TestClient) -> None:
    found = ok(demo_client, "/api/v1/search", q="smart city")
    assert found["entities"] and found["articles"] and found["quotes"]


def test_isus_list_and_detail(demo_client: TestClient, stored_demo: SQLStore) -> None:
    isus = walk(demo_client, "/api/v1/isu", limit=50)
    assert sum(item["articles"] for item in isus) == stored_demo.counts()["articles"]  # every article in one isu
    newest = [item["last_seen"] or "" for item in isus]
    assert newest == sorted(newest, reverse=True)
    detail = ok(demo_client, f"/api/v1/isu/{isus[0]['id']}")
    assert detail["label"] == isus[0]["label"] and detail["pencetus"]["id"] == isus[0]["pencetus"]
    assert detail["articles"][0]["id"] == detail["pencetus"]["id"]
    assert sum(d["articles"] for d in detail["days"]) == len(detail["articles"]) == isus[0]["articles"]
    assert detail["peak_day"] in {d["day"] for d in detail["days"]}
    some = ok(demo_client, "/api/v1/isu", region="35.16", since="2024-01-01")["items"]
    assert 0 < len(some) < len(isus)
    quoted = [ok(demo_client, f"/api/v1/isu/{item['id']}") for item in isus[:10]]
    assert any(d["tokoh"] and d["tokoh"][0]["quotes"] for d in quoted)
    assert any(d["bodies"] and d["regions"] for d in quoted)


def test_schemas_are_the_read_model_with_its_descriptions(demo_client: TestClient) -> None:
    schema = ok(demo_client, "/openapi.json")
    schemas = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            files = path.endswith(".atom") or path == "/api/v1/report"  # an Atom feed, a report file
            if path.startswith("/api/v1/") and method == "get" and not files:
                assert operation["responses"]["200"]["content"]["application/json"]["schema"], path
    names = ("ArticleItem", "EntityItem", "EntityDetail", "QuoteItem", "OfficeHolder", "TextHit", "Trends")
    isu = ("IsuItem", "IsuDetail", "IsuTone", "IsuArticle", "IsuOutlet", "IsuDay", "IsuTokoh", "IsuQuote", "IsuEntity")
    for name in (*names, "ToneValue", "ToneCounts", "ToneDay", "ToneShare", *isu):
        assert schemas[name]["description"] == inspect.cleandoc(getattr(queries, name).__doc__), name
    assert set(schemas["EntityDetail"]["properties"]) == {f.name for f in dataclasses.fields(queries.EntityDetail)}
    parameters = schema["paths"]["/api/v1/entities"]["get"]["parameters"]
    (type_parameter,) = [p for p in parameters if p["name"] == "type"]
    assert type_parameter["schema"]["anyOf"][0]["enum"] == list(TYPE_NAMES)
    (tone_parameter,) = [p for p in parameters if p["name"] == "tone"]
    assert tone_parameter["schema"]["anyOf"][0]["enum"] == ["positif", "negatif", "netral"]


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
        ("/api/v1/articles?tone=bagus", 422, "invalid_request"),
        ("/api/v1/tone/negative-share?kind=place", 422, "invalid_request"),
        ("/api/v1/tone/negative-share", 422, "invalid_request"),
        ("/api/v1/entities/nope/tone", 404, "not_found"),
        ("/api/v1/tone/timeline?region=nowhere", 400, "bad_request"),
        ("/api/v1/isu/nope", 404, "not_found"),
        ("/api/v1/isu?region=nowhere", 400, "bad_request"),
        ("/api/v1/isu?cursor=bogus", 400, "bad_request"),
        ("/api/v1/isu?since=2024-13-01", 422, "invalid_request"),
    ],
)
def test_error_bodies(demo_client: TestClient, url: str, status: int, code: str) -> None:
    response = demo_client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    message = body["error"]["message"]
    assert body["error"]["code"] == code and message and "\n" not in message and "warta.db" not in message


def test_unexpected_error_is_500_in_the_same_shape(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "list_articles", broken)
    with TestClient(create_app(demo_db), raise_server_exceptions=False, base_url=LOCAL) as c:
        response = c.get("/api/v1/articles")
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal"
    assert response.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]


# ------------------------------------------------------------------ store and command line


def test_counts_kept_by_triggers_survive_curation(module_databases: Databases, demo_articles: list[Article]) -> None:
    with open_store(module_databases.new()) as store:  # a store of its own: the others stay as they are
        store.save_many(demo_articles)
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


def test_serve_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], demo_db: str) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    parser = argparse.ArgumentParser()
    serve.add_parsers(parser.add_subparsers())
    args = parser.parse_args(["serve", "--port", "8123"])
    assert args.run(args, Settings(db=demo_db)) == 0
    assert len(calls) == 1 and {k: calls[0].pop(k) for k in ("host", "port", "log_level")} == {
        "host": "127.0.0.1", "port": 8123, "log_level": "warning"
    }  # fmt: skip
    assert calls[0].keys() == serve.limits(Settings(db=demo_db)).keys()  # tested in tests/test_serve_limits.py
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out


@pytest.mark.parametrize("code", ["35", "35.16", "35.16.01", "35.76"])
def test_a_regions_article_count_is_its_articles_linked_at_or_inside_it(stored_demo: SQLStore, code: str) -> None:
    import json

    rows = stored_demo.conn.execute("SELECT ae.article_id, e.type, e.kb FROM article_entities ae JOIN entities e "
                                    "ON e.id = ae.entity_id").fetchall()  # fmt: skip
    inside = {
        article
        for article, kind, kb in rows
        if kind in REGION_TYPES
        and (found := str(json.loads(kb or "{}").get("region_code") or ""))
        and (found == code or found.startswith(code + "."))
    }
    assert queries.region_dashboard(stored_demo, code).article_count == len(inside)
    entities_only = queries.trends(stored_demo, region=code, days=3660, speakers=False)
    assert (
        entities_only.speakers == []
        and entities_only.entities == queries.trends(stored_demo, region=code, days=3660).entities
    )


@pytest.mark.parametrize("code", ["35.16", "35.76"])
def test_a_region_dashboards_bodies_and_places_are_those_of_its_week(stored_demo: SQLStore, code: str) -> None:
    def in_news(d: queries.RegionDashboard) -> tuple[list[queries.EntityCount], ...]:
        return d.bodies, d.places, d.vertical, d.national, d.elsewhere, d.other_bodies

    dashboard = queries.region_dashboard(stored_demo, code)
    assert dashboard.week_since and dashboard.as_of
    week = queries.region_dashboard(stored_demo, code, since=dashboard.week_since, until=dashboard.as_of)
    every_day = queries.region_dashboard(stored_demo, code, since="2000-01-01", until="2099-12-31")
    assert in_news(dashboard) == in_news(week)
    assert in_news(week) != in_news(every_day)  # the region has news older than the week (else this tests nothing)
