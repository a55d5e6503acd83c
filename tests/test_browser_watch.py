"""The watchlist and alert pages in a real browser, as tests/test_browser.py drives the other pages (its Chromium,
its `tab`: a screenshot of every page under test-artifacts/screenshots/, no console error, exception or CSP
violation), and on a phone and a laptop as tests/test_browser_phone.py checks every page (no sideways
scrolling, a short header, a skip link, a title, no serious axe-core violation).

The store holds the hand-built articles of tests/test_watch.py, saved after two watchlists: four unread alerts.
A watchlist is created through the form (its entity picked from the suggestions), and an alert marked read,
which lowers the header's count.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests import test_browser, test_browser_phone
from tests.test_browser import Problems, Tab, path_of, serving
from tests.test_watch import ARTICLES
from tests.test_web_watch import FLOOD, JATIM
from warta.store import open_store, queries
from warta.watch import watchlist_id

browser = test_browser.browser  # the fixtures of tests/test_browser.py and tests/test_browser_phone.py, shared
tab = test_browser.tab
sized = test_browser_phone.sized


@dataclass(frozen=True)
class WatchServed:
    """The running web app and the watchlist whose page the tests open."""

    url: str
    flood: str  # the id of the watchlist "Banjir Mojokerto"
    unseen: int  # alerts unread when the server starts


@pytest.fixture(scope="module")
def watch_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WatchServed]:
    """A fresh store of the hand-built articles saved after two watchlists, served by uvicorn."""
    db = tmp_path_factory.mktemp("browser-watch") / "warta.db"
    with open_store(str(db)) as store:
        store.save_watchlist(FLOOD)
        store.save_watchlist(JATIM)
        store.save_many(ARTICLES)
        unseen = queries.unseen_alerts(store)
    with serving(db) as url:
        yield WatchServed(url, FLOOD.id, unseen)


@pytest.fixture(scope="module")
def axe() -> None:
    """axe-core is there (skipped without it, a failure where CI is set, as tests/test_browser_phone.py does)."""
    reason = test_browser_phone.axe_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so the phone tests may not be skipped", pytrace=False)
        pytest.skip(reason)


def header_count(page: Page) -> int:
    """The unread alerts the header says (0 when it shows no count)."""
    badge = page.get_by_test_id("unseen-count")
    return int(badge.get_attribute("data-count") or 0) if badge.count() else 0


def test_browser_watch_create_through_the_form(tab: Tab, watch_served: WatchServed) -> None:
    page = tab.page
    tab.open(watch_served.url + "/pantauan")
    expect(page.get_by_test_id("watch-item")).to_have_count(2)
    form = page.get_by_test_id("watch-form")
    form.get_by_test_id("watch-name").fill("Bupati Ikfina")
    entity = form.get_by_test_id("watch-entity").first
    entity.press_sequentially("Ikfi", delay=30)
    suggestion = page.locator(f"#{entity.get_attribute('list')} option")
    expect(suggestion.first).to_have_attribute("value", "Ikfina")  # the suggestion asked of the API
    entity.fill("Ikfina")
    form.get_by_test_id("watch-keywords").fill("pengajian\nposko")
    form.get_by_test_id("watch-region").fill("Kabupaten Mojokerto")
    tab.settle("form")

    form.get_by_test_id("watch-save").click()
    page.wait_for_url(re.compile(r"/pantauan/watch"))
    assert path_of(page) == f"/pantauan/{watchlist_id('Bupati Ikfina')}"
    expect(page.get_by_test_id("watch-title")).to_have_text("Bupati Ikfina")
    expect(page.get_by_test_id("watch-watches")).to_contain_text("Ikfina")
    expect(page.get_by_test_id("watch-watches")).to_contain_text("Kabupaten Mojokerto")
    tab.settle("created")

    page.get_by_role("link", name="Pantauan", exact=True).first.click()
    page.wait_for_url(re.compile(r"/pantauan$"))
    expect(page.get_by_test_id("watch-link").filter(has_text="Bupati Ikfina")).to_be_visible()
    tab.settle("listed")


def test_browser_watch_form_error_in_indonesian(tab: Tab, watch_served: WatchServed) -> None:
    page = tab.page
    tab.open(watch_served.url + "/pantauan/baru")
    page.get_by_test_id("watch-name").fill("Tanpa isi")
    page.get_by_test_id("watch-save").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("belum memantau apa pun")
    expect(page.get_by_test_id("watch-name")).to_have_value("Tanpa isi")
    tab.problems.errors.clear()  # the 400 of the form's answer is logged by Chromium; it is the point here
    tab.settle("error")


def test_browser_alerts_mark_one_read(tab: Tab, watch_served: WatchServed) -> None:
    page = tab.page
    tab.open(watch_served.url + f"/pantauan/{watch_served.flood}")
    expect(page.get_by_test_id("match")).to_have_count(1)
    expect(page.get_by_test_id("reason")).to_have_count(3)
    expect(page.locator("link[rel=alternate][type='application/atom+xml']")).to_have_count(1)
    tab.settle("watchlist")

    page.get_by_test_id("nav-alerts").click()
    page.wait_for_url(re.compile(r"/peringatan$"))
    before = header_count(page)
    assert before >= 1
    expect(page.get_by_test_id("match")).to_have_count(before)
    tab.settle("alerts")

    first = page.get_by_test_id("match").first
    alert = first.get_attribute("data-alert")
    first.get_by_test_id("mark-read").click()
    page.wait_for_load_state("load")
    expect(page.locator(f"[data-alert='{alert}']")).to_have_count(0)
    assert header_count(page) == before - 1
    tab.settle("marked")

    page.get_by_test_id("alerts-all").click()
    expect(page.locator(f"[data-alert='{alert}']")).to_have_count(1)  # every alert, the read one too
    tab.settle("all")


@pytest.mark.parametrize("name", ["list", "detail", "form", "alerts"])
def test_browser_watch_phone(
    axe: None, sized: tuple[str, Page, Problems], watch_served: WatchServed, name: str
) -> None:
    size, page, problems = sized
    paths = {
        "list": ("/pantauan", "Pantauan", 200),
        "detail": (f"/pantauan/{watch_served.flood}", FLOOD.name, 200),
        "form": (f"/pantauan/{watch_served.flood}/ubah", FLOOD.name, 200),
        "alerts": ("/peringatan?semua=1", "Semua peringatan", 200),
    }
    test_browser_phone.check_page(page, problems, size, f"watch-{name}", paths[name], watch_served.url)
