"""The isu pages in a real browser, as tests/test_browser.py checks the other pages (its Chromium, its `tab`: a
screenshot of every page under test-artifacts/screenshots/, no console error, exception or CSP violation).

The demo's 40 articles make mostly one-article isus (only four stories of 2–3 articles), so these tests serve a
store of the team-written isu gold set instead (eval/isu/articles.jsonl: 152 articles, 34 stories told by
several outlets over days and weeks): the home page's "Isu teratas", the isu list in both orders, and an isu's
page (volume with its peak, tone split, pencetus, tokoh and their statements, articles), with the way back from
an article to its isu.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import test_browser
from tests.test_browser import Tab, path_of, serving
from warta.model import Raw
from warta.pipeline import Pipeline
from warta.sources.files import parse_jsonl
from warta.store import open_store, queries
from warta.web import period

GOLD = Path(__file__).parent.parent / "eval" / "isu" / "articles.jsonl"

browser = test_browser.browser  # the fixtures of tests/test_browser.py, shared
tab = test_browser.tab


@dataclass(frozen=True)
class IsuServed:
    """The running web app and what the store says the pages must show."""

    url: str
    top: list[queries.TopIsu]  # "Isu teratas" of the home page's default period (7 days to the newest article)
    detail: queries.IsuDetail  # the top isu of the last 30 days
    most: queries.TopIsu  # the isu with the most articles of all
    count: int  # how many isus the store holds


@pytest.fixture(scope="module")
def isu_served(pipe: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IsuServed]:
    """A fresh store of the isu gold articles through the pipeline, served like the demo store."""
    db = tmp_path_factory.mktemp("browser-isu") / "warta.db"
    raws = [raw for raw in parse_jsonl(GOLD.read_text(encoding="utf-8"), str(GOLD)) if isinstance(raw, Raw)]
    with open_store(str(db)) as store:
        store.save_many([pipe.run(raw) for raw in raws])
        newest = queries.list_articles(store, limit=1).items[0].published or ""
        today = date.fromisoformat(newest[:10])  # the pages' today: the newest article's day (WARTA_TODAY)
        week = ((today - timedelta(days=6)).isoformat(), today.isoformat())
        top = queries.top_isus(store, *week, limit=8).items
        month = queries.top_isus(store, (today - timedelta(days=29)).isoformat(), today.isoformat(), limit=1)
        detail = queries.isu_detail(store, month.items[0].id)  # the top isu of the last 30 days
        most = queries.top_isus(store, limit=1).items[0]
        count = int(store.conn.execute("SELECT COUNT(*) FROM isus").fetchone()[0])
    with pytest.MonkeyPatch.context() as patch, serving(db) as url:
        patch.setenv(period.TODAY_ENV, today.isoformat())  # the server runs in this process: its today follows
        yield IsuServed(url, top, detail, most, count)


def test_browser_isu_top_on_home(tab: Tab, isu_served: IsuServed) -> None:
    page = tab.page
    tab.open(isu_served.url + "/")
    section = page.get_by_test_id("top-isus")
    expect(section.get_by_role("heading", name="Isu teratas")).to_be_visible()
    items = section.get_by_test_id("isu-item")
    expect(items).to_have_count(len(isu_served.top))
    for item, isu in zip(items.all(), isu_served.top, strict=True):
        expect(item.get_by_role("link", name=isu.label, exact=True)).to_have_attribute("href", f"/isu/{isu.id}")
        expect(item).to_contain_text(f"{isu.in_scope} berita")
        labels = [marker.inner_text() for marker in item.get_by_test_id("tone").all()]
        assert labels and set(labels) <= {"positif", "negatif", "netral"}  # the label beside the colour
    tab.settle("id")

    page.get_by_test_id("lang-switch").click()
    page.wait_for_url(re.compile(r"lang=en"))
    expect(section.get_by_role("heading", name="Top issues")).to_be_visible()
    expect(page.get_by_role("link", name="Issues", exact=True)).to_be_visible()
    tab.settle("en")

    items.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/isu/"))
    assert path_of(page) == f"/isu/{isu_served.top[0].id}"
    expect(page.get_by_test_id("isu-label")).to_have_text(isu_served.top[0].label)
    tab.settle("isu-en")


def test_browser_isu_page(tab: Tab, isu_served: IsuServed) -> None:
    page, isu = tab.page, isu_served.detail
    tab.open(isu_served.url + f"/isu/{isu.id}")
    expect(page.get_by_test_id("isu-label")).to_have_text(isu.label)
    volume = page.get_by_test_id("isu-volume")
    expect(volume.locator("svg.timeline")).to_be_visible()
    expect(volume.locator("rect.bar.peak")).to_have_count(1)
    expect(volume.locator("text.peak-label")).to_contain_text("Puncak")
    expect(page.get_by_test_id("isu-peak")).to_contain_text("Puncak")
    tone = page.get_by_test_id("isu-tone")
    expect(tone.get_by_test_id("tone")).to_have_text(["positif", "negatif", "netral"])
    expect(tone).to_contain_text(f"negatif {isu.tone.negatif}")
    pencetus = page.get_by_test_id("isu-pencetus").get_by_role("link")
    expect(pencetus).to_have_attribute("href", f"/artikel/{isu.pencetus.id}")
    expect(page.get_by_test_id("isu-outlets").locator("li")).to_have_count(len(isu.outlets))
    for name, entities in (("isu-regions", isu.regions), ("isu-bodies", isu.bodies)):
        expect(page.get_by_test_id(name).locator("a[href^='/entitas/']")).to_have_count(len(entities))
    tokoh = page.get_by_test_id("isu-tokoh")
    expect(tokoh.locator("h3 a[href^='/entitas/']")).to_have_count(len(isu.tokoh))
    expect(page.get_by_test_id("isu-articles").locator("a.article-link")).to_have_count(len(isu.articles))
    tab.settle("isu")

    statement = tokoh.get_by_test_id("quote-article-link").first
    href = statement.get_attribute("href") or ""
    statement.click()
    page.wait_for_url(re.compile(r"/artikel/"))
    assert path_of(page) == href
    back = page.get_by_test_id("article-isu").get_by_role("link")
    expect(back).to_have_attribute("href", f"/isu/{isu.id}")
    tab.settle("article")


def test_browser_isu_list(tab: Tab, isu_served: IsuServed) -> None:
    page = tab.page
    tab.open(isu_served.url + "/")
    page.get_by_role("link", name="Isu", exact=True).click()
    page.wait_for_url(re.compile(r"/isu$"))
    page.get_by_test_id("period-semua").click()  # every isu, not only those of the last 30 days
    page.wait_for_url(re.compile(r"periode=semua"))
    items = page.get_by_test_id("isu-list").get_by_test_id("isu-item")
    assert isu_served.count > 20
    expect(items).to_have_count(20)  # the first page, newest first
    expect(page.get_by_role("link", name=re.compile("Berikutnya"))).to_be_visible()
    tab.settle("newest")

    page.get_by_test_id("isu-order-terbanyak").click()
    page.wait_for_url(re.compile(r"urut=terbanyak"))
    first = items.first.get_by_role("link").first
    expect(first).to_have_text(isu_served.most.label)
    tab.settle("most")
