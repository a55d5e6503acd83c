"""The weekly report of the demo store as PDF, read back as a person would: its pages turned into PNG images
(pdftoppm, kept under test-artifacts/report/ to look at) and its text (pdftotext): every section heading, the
period in Indonesian dates, the charts' titles drawn on the page; and every chart's SVG holds drawn bars.

The week is that of the newest article of Kabupaten Mojokerto (35.16) in the demo store, on both backends.
The PDF tools come from poppler-utils (`make pdf`); without them the test is skipped, or fails where CI is set.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from warta.report.charts import charts
from warta.report.data import Report, ReportScope, build_report
from warta.report.render import html_body, to_pdf
from warta.report.words import SECTIONS, fdate, span
from warta.store import queries
from warta.store.sqlstore import SQLStore

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "report"
ENGLISH_MONTHS = ("January", "February", "March", "May", "June", "July", "August", "October", "December")
# A bar pygal drew: a rect of the bars with a width and a height above zero.
BAR = re.compile(r'<rect x="[^"]*" y="[^"]*" rx="0" ry="0" width="([\d.]+)" height="([\d.]+)" class="rect reactive')


def poppler() -> None:
    """Skip (fail where CI is set) when poppler-utils is missing."""
    if shutil.which("pdftoppm") and shutil.which("pdftotext"):
        return
    reason = "pdftoppm/pdftotext not found: install poppler-utils (`make pdf`)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def newest_week(store: SQLStore) -> Report:
    """The weekly report of 35.16 ending on the day of its newest article."""
    newest = queries.list_articles(store, queries.ArticleFilter(region="35.16"), limit=1).items[0].published
    assert newest is not None
    day = dt.date.fromisoformat(newest[:10])
    return build_report(store, ReportScope(region="35.16", period="week", date=day))


@pytest.fixture(scope="module")
def weekly(stored_demo: SQLStore) -> Report:
    return newest_week(stored_demo)


def test_pdf_pages_text_and_images(weekly: Report, request: pytest.FixtureRequest) -> None:
    poppler()
    folder = ARTIFACTS / request.node.callspec.id
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pdf = folder / "laporan.pdf"
    pdf.write_bytes(to_pdf(weekly, "http://localhost:8000"))
    assert pdf.read_bytes().startswith(b"%PDF-")
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(folder / "halaman")], check=True)
    pages = sorted(folder.glob("halaman-*.png"))
    assert pages and all(page.stat().st_size > 5000 for page in pages)  # drawn pages, not blank ones
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert text.count("\f") >= len(pages) - 1
    flat = " ".join(text.split())
    for heading in SECTIONS.values():
        assert heading in flat, heading
    assert f"Laporan Mingguan: {weekly.title}" in flat
    assert span(weekly.window) in flat and span(weekly.previous) in flat
    assert re.search(r"\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November"
                     r"|Desember) \d{4}\b", flat)  # fmt: skip
    assert not any(month in flat for month in ENGLISH_MONTHS)
    for title in ("Berita per hari", "Nada berita", "Isu teratas (jumlah berita)"):  # the charts, drawn in the PDF
        assert title in flat, title
    assert weekly.volume.now > 0 and weekly.isus and weekly.speakers and weekly.negatives
    assert weekly.isus[0].label.split(" · ")[0] in flat
    assert f"Halaman 1 dari {len(pages)}" in flat


def test_no_chart_is_empty(weekly: Report) -> None:
    drawn = charts(weekly)
    assert set(drawn) == {"volume", "tone", "isus"}
    for name, svg in drawn.items():
        assert svg.startswith("<svg") and "<script" not in svg and "Tidak ada data" not in svg, name
        bars = [(float(w), float(h)) for w, h in BAR.findall(svg)]
        assert any(w > 0 and h > 0 for w, h in bars), name
    assert sum(float(h) > 0 for _, h in BAR.findall(drawn["volume"])) >= len([d for d in weekly.days if d.articles])


def test_html_links_to_the_web_app(weekly: Report) -> None:
    body = html_body(weekly, "http://warta.test")
    for article in weekly.negatives:
        assert f'href="http://warta.test/artikel/{article.id}"' in body
    assert fdate(weekly.window.end) in body and body.count('<img class="chart"') == 3
