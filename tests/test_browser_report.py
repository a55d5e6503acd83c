"""The *Laporan* page in a real browser, as tests/test_browser.py checks the other pages (its Chromium, its
`tab`: a screenshot of every page under test-artifacts/screenshots/, no console error, exception or CSP
violation), over its demo store: choose Kabupaten Mojokerto, a week and its last day in the form, see the report
with its sections and charts, download it as PDF, and find the page from the header in both languages.
"""

from __future__ import annotations

import json
import re
from urllib.request import urlopen

from playwright.sync_api import expect

from tests import test_browser
from tests.test_browser import REGION, Served, Tab
from warta.report.words import SECTIONS

browser = test_browser.browser  # the fixtures of tests/test_browser.py, shared
tab = test_browser.tab
served = test_browser.served


def newest_day(url: str) -> str:
    """The day of the region's newest article, as the API gives it: the report's week ends there."""
    with urlopen(f"{url}/api/v1/articles?region={REGION}&limit=1") as answer:
        return str(json.load(answer)["items"][0]["published"])[:10]


def test_browser_report_page(tab: Tab, served: Served) -> None:
    page = tab.page
    day = newest_day(served.url)
    tab.open(served.url + "/")
    page.get_by_role("link", name="Laporan", exact=True).click()
    page.wait_for_url(re.compile(r"/laporan$"))
    expect(page.get_by_test_id("report-preview")).to_have_count(0)
    page.get_by_test_id("report-scope").select_option(REGION)
    page.get_by_test_id("report-period").select_option("mingguan")
    page.get_by_test_id("report-date").fill(day)
    page.get_by_test_id("report-show").click()
    page.wait_for_url(re.compile(r"lingkup=35\.16"))

    preview = page.get_by_test_id("report-preview")
    expect(preview.locator("h1")).to_have_text("Laporan Mingguan: Kabupaten Mojokerto")
    for heading in SECTIONS.values():
        expect(preview.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    charts = preview.locator("img.chart")
    expect(charts).to_have_count(3)
    for chart in charts.all():
        chart.scroll_into_view_if_needed()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "a chart did not load"
    assert preview.locator("a[href^='/artikel/']").count() >= 1  # statements and perlu ditanggapi link articles
    expect(preview).to_contain_text("November 2024")  # its Indonesian dates
    tab.settle("mingguan")

    links = page.get_by_test_id("report-downloads").get_by_role("link")
    expect(links).to_have_text(["HTML", "PDF", "XLSX", "MD"])
    with page.expect_download() as waiting:
        page.get_by_test_id("download-pdf").click()
    download = waiting.value
    assert download.suggested_filename == f"laporan-{REGION}-week-{day}.pdf"
    path = download.path()
    assert path is not None and path.read_bytes().startswith(b"%PDF-")


def test_browser_report_page_in_english(tab: Tab, served: Served) -> None:
    page = tab.page
    tab.open(served.url + "/laporan?lang=en")
    expect(page.get_by_role("link", name="Reports", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.locator("h1")).to_have_text("Reports")
    expect(page.get_by_test_id("report-show")).to_have_text("Show")
    tab.settle("en")
