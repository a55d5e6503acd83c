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

DEMO_TODAY = "2025-07-16"  # the day of the newest demo article: the pages' periods end on it (WARTA_TODAY)
TONED_TODAY = "2024-01-05"  # the same for the articles of tests/test_tone_store.py


@pytest.fixture(autouse=True)
def demo_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today, for the web pages, is the day of the newest demo article."""
    monkeypatch.setenv("WARTA_TODAY", DEMO_TODAY)


@pytest.mark.parametrize(
    ("path", "hooks"),
    [
        ("/", ["search-input", "search-submit", "lang-switch", 'href="/wilayah/35.16"']),
        ("/?periode=30-hari", ['data-testid="period-30-hari" aria-current="true"', "period-range", "data-terakhir"]),
        ("/wilayah/35.16?dari=2024-10-01&sampai=2024-11-30", ["Kabupaten Mojokerto", 'data-testid="quote"']),
        ("/cari?q=smart+city", ["result-entity", "result-quote", "result-article"]),
        (
            "ENTITY?dari=2022-01-01&sampai=2025-07-16",
            [
                "entity-name",
                'data-testid="timeline"',
                "<svg",
                'data-testid="quote"',
                "quote-article-link",
                "/berita?entitas=SPEAKER&amp;dari=2022-01-01&amp;sampai=2025-07-16",
                "/kutipan?tokoh=SPEAKER&amp;dari=2022-01-01&amp;sampai=2025-07-16",
            ],
        ),
        ("/artikel/ARTICLE", ['<mark class="ent ent-person"', 'data-testid="graph"', 'id="graph-data"', "Tokoh"]),
        (
            "/graf",
            ['data-testid="graph"', "node-panel", "expand-node", "open-entity", "/static/vendor/cytoscape.min.js"],
        ),
        ("/graf?focus=FOCUS&type=city", ['data-mode="static"', "graph-explorer-data", "type=city"]),
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
        assert hook.replace("SPEAKER", speaker) in response.text, hook
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
def test_tone_markers_show_the_label_beside_the_colour(
    toned_web: TestClient, lang: str, words: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARTA_TODAY", TONED_TODAY)
    home = toned_web.get("/", params={"lang": lang}).text
    assert ("negatif", words["negatif"]) in markers(home) and ("positif", words["positif"]) in markers(home)
    article = toned_web.get("/artikel/a1", params={"lang": lang}).text
    assert markers(article).count(("negatif", words["negatif"])) >= 3  # the article, Ikfina, her quote
    assert ("netral", words["netral"]) in markers(article)  # q-2
    assert all(text == words[label] for label, text in markers(article))
    assert markers(toned_web.get("/artikel/a4", params={"lang": lang}).text) == []  # no tone, no marker


def test_entity_page_shows_tone_over_time_and_its_split(toned_web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_TODAY", TONED_TODAY)
    page = toned_web.get("/entitas/p-ikfina", params={"lang": "id"}).text
    assert 'data-testid="tone-over-time"' in page and "Nada dari waktu ke waktu" in page
    assert 'class="timeline tone-chart"' in page and '<rect class="bar tone-negatif"' in page
    assert "<tr><td>1 Jan 2024</td><td>1</td><td>1</td><td>0</td></tr>" in page
    assert "<tr><td>3 Jan 2024</td><td>0</td><td>1</td><td>0</td></tr>" in page
    assert "<td>2 Jan 2024</td>" not in page  # a day without articles is a gap in the chart only
    split = page[page.index('class="tone-split"') :]
    assert re.search(r"negatif</span> <span class=\"count\">2</span>", split)
    quotes = page[page.index("Yang dikatakan") :]
    assert ("negatif", "negatif") in markers(quotes)
    english = toned_web.get("/entitas/p-ikfina", params={"lang": "en"}).text
    assert "Tone over time" in english and ("negatif", "negative") in markers(english)
    empty = toned_web.get("/entitas/pr-jatim").text  # inferred: no tone toward it
    assert 'class="timeline tone-chart"' not in empty and 'data-testid="tone-over-time"' in empty


# ------------------------------------------------------------------ isu pages


def test_isu_list_pages_and_their_links(demo_client: TestClient, stored_demo: SQLStore) -> None:
    newest = queries.list_isus(stored_demo, limit=20).items
    page = demo_client.get("/isu", params={"lang": "id", "periode": "semua"}).text
    assert page.count('data-testid="isu-item"') == len(newest) and 'href="/isu" aria-current="page"' in page
    assert all(f'href="/isu/{i.id}"' in page and f'href="/artikel/{i.pencetus}"' in page for i in newest)
    assert "Seluruh periode" in page and "dalam periode ini" not in page
    top = queries.top_isus(stored_demo, region="35.16", limit=20).items
    region = demo_client.get("/isu", params={"urut": "terbanyak", "wilayah": "35.16", "periode": "semua"}).text
    assert [m for m in re.findall(r'class="isu-link" href="/isu/([^"]+)"', region)] == [i.id for i in top]
    assert 'aria-current="true" data-testid="isu-order-terbanyak"' in region
    more = demo_client.get("/isu", params={"periode": "30-hari"}).text
    assert "dalam periode ini" not in more and 'href="/isu?periode=30-hari&amp;urut=terbanyak"' in more
    english = demo_client.get("/isu", params={"lang": "en", "periode": "semua"}).text
    assert ">Issues<" in english and "Most articles" in english and "All time" in english


def test_unknown_isu_is_a_404_page_in_the_reader_s_language(demo_client: TestClient) -> None:
    response = demo_client.get("/isu/isu-nope", params={"lang": "id"})
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "Isu tidak ditemukan" in response.text and 'href="/isu"' in response.text
    assert "Issue not found" in demo_client.get("/isu/isu-nope", params={"lang": "en"}).text
    assert demo_client.get("/isu", params={"lanjut": "zzz"}).status_code == 400


def test_isu_page_shows_volume_peak_tone_pencetus_tokoh_and_articles(
    toned_web: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARTA_TODAY", TONED_TODAY)
    isu_id = re.findall(r'href="/isu/([^"]+)"', toned_web.get("/isu").text)[0]
    page = toned_web.get(f"/isu/{isu_id}", params={"lang": "id"}).text
    assert '<h1 data-testid="isu-label">Jalan Mojokerto · Dinas Pekerjaan Umum</h1>' in page
    assert "1 Januari 2024 – 5 Januari 2024 · 5 berita · 1 media" in page
    volume = page[page.index('data-testid="isu-volume"') : page.index('data-testid="isu-tone"')]
    assert volume.count('<rect class="bar peak"') == 1 and "<title>1 Jan 2024: 2 (Puncak)</title>" in volume
    assert "▲ Puncak · 2" in volume and "Puncak: 1 Januari 2024 · 2 berita" in volume
    tone = page[page.index('data-testid="isu-tone"') : page.index('data-testid="isu-pencetus"')]
    assert markers(tone)[:3] == [("positif", "positif"), ("negatif", "negatif"), ("netral", "netral")]
    assert re.search(r'positif</span> <span class="count">1</span>.*negatif</span> <span class="count">2</span>', tone)
    assert 'class="timeline tone-chart"' in tone
    pencetus = page[page.index('data-testid="isu-pencetus"') : page.index('data-testid="isu-outlets"')]
    assert 'href="/artikel/a1"' in pencetus and ("negatif", "negatif") in markers(pencetus)
    assert "example.id" in page[page.index('data-testid="isu-outlets"') :]
    for entity in ("c-mjk", "c-sby", "pr-jatim", "gb-dinas", "p-ikfina", "p-teguh"):
        assert f'href="/entitas/{entity}"' in page, entity
    tokoh = page[page.index('data-testid="isu-tokoh"') : page.index('data-testid="isu-articles"')]
    assert tokoh.count('data-testid="quote"') == 10 and "dikutip dalam 5 berita" in tokoh
    assert ("negatif", "negatif") in markers(tokoh) and ("positif", "positif") in markers(tokoh)
    articles = page[page.index('data-testid="isu-articles"') :]
    assert [a for a in re.findall(r'href="/artikel/(\w+)"', articles)] == ["a1", "a2", "a3", "a5", "a4"]
    assert len(markers(articles)) == 4  # a4 has no tone
    stream = toned_web.get(f"/berita?isu={isu_id}&periode=semua").text  # the isu's articles, to filter further
    assert f'href="/berita?isu={isu_id}&amp;periode=semua"' in articles and stream.count('href="/artikel/a') == 5
    english = toned_web.get(f"/isu/{isu_id}", params={"lang": "en"}).text
    assert "Articles per day" in english and "▲ Peak · 2" in english and ("negatif", "negative") in markers(english)
    article = toned_web.get("/artikel/a3", params={"lang": "id"}).text
    assert f'data-testid="article-isu">Isu: <a href="/isu/{isu_id}">Jalan Mojokerto' in article


def test_top_isus_on_home_and_region(toned_web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_TODAY", TONED_TODAY)
    home = " ".join(toned_web.get("/", params={"lang": "id"}).text.split())
    top = home[home.index('data-testid="top-isus"') :]
    assert "Isu teratas" in top and "5 berita dalam periode ini · 1 media" in top
    assert re.search(r'negatif</span> <span class="count">2</span>', top)
    assert 'href="/isu?periode=7-hari&amp;urut=terbanyak"' in top
    surabaya = " ".join(toned_web.get("/wilayah/35.78").text.split())
    top = surabaya[surabaya.index('data-testid="top-isus"') :]
    assert "1 berita dalam periode ini (dari 5)" in top
    assert 'href="/isu?periode=7-hari&amp;urut=terbanyak&amp;wilayah=35.78"' in top
    assert "Top issues" in toned_web.get("/wilayah/35.16", params={"lang": "en"}).text
