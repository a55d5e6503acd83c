"""The streams (`/berita`, `/kutipan`) and the search page in a real browser, as tests/test_browser.py checks the
other pages (its Chromium, its demo store, its `tab`: a screenshot of every step under
test-artifacts/screenshots/, no console error, exception or CSP violation): filter through the forms, page
through the results, switch the period, and follow each hit's links to where their labels say."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests import test_browser
from tests.test_browser import Served, Tab, path_of

browser = test_browser.browser  # the fixtures of tests/test_browser.py, shared
tab = test_browser.tab
served = test_browser.served

TODAY = "2023-02-02"  # two days after the demo's Pacet flood (Kabupaten Mojokerto): "7 hari" holds its news


def shown_count(tab: Tab) -> int:
    """The number the page's count line gives."""
    text = tab.page.get_by_test_id("stream-count").inner_text()
    match = re.match(r"\s*(\d+)", text)
    assert match, text
    return int(match.group(1))


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_browser_berita_filter_and_paginate(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + "/berita?periode=semua")
    every = shown_count(tab)
    items = page.get_by_test_id("stream-article")
    expect(items).to_have_count(20)
    expect(items.first.get_by_test_id("article-outlet")).to_be_visible()
    expect(items.first.get_by_test_id("article-date")).to_have_text(re.compile(r"\d{4} \d{1,2}:\d{2}"))
    first_page = items.locator("a.article-link").evaluate_all("links => links.map(a => a.href)")
    tab.settle("all")

    page.get_by_test_id("page-next").click()
    page.wait_for_url(re.compile(r"lanjut="))
    second_page = (
        page.get_by_test_id("stream-article").locator("a.article-link").evaluate_all("links => links.map(a => a.href)")
    )
    assert second_page and not set(second_page) & set(first_page)
    assert shown_count(tab) == every  # the count is of every page
    tab.settle("page-2")
    page.get_by_test_id("page-first").click()
    page.wait_for_url(re.compile(r"/berita\?periode=semua$"))

    page.get_by_test_id("filter-wilayah").fill("Mojokerto")
    page.get_by_test_id("filter-tipe").select_option("person")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url(re.compile(r"wilayah=Mojokerto"))
    assert query_of(page.url)["tipe"] == ["person"]
    narrowed = shown_count(tab)
    assert 0 < narrowed < every
    expect(page.get_by_test_id("stream-article")).to_have_count(min(narrowed, 20))
    expect(page.get_by_test_id("stream-count")).to_contain_text("Kabupaten Mojokerto")
    expect(page.get_by_test_id("filter-wilayah")).to_have_value("Mojokerto")  # the form keeps the filter
    tab.settle("mojokerto-persons")


def test_browser_berita_period_controls(tab: Tab, served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_TODAY", TODAY)  # the server runs in this process: its today follows
    page = tab.page
    tab.open(served.url + "/berita?wilayah=35.16")
    page.get_by_test_id("period-7-hari").click()
    page.wait_for_url(re.compile(r"periode=7-hari"))
    expect(page.get_by_test_id("period-range")).to_have_text("27 Januari 2023 – 2 Februari 2023")
    expect(page.get_by_test_id("period-next")).to_have_count(0)  # the period holds today
    week = shown_count(tab)
    assert week >= 1
    tab.settle("week")

    page.get_by_test_id("period-previous").click()
    page.wait_for_url(re.compile(r"sampai=2023-01-26"))
    assert query_of(page.url)["wilayah"] == ["35.16"]  # the filters stay
    expect(page.get_by_test_id("period-from")).to_have_value("2023-01-20")
    page.get_by_test_id("filter-tipe").select_option("person")
    page.get_by_test_id("filter-apply").click()  # a filter keeps the period
    page.wait_for_url(re.compile(r"tipe=person"))
    assert query_of(page.url)["sampai"] == ["2023-01-26"]
    tab.settle("week-before")
    page.get_by_test_id("period-semua").click()
    page.wait_for_url(re.compile(r"periode=semua"))
    assert shown_count(tab) >= week


def test_browser_kutipan_filter_and_follow(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + "/kutipan?periode=semua")
    every = shown_count(tab)
    expect(page.get_by_test_id("quote")).to_have_count(20)
    tab.settle("all")

    page.get_by_test_id("filter-jabatan").fill("Bupati")
    page.get_by_test_id("filter-jenis").select_option("langsung")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url(re.compile(r"jabatan=Bupati"))
    direct = shown_count(tab)
    assert 0 < direct < every
    quotes = page.get_by_test_id("quote")
    assert quotes.count() == min(direct, 20)
    assert all("quote-direct" in (quotes.nth(i).get_attribute("class") or "") for i in range(quotes.count()))
    expect(quotes.first.locator("footer")).to_contain_text("Bupati")  # in the speaker's name or role
    tab.settle("bupati-direct")

    speaker = quotes.first.get_by_test_id("quote-speaker")
    href = speaker.get_attribute("href") or ""
    name = speaker.inner_text()
    speaker.click()
    page.wait_for_url(re.compile(r"/entitas/"))
    assert path_of(page) == href
    expect(page.get_by_test_id("entity-name")).to_contain_text(name)
    tab.settle("speaker")


def test_browser_search_sort_page_and_links(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + "/")
    page.get_by_test_id("search-input").fill("warga")
    page.get_by_test_id("search-submit").click()
    page.wait_for_url(re.compile(r"/cari\?"))
    expect(page.get_by_test_id("result-date").first).to_be_visible()
    tab.settle("all-sections")

    page.get_by_test_id("filter-bagian").select_option("berita")
    page.get_by_test_id("filter-urut").select_option("terbaru")
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url(re.compile(r"urut=terbaru"))
    dates = page.get_by_test_id("result-date").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)
    tab.settle("newest")
    page.get_by_test_id("page-next").click()
    page.wait_for_url(re.compile(r"halaman=2"))
    later = page.get_by_test_id("result-date").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert later and max(later) <= min(dates)
    tab.settle("newest-page-2")

    tab.open(served.url + "/cari?q=warga&bagian=kutipan")
    hit = page.locator("li", has=page.get_by_test_id("result-speaker")).first
    speaker_href = hit.get_by_test_id("result-speaker").get_attribute("href") or ""
    article_href = hit.get_by_test_id("result-quote").get_attribute("href") or ""
    assert speaker_href.startswith("/entitas/") and article_href.startswith("/artikel/")
    hit.get_by_test_id("result-speaker").click()
    page.wait_for_url(re.compile(r"/entitas/"))
    assert path_of(page) == speaker_href
    page.go_back()
    page.locator("li", has=page.get_by_test_id("result-speaker")).first.get_by_test_id("result-quote").click()
    page.wait_for_url(re.compile(r"/artikel/"))
    assert path_of(page) == article_href
    tab.settle("quote-article")
