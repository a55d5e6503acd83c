"""The streams (`/berita`, `/kutipan`) and the search page (`/cari`) over the store of the demo articles, on SQLite
and PostgreSQL (the conftest's `demo_client`, `stored_demo`): what each item shows, the filters kept in the URL,
the count, the pages, and where each link goes."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.conftest import XSS
from tests.test_api import top_person
from warta.store import queries
from warta.store.sqlstore import SQLStore
from warta.web import streams

ITEM = re.compile(r'<li data-testid="stream-article">(.*?)</li>', re.S)
QUOTE = re.compile(r'<blockquote class="quote[^"]*" data-testid="quote">(.*?)</blockquote>', re.S)


def page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    return response.text


def hrefs(text: str, testid: str) -> list[str]:
    """The (unescaped) links of the elements with that test id."""
    found = re.findall(rf'<a href="([^"]*)"[^>]*data-testid="{testid}"', text)
    found += re.findall(rf'<a class="[^"]*" href="([^"]*)"[^>]*data-testid="{testid}"', text)
    return [html.unescape(h) for h in found]


def count_shown(text: str) -> int:
    match = re.search(r'data-testid="stream-count"><strong>(\d+) ', text)
    assert match, "no count on the page"
    return int(match.group(1))


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def article_ids(text: str) -> list[str]:
    return [re.search(r'href="/artikel/([^"]+)"', item).group(1) for item in ITEM.findall(text)]  # type: ignore[union-attr]


def test_berita_lists_every_article_with_outlet_date_region_tone_and_pages(
    demo_client: TestClient, stored_demo: SQLStore
) -> None:
    every = queries.collect(lambda **kw: queries.list_articles(stored_demo, **kw), 1000)
    first = page(demo_client, "/berita?periode=semua")
    assert count_shown(first) == len(every) == queries.count_articles(stored_demo)
    items = ITEM.findall(first)
    assert len(items) == 20
    newest = every[0]
    assert newest.source and newest.source in items[0] and 'data-testid="article-date"' in items[0]
    assert re.search(r"\d{1,2}:\d{2}", items[0])  # the time beside the date
    assert sum('href="/wilayah/' in item for item in items) >= 10  # regions link to their dashboards
    assert sum('data-testid="tone"' in item for item in items) >= 10
    seen, url = [], "/berita?periode=semua"
    while url:
        text = page(demo_client, url)
        seen += article_ids(text)
        nexts = hrefs(text, "page-next")
        url = nexts[0] if nexts else ""
        if url:
            assert "lanjut=" in url
    assert seen == [a.id for a in every]  # newest first, no article twice or missing
    second = page(demo_client, hrefs(first, "page-next")[0])
    assert hrefs(second, "page-first") == ["/berita?periode=semua"]


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("wilayah=Mojokerto", {"region": "35.16"}),
        ("wilayah=kabupaten+mojokerto&tipe=person", {"region": "35.16", "entity_type": "person"}),
        ("wilayah=35.16&nada=netral", {"region": "35.16", "tone": "netral"}),
        ("media=kabarjatim.test&dari=2023-01-01&sampai=2023-12-31",
         {"source": "kabarjatim.test", "since": "2023-01-01", "until": "2023-12-31"}),
        ("tipe=ministry", {"entity_type": "ministry"}),
    ],
)  # fmt: skip
def test_berita_filters_match_the_queries(
    demo_client: TestClient, stored_demo: SQLStore, query: str, filters: dict[str, str]
) -> None:
    f = queries.ArticleFilter(**filters)
    expected = [a.id for a in queries.list_articles(stored_demo, f, limit=20).items]
    text = page(demo_client, "/berita?periode=semua&" + query)
    assert expected and article_ids(text) == expected
    assert count_shown(text) == queries.count_articles(stored_demo, f)
    for name, value in parse_qs(query).items():
        assert f'name="{name}"' in text and html.escape(value[0]) in text  # the form shows the filter back


def test_berita_by_entity_name_and_an_unknown_name(demo_client: TestClient, stored_demo: SQLStore) -> None:
    speaker = top_person(stored_demo)
    name = queries.entity_detail(stored_demo, speaker).name
    by_name = page(demo_client, f"/berita?periode=semua&entitas={name}")
    by_id = page(demo_client, f"/berita?periode=semua&entitas={speaker}")
    expected = [a.id for a in queries.list_articles(stored_demo, queries.ArticleFilter(entity=speaker), 20).items]
    assert article_ids(by_name) == article_ids(by_id) == expected
    assert f'href="/entitas/{speaker}"' in by_name
    for url in ("/berita?wilayah=Atlantis", "/berita?entitas=zzzqqq"):
        text = page(demo_client, url)
        assert 'data-testid="filter-note"' in text and count_shown(text) == 0 and not article_ids(text)


@pytest.mark.parametrize("url", ["/berita?nada=marah", "/berita?tipe=alien", "/kutipan?jenis=x", "/cari?q=a&halaman=x",
                                 "/berita?dari=2025-13-01", "/berita?lanjut=zzz"])  # fmt: skip
def test_bad_filters_are_one_line_400_pages(demo_client: TestClient, url: str) -> None:
    text = page(demo_client, url, 400)
    assert 'data-testid="search-input"' in text and "Traceback" not in text


def test_kutipan_shows_speaker_role_article_date_and_filters(demo_client: TestClient, stored_demo: SQLStore) -> None:
    text = page(demo_client, "/kutipan?periode=semua")
    assert count_shown(text) == queries.count_quotes(stored_demo)
    quotes = QUOTE.findall(text)
    assert len(quotes) == 20
    assert all('data-testid="quote-article-link"' in q and 'href="/artikel/' in q for q in quotes)
    assert sum('data-testid="quote-speaker"' in q and 'href="/entitas/' in q for q in quotes) >= 10
    roles = [re.search(r'data-testid="quote-speaker">([^<]*)</a>\s*<span class="role" data-testid="quote-role">'
                       r"\(([^)]*)\)", q) for q in quotes]  # fmt: skip
    assert sum(bool(r) for r in roles) >= 3  # a named speaker's role in the article
    assert all(r.group(1).split()[0] not in ("Bupati", "Wali") for r in roles if r)  # not for role-only names
    assert all('data-testid="quote-date"' in q for q in quotes)

    direct = page(demo_client, "/kutipan?periode=semua&jenis=langsung&jabatan=bupati")
    f = queries.QuoteFilter(kind="direct", role="bupati")
    assert count_shown(direct) == queries.count_quotes(stored_demo, f) > 0
    assert all("quote-direct" in q for q in re.findall(r'<blockquote class="([^"]*)"', direct))

    speaker = top_person(stored_demo)
    name = queries.entity_detail(stored_demo, speaker).name
    own = page(demo_client, f"/kutipan?periode=semua&tokoh={name}")
    assert count_shown(own) == queries.count_quotes(stored_demo, queries.QuoteFilter(speaker=speaker))
    assert set(re.findall(r'href="/entitas/([^"]+)" class="speaker"', own)) == {speaker}


def test_kutipan_pages_through_every_quote(demo_client: TestClient, stored_demo: SQLStore) -> None:
    total, seen, url = queries.count_quotes(stored_demo), 0, "/kutipan?periode=semua"
    while url:
        text = page(demo_client, url)
        seen += len(QUOTE.findall(text))
        nexts = hrefs(text, "page-next")
        url = nexts[0] if nexts else ""
    assert seen == total


def test_search_hits_carry_date_and_outlet_and_link_where_they_say(demo_client: TestClient) -> None:
    text = page(demo_client, "/cari?q=bupati")
    articles = re.findall(r'data-testid="result-article">.*?</li>', text, re.S)
    assert articles and all('data-testid="result-date"' in a and ".test" in a for a in articles)
    quotes = re.findall(r"<li>(.*?)</li>", text.split('data-testid="count-kutipan"')[1], re.S)
    speakers = [q for q in quotes if 'data-testid="result-speaker"' in q]
    assert speakers
    for q in speakers:
        assert re.search(r'<a href="/entitas/[^"]+" class="speaker" data-testid="result-speaker">', q)
        assert re.search(r'<a href="/artikel/[^"]+" class="snippet" data-testid="result-quote">', q)
    assert hrefs(text, "see-all-berita") == ["/cari?q=bupati&bagian=berita"]


def test_search_sorts_filters_and_pages_beyond_twenty(demo_client: TestClient) -> None:
    newest = page(demo_client, "/cari?q=yang&bagian=berita&urut=terbaru")
    dates = re.findall(r'<time datetime="([^"]+)" data-testid="result-date"', newest)
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)
    total = int(re.search(r'data-testid="count-berita">(\d+) ', newest).group(1))  # type: ignore[union-attr]
    assert total > 20
    second = page(demo_client, hrefs(newest, "page-next")[0])
    later = re.findall(r'<time datetime="([^"]+)" data-testid="result-date"', second)
    assert later and max(later) <= min(dates) and "halaman=2" in hrefs(newest, "page-next")[0]
    ranked = page(demo_client, "/cari?q=yang&bagian=berita")
    assert re.findall(r'data-testid="count-berita">(\d+) ', ranked) == [str(total)]  # the same hits, other order
    ranked_dates = re.findall(r'<time datetime="([^"]+)" data-testid="result-date"', ranked)
    assert ranked_dates != dates
    dated = page(demo_client, "/cari?q=yang&bagian=berita&dari=2023-01-01&sampai=2023-12-31")
    assert all(d.startswith("2023") for d in re.findall(r'datetime="([^"]+)" data-testid="result-date"', dated))
    region = page(demo_client, "/cari?q=warga&bagian=kutipan&wilayah=Mojokerto")
    assert 'data-testid="count-kutipan"' in region and 'data-testid="filter-note"' not in region


def test_search_counts_stop_after_the_cap(demo_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    every = page(demo_client, "/cari?q=yang")
    total = int(re.search(r'data-testid="count-berita">(\d+)<', every).group(1))  # type: ignore[union-attr]
    assert total > 3
    monkeypatch.setattr(streams, "COUNT_CAP", 3)
    capped = page(demo_client, "/cari?q=yang")
    assert 'data-testid="count-berita">lebih dari 3<' in capped
    section = page(demo_client, "/cari?q=yang&bagian=berita")
    assert 'data-testid="count-berita">lebih dari 3 ' in section


def test_search_says_when_relevance_ranks_a_common_words_newest_hits_only(
    demo_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 'data-testid="rank-window"' not in page(demo_client, "/cari?q=yang")
    monkeypatch.setattr(streams, "RANK_WINDOW", 3)
    ranked = page(demo_client, "/cari?q=yang")
    assert 'data-testid="rank-window">Kata ini sangat umum: relevansi diurutkan di antara 3 hasil terbaru' in ranked
    assert "relevance ranks its 3 newest hits" in page(demo_client, "/cari?q=yang&bagian=berita&lang=en")
    assert 'data-testid="rank-window"' not in page(demo_client, "/cari?q=yang&urut=terbaru")


def test_streams_in_english_and_in_the_header(demo_client: TestClient) -> None:
    english = page(demo_client, "/berita?lang=en")
    assert ">All articles<" in english and "match the filters" in english and ">Quotes<" in english
    indonesian = page(demo_client, "/kutipan?lang=id")
    assert 'href="/berita"' in indonesian and '<a href="/kutipan" aria-current="page">Kutipan</a>' in indonesian


def test_periods_follow_today_and_keep_the_filters(demo_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_TODAY", "2023-02-02")
    text = page(demo_client, "/berita?periode=7-hari&wilayah=35.16")
    assert 'data-testid="period-range">27 Januari 2023 – 2 Februari 2023<' in text
    assert count_shown(text) >= 1 and all(i for i in article_ids(text))
    previous = hrefs(text, "period-previous")[0]
    expected = {"wilayah": ["35.16"], "dari": ["2023-01-20"], "sampai": ["2023-01-26"]}
    assert query_of(previous) == expected
    assert not hrefs(text, "period-next")  # the period holds today
    assert hrefs(page(demo_client, previous), "period-next")
    assert "periode=hari-ini" in hrefs(text, "period-hari-ini")[0]
    assert query_of(hrefs(text, "period-semua")[0]) == {"wilayah": ["35.16"], "periode": ["semua"]}
    assert '<input type="hidden" name="periode" value="7-hari">' in text  # the filter form keeps the period


@pytest.mark.parametrize("url", ["/berita?periode=semua&media=xss.test", "/kutipan?periode=semua&tokoh=person-xss",
                                 "/cari?q=Judul&bagian=berita",
                                 "/cari?q=aman&bagian=kutipan"])  # fmt: skip
def test_stream_items_are_escaped(demo_client: TestClient, url: str) -> None:
    text = page(demo_client, url)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and XSS not in text


def test_streams_show_the_last_30_days_unless_asked(demo_client: TestClient, stored_demo: SQLStore,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("WARTA_TODAY", "2023-02-02")
    month = queries.ArticleFilter(since="2023-01-04", until="2023-02-02")
    text = page(demo_client, "/berita")
    assert 'data-testid="period-range">4 Januari 2023 – 2 Februari 2023<' in text
    assert article_ids(text) == [a.id for a in queries.list_articles(stored_demo, month, limit=20).items]
    assert count_shown(text) == queries.count_articles(stored_demo, month) > 0
    quotes = queries.QuoteFilter(since="2023-01-04", until="2023-02-02")
    assert count_shown(page(demo_client, "/kutipan")) == queries.count_quotes(stored_demo, quotes) > 0
    assert 'data-testid="period-semua" aria-current="true"' in page(demo_client, "/cari?q=warga")  # search: all
