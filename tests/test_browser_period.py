"""The period control in a real browser (tests/test_browser.py's Chromium and `tab`: a screenshot of every step
under test-artifacts/screenshots/, no console error, exception or CSP violation).

The store holds the demo articles as `make demo` crawls them: dated by the demo site relative to the day it is
started (`warta.demosite.dating`), here a fixed day that is also the web app's today (WARTA_TODAY). The tests
click through the presets, the previous and next periods and the date form, on the home, region and entity
pages, and check that "hari ini" and the last 7 days hold news.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import expect

from tests import test_browser
from tests.conftest import DEMO
from tests.test_browser import REGION, Tab, screenshot, serving
from warta.demosite import build_outlets
from warta.model import Raw
from warta.pipeline import Pipeline
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore
from warta.web import period

browser = test_browser.browser  # the fixtures of tests/test_browser.py, shared
tab = test_browser.tab

TODAY = date(2030, 1, 15)


@dataclass(frozen=True)
class Live:
    """The web app over the demo store dated from TODAY, and an entity of the newest article."""

    url: str
    entity_id: str


@pytest.fixture(scope="module")
def live(pipe: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The demo pages as the demo site serves them when started on TODAY, stored and served, today fixed."""
    db = tmp_path_factory.mktemp("browser-period") / "warta.db"
    with open_store(str(db)) as store:
        save_dated_demo(store, pipe, TODAY)
        newest = queries.list_articles(store, limit=1).items[0].id
        entity_id = store.article(newest)["entities"][0]["id"]
    with pytest.MonkeyPatch.context() as patch, serving(db) as url:
        patch.setenv(period.TODAY_ENV, TODAY.isoformat())  # the server runs in this process: its today follows
        yield Live(url, entity_id)


def save_dated_demo(store: SQLStore, pipe: Pipeline, today: date) -> None:
    """The demo pages as the demo site serves them when started on `today`, run through the pipeline into `store`."""
    for outlet in build_outlets(DEMO / "articles", today=today):
        for entry in outlet.bundled:
            store.save(pipe.run(Raw(content=outlet.files[entry.target], format="html", origin=entry.target)))


def latest_articles(tab: Tab) -> int:
    """How many articles the home page's "Berita terbaru" lists."""
    return tab.page.locator("ul.articles a.article-link").count()


def test_browser_period_presets_on_home(tab: Tab, live: Live) -> None:
    page = tab.page
    tab.open(live.url + "/")
    control = page.get_by_test_id("period-control")
    expect(control.get_by_test_id("period-7-hari")).to_have_attribute("aria-current", "true")
    expect(control.get_by_test_id("period-range")).to_have_text("9 Januari 2030 – 15 Januari 2030")
    expect(control.get_by_test_id("data-terakhir")).to_have_text(
        re.compile(r"Data terakhir: 15 Januari 2030 \d\d:\d\d WIB")
    )
    expect(control.get_by_test_id("period-next")).to_have_count(0)  # the period holds today
    assert latest_articles(tab) >= 6  # a live week
    tab.settle("7-hari")

    control.get_by_test_id("period-hari-ini").click()
    page.wait_for_url(re.compile(r"periode=hari-ini"))
    expect(control.get_by_test_id("period-range")).to_have_text("15 Januari 2030")
    expect(page.get_by_test_id("period-empty")).to_have_count(0)
    assert latest_articles(tab) >= 1  # news today
    tab.settle("hari-ini")

    control.get_by_test_id("period-previous").click()
    page.wait_for_url(re.compile(r"dari=2030-01-14&sampai=2030-01-14"))
    expect(control.get_by_test_id("period-range")).to_have_text("14 Januari 2030")
    expect(control.get_by_test_id("period-hari-ini")).not_to_have_attribute("aria-current", "true")
    tab.settle("kemarin")

    control.get_by_test_id("period-next").click()
    page.wait_for_url(re.compile(r"dari=2030-01-15&sampai=2030-01-15"))
    expect(control.get_by_test_id("period-hari-ini")).to_have_attribute("aria-current", "true")  # the same days
    expect(control.get_by_test_id("period-next")).to_have_count(0)

    control.get_by_test_id("period-30-hari").click()
    page.wait_for_url(re.compile(r"periode=30-hari"))
    expect(control.get_by_test_id("period-range")).to_have_text("17 Desember 2029 – 15 Januari 2030")
    tab.settle("30-hari")


def test_browser_period_date_form_and_empty_period(tab: Tab, live: Live) -> None:
    page = tab.page
    tab.open(live.url + "/?lang=id")
    control = page.get_by_test_id("period-control")
    control.get_by_test_id("period-from").fill("2029-06-01")
    control.get_by_test_id("period-to").fill("2029-06-30")
    control.get_by_test_id("period-apply").click()
    page.wait_for_url(re.compile(r"dari=2029-06-01&sampai=2029-06-30"))
    assert "lang=id" in page.url  # the page's other parameters are kept
    expect(control.get_by_test_id("period-range")).to_have_text("1 Juni 2029 – 30 Juni 2029")
    expect(page.get_by_test_id("period-empty")).to_have_text("Tidak ada berita pada periode ini.")
    expect(control.get_by_test_id("data-terakhir")).to_contain_text("15 Januari 2030")
    tab.settle("kosong")

    response = page.goto(live.url + "/?dari=2030-02-30")
    assert response is not None and response.status == 400
    expect(page.locator("main")).to_contain_text("bukan tanggal")  # a bad date: one line, in Indonesian
    screenshot(page, f"{tab.name}-tanggal-salah")
    tab.problems.errors[:] = [e for e in tab.problems.errors if "status of 400" not in e]  # the page's own status


def test_browser_period_region_and_entity(tab: Tab, live: Live) -> None:
    page = tab.page
    tab.open(live.url + f"/wilayah/{REGION}")
    expect(page.get_by_test_id("period-7-hari")).to_have_attribute("aria-current", "true")
    assert page.locator("ul.articles a.article-link").count() >= 1  # Kabupaten Mojokerto's news this week
    tab.settle("wilayah-7-hari")

    tab.open(live.url + f"/entitas/{live.entity_id}?periode=hari-ini")
    timeline = page.get_by_test_id("timeline")
    bars = timeline.locator("rect.bar")
    expect(bars).to_have_count(1)  # one day: one narrow bar, not a bar across the chart
    assert float(bars.first.get_attribute("width") or 640) < 640 / 7
    expect(bars.first.locator("title")).to_have_text(re.compile(r"^15 Jan 2030: \d+$"))
    expect(timeline.locator("text.axis", has_text="15 Jan 2030")).to_have_count(1)
    tab.settle("entitas-hari-ini")

    page.get_by_test_id("period-30-hari").click()
    page.wait_for_url(re.compile(r"periode=30-hari"))
    expect(timeline.locator("text.axis", has_text="17 Des 2029")).to_have_count(1)  # the period's first day
    assert not re.search(r"\d{4}-\d{2}-\d{2}", timeline.inner_text())  # no ISO date on the chart
    tab.settle("entitas-30-hari")


def test_browser_period_in_english(tab: Tab, live: Live) -> None:
    page = tab.page
    tab.open(live.url + "/?lang=en&periode=hari-ini")
    control = page.get_by_test_id("period-control")
    expect(control.get_by_test_id("period-hari-ini")).to_have_text("Today")
    expect(control.get_by_test_id("period-range")).to_have_text("15 January 2030")
    expect(control.get_by_test_id("data-terakhir")).to_contain_text("Latest data: 15 January 2030")
    tab.settle("en")
