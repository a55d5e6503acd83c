"""The REST API's tone: lists filtered by tone, an entity's tone split and tone over time, a region's tone and
the share of negative news, over tests/test_tone_store.py's hand-built articles, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Databases
from tests.test_api import ok
from tests.test_tone_store import toned_client


@pytest.fixture(scope="module")
def toned_api(module_databases: Databases) -> Iterator[TestClient]:
    """A client over a store of the hand-built articles with tone."""
    with toned_client(module_databases) as client:
        yield client


def test_lists_carry_tone_and_filter_by_it(toned_api: TestClient) -> None:
    negative = ok(toned_api, "/api/v1/articles", tone="negatif")["items"]
    assert [a["id"] for a in negative] == ["a5", "a1"] and negative[1]["tone"] == {"label": "negatif", "score": -0.61}
    assert {a["id"]: a["tone"] for a in ok(toned_api, "/api/v1/articles")["items"]}["a4"] is None
    quotes = ok(toned_api, "/api/v1/quotes", tone="positif")["items"]
    assert [(q["article_id"], q["tone"]) for q in quotes] == [("a2", {"label": "positif", "score": 0.8})]
    said = ok(toned_api, "/api/v1/entities/p-ikfina/quotes", tone="negatif")["items"]
    assert [q["article_id"] for q in said] == ["a1"]
    assert [e["id"] for e in ok(toned_api, "/api/v1/entities", tone="netral")["items"]] == ["gb-dinas"]


def test_an_entity_has_its_tone_split_and_tone_over_time(toned_api: TestClient) -> None:
    assert ok(toned_api, "/api/v1/entities/p-ikfina")["tone"] == {"positif": 1, "negatif": 2, "netral": 0}
    timeline = ok(toned_api, "/api/v1/entities/p-ikfina/tone", since="2024-01-01")
    assert timeline == {
        "entity_id": "p-ikfina",
        "items": [
            {"day": "2024-01-01", "positif": 1, "negatif": 1, "netral": 0},
            {"day": "2024-01-03", "positif": 0, "negatif": 1, "netral": 0},
        ],
    }


def test_tone_in_a_region_and_the_share_of_negative_news(toned_api: TestClient) -> None:
    region = ok(toned_api, "/api/v1/tone/timeline", region="35.16")
    assert region["region"] == "35.16" and [d["day"] for d in region["items"]] == ["2024-01-01", "2024-01-03"]
    tokoh = ok(toned_api, "/api/v1/tone/negative-share", kind="tokoh")
    assert tokoh["kind"] == "tokoh" and [(s["id"], s["negatif"], s["articles"]) for s in tokoh["items"]] == [
        ("p-ikfina", 2, 3), ("p-teguh", 1, 2)
    ]  # fmt: skip
    body = ok(toned_api, "/api/v1/tone/negative-share", kind="body", until="2024-01-02")["items"]
    assert [(s["id"], s["negative_share"]) for s in body] == [("gb-dinas", 1.0)]
