"""The demo site dated relative to the day it is started (`warta.demosite.dating`): the newest article today,
the others before it in the same order, every date of a page moved with it, and extraction reading the new
date. The pages as written stay what tests/test_golden.py and tests/test_demosite.py read."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import feedparser
import httpx
import pytest

from tests.conftest import DEMO
from warta.cli import main
from warta.demosite import DemoSite, build_outlets, dating
from warta.demosite import generated as synthetic
from warta.demosite.pages import href
from warta.model import Raw
from warta.settings import Settings
from warta.stages.extract import extract

ARTICLES = DEMO / "articles"
TODAY = date(2030, 1, 15)  # a Tuesday
WIB, WITA = timezone(timedelta(hours=7)), timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def dated() -> Iterator[DemoSite]:
    """The demo site dated from TODAY, with a few generated articles."""
    with DemoSite(ARTICLES, base_port=0, generated=30, today=TODAY) as running:
        yield running


def everything(site: DemoSite) -> list[tuple[datetime, str, int]]:
    """Every bundled article of a site, newest first: (date, target, outlet position)."""
    rows = [(e.published, e.target, o.position) for o in site.outlets for e in o.bundled]
    return sorted(rows, key=lambda r: r[0], reverse=True)


def test_newest_is_today_and_the_order_is_kept(dated: DemoSite) -> None:
    written = [(t, p) for _, t, p in everything(DemoSite(ARTICLES, base_port=0))]
    moved = everything(dated)
    assert [(t, p) for _, t, p in moved] == written  # the same order
    dates = [d for d, _, _ in moved]
    assert dates == sorted(set(dates), reverse=True)  # strictly newest first
    assert dates[0].date() == TODAY
    week = [d for d in dates if (TODAY - d.date()).days < 7]
    assert len(week) >= 8, week  # "7 hari" is a full week of news
    assert TODAY - timedelta(days=400) < dates[-1].date() < TODAY - timedelta(days=60)  # the past months


def test_each_article_keeps_its_clock_time_and_zone(dated: DemoSite) -> None:
    written = {t: d for d, t, _ in everything(DemoSite(ARTICLES, base_port=0))}
    for moved, target, _ in everything(dated):
        old = written[target]
        assert (moved.utcoffset(), moved.time()) == (old.utcoffset(), old.time()), target
        assert (moved - old) % timedelta(days=1) == timedelta(0)


def test_served_pages_carry_the_new_dates(dated: DemoSite) -> None:
    pipe_settings = Settings()
    for outlet, root in zip(dated.outlets, dated.urls, strict=True):
        for entry in outlet.bundled:
            page = httpx.get(root.rstrip("/") + href(entry.target), timeout=30)
            assert page.status_code == 200
            article = extract(Raw(content=page.content, format="html", origin=entry.target), pipe_settings)
            assert article.published is not None
            assert datetime.fromisoformat(article.published) == entry.published, entry.target


def test_feeds_and_generated_articles_are_dated_anew(dated: DemoSite) -> None:
    feed = feedparser.parse(httpx.get(dated.urls[1] + "rss.xml", timeout=30).content)
    newest = max(e.published for o in dated.outlets for e in o.bundled)
    stamps = [datetime.fromtimestamp(calendar.timegm(e.published_parsed), UTC) for e in feed.entries]
    assert stamps and max(stamps) == newest
    first = dated.outlets[0].make(0)
    assert first.published.date() == TODAY and first.published < newest + timedelta(days=1)
    page = httpx.get(dated.urls[0].rstrip("/") + href(first.target), timeout=30).text
    assert f'content="{first.published.isoformat()}"' in page


def test_pages_as_written_when_not_dated_anew() -> None:
    outlets = build_outlets(ARTICLES)
    assert max(e.published for o in outlets for e in o.bundled).year == 2025
    assert outlets[0].newest == synthetic.NEWEST
    served = [o.files[e.target] for o in outlets for e in o.bundled]
    assert sorted(served) == sorted(p.read_bytes() for p in ARTICLES.glob("*.html"))


def test_redate_never_passes_now_and_keeps_strict_order() -> None:
    written = [datetime(2025, 7, 16, 10, 15, tzinfo=WITA), datetime(2025, 7, 16, 9, 0, tzinfo=WIB),
               datetime(2025, 7, 15, 23, 0, tzinfo=WIB), datetime(2024, 1, 1, 8, 0, tzinfo=WIB)]  # fmt: skip
    now = datetime(2030, 1, 15, 7, 30, tzinfo=WIB)
    moved = dating.redate(written, TODAY, now)
    new = [moved[d] for d in written]
    assert new == sorted(new, reverse=True) and len(set(new)) == 4
    assert new[0] == datetime(2030, 1, 15, 7, 30, tzinfo=WIB) and new[0].date() == TODAY  # not after now
    assert all(d <= now for d in new)
    assert new[1] < new[0] and new[1].date() == date(2030, 1, 14)  # 09:00 today would pass it: the day before
    assert dating.redate(written, TODAY)[written[0]] == datetime(2030, 1, 15, 10, 15, tzinfo=WITA)


def test_shift_page_moves_stamps_long_dates_and_day_references_only() -> None:
    page = (
        b'<meta property="article:published_time" content="2025-07-16T10:15:00+08:00">'
        b'<time datetime="2025-07-16T10:15+08:00">Rabu, 16 Juli 2025 | 10:15 WITA</time>'
        b"<span>Rabu, 02 Juli 2025 - 10:15 WIB</span>"
        b"<p>Kata dia, Rabu (16/7/2025). Hingga Sabtu (19/7/2025), 16/7 saja.</p>"
        b'<a href="/daerah/2025/07/16/x">x</a>'
    )
    old = datetime(2025, 7, 16, 10, 15, tzinfo=WITA)
    shifted = dating.shift_page(page, old, old + timedelta(days=3)).decode()
    assert 'content="2025-07-19T10:15:00+08:00"' in shifted and 'datetime="2025-07-19T10:15+08:00"' in shifted
    assert "Sabtu, 19 Juli 2025 | 10:15 WITA" in shifted and "Sabtu, 05 Juli 2025 - 10:15 WIB" in shifted
    assert "Sabtu (19/7/2025)" in shifted and "Selasa (22/7/2025)" in shifted and "16/7 saja" in shifted
    assert "/daerah/2025/07/16/x" in shifted  # URLs name pages: they keep their dates
    assert dating.shift_page(page, old, old) == page


def test_demo_site_command_takes_today_and_refuses_a_bad_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-site", "--today", "2030-13-01", "--port", "0"]) != 0
    assert "--today '2030-13-01': not a date" in capsys.readouterr().err
