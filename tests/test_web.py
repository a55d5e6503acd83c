"""The web app's pages over a real store of the demo articles, on SQLite and on PostgreSQL (the conftest's
`demo_db`, `demo_client`, `stored_demo`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import XSS, Databases
from tests.test_api import LOCAL, top_person
from tests.test_tone_store import toned_client
from warta import web
from warta.app import SECURITY_HEADERS, create_app
from warta.store import queries
from warta.store.sqlstore import SQLStore
from warta.web.render import highlight


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
def test_pages(demo_client: TestClient, stored_demo: SQLStore, path: str, hooks: list[str]) -> None:
    speaker = top_person(stored_demo)
    article = queries.list_articles(stored_demo, limit=1).items[0].id
    path = path.replace("ENTITY", f"/entitas/{speaker}").replace("ARTICLE", article).replace("FOCUS", speaker)
    response = demo_client.get(path)
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    for hook in hooks:
        assert hook in response.text, hook
    assert "<script>" not in response.text.replace('<script type="application/json"', "")
    assert 'testid="search-input"' in response.text and 'testid="lang-switch"' in response.text


@pytest.mark.parametrize("path", ["/artikel/art-xss", "/cari?q=Judul", "/entitas/person-xss", f"/cari?q={XSS}"])
def test_user_text_is_escaped(demo_client: TestClient, path: str) -> None:
    html = demo_client.get(path).text
    assert XSS not in html and "<b>lega</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_language_switch(demo_db: str) -> None:
    with TestClient(create_app(demo_db), base_url=LOCAL) as c:
        assert ">Beranda<" in c.get("/").text
        english = c.get("/?lang=en")
        assert "warta_lang=en" in english.headers["set-cookie"] and ">Home<" in english.text
        assert 'href="/?lang=id"' in english.text
        assert ">Home<" in c.get("/cari").text  # remembered in the cookie
        assert ">Beranda<" in c.get("/cari?lang=id").text


def test_web_errors_are_pages(demo_client: TestClient) -> None:
    for path, status in (("/entitas/nope", 404), ("/wilayah/abc", 400), ("/no/such/page", 404)):
        response = demo_client.get(path)
        assert response.status_code == status and "text/html" in response.headers["content-type"]
        assert response.headers["X-Frame-Options"] == "DENY" and 'data-testid="search-input"' in response.text


def test_static_files_and_missing_cytoscape(demo_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    for asset in ("/static/app.css", "/static/graph.js"):
        response = demo_client.get(asset)
        assert response.status_code == 200 and response.headers["X-Content-Type-Options"] == "nosniff"
    monkeypatch.setattr(web, "CYTOSCAPE", Path("/nonexistent/cytoscape.min.js"))
    page = demo_client.get("/graf").text
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


# ------------------------------------------------------------------ tone (over tests/test_tone_store.py's articles)


@pytest.fixture(scope="module")
def toned_web(module_databases: Databases) -> Iterator[TestClient]:
    """A client over a store of the hand-built articles with tone."""
    with toned_client(module_databases) as client:
        yield client


def markers(html: str) -> list[tuple[str, str]]:
    """Every tone marker of a page: (its label class, the text it shows)."""
    found = re.findall(r'<span class="tone tone-(\w+)" data-testid="tone"[^>]*>.*?</span>([^<]*)</span>', html)
    return [(label, text) for label, text in found]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("id", {"positif": "positif", "negatif": "negatif", "netral": "netral"}),
     ("en", {"positif": "positive", "negatif": "negative", "netral": "neutral"})],
)  # fmt: skip
def test_tone_markers_show_the_label_beside_the_colour(toned_web: TestClient, lang: str, words: dict[str, str]) -> None:
    home = toned_web.get("/", params={"lang": lang}).text
    assert ("negatif", words["negatif"]) in markers(home) and ("positif", words["positif"]) in markers(home)
    article = toned_web.get("/artikel/a1", params={"lang": lang}).text
    assert markers(article).count(("negatif", words["negatif"])) >= 3  # the article, Ikfina, her quote
    assert ("netral", words["netral"]) in markers(article)  # q-2
    assert all(text == words[label] for label, text in markers(article))
    assert markers(toned_web.get("/artikel/a4", params={"lang": lang}).text) == []  # no tone, no marker


def test_entity_page_shows_tone_over_time_and_its_split(toned_web: TestClient) -> None:
    page = toned_web.get("/entitas/p-ikfina", params={"lang": "id"}).text
    assert 'data-testid="tone-over-time"' in page and "Nada dari waktu ke waktu" in page
    assert 'class="timeline tone-chart"' in page and '<rect class="bar tone-negatif"' in page
    assert "<tr><td>2024-01-01</td><td>1</td><td>1</td><td>0</td></tr>" in page
    assert "<tr><td>2024-01-03</td><td>0</td><td>1</td><td>0</td></tr>" in page
    assert "<td>2024-01-02</td>" not in page  # a day without articles is a gap in the chart only
    split = page[page.index('class="tone-split"') :]
    assert re.search(r"negatif</span> <span class=\"count\">2</span>", split)
    quotes = page[page.index("Yang dikatakan") :]
    assert ("negatif", "negatif") in markers(quotes)
    english = toned_web.get("/entitas/p-ikfina", params={"lang": "en"}).text
    assert "Tone over time" in english and ("negatif", "negative") in markers(english)
    empty = toned_web.get("/entitas/pr-jatim").text  # inferred: no tone toward it
    assert 'class="timeline tone-chart"' not in empty and 'data-testid="tone-over-time"' in empty
