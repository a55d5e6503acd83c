"""The pages' period (`warta.web.period`): presets and date ranges anchored on today (fixed here through
WARTA_TODAY), previous and next periods, the URL that reproduces a period, and the pages over the demo store:
the period control, "data terakhir", an empty period said so, Indonesian chart dates and time zones."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.test_api import top_person
from warta.errors import InputError
from warta.store import queries
from warta.store.queries import DayCount
from warta.store.sqlstore import SQLStore
from warta.web import period
from warta.web.i18n import format_date
from warta.web.period import Period, period_from
from warta.web.render import bucket_label, timeline_svg

NEWEST = "2025-07-16"  # the newest demo article's day (WITA)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is the newest demo article's day."""
    monkeypatch.setenv(period.TODAY_ENV, NEWEST)


def days(p: Period) -> tuple[str, str]:
    return p.since(), p.until()


def test_presets_end_today() -> None:
    assert period.today() == date(2025, 7, 16)
    assert days(period_from(None, None, "hari-ini")) == (NEWEST, NEWEST)
    assert days(period_from(None, None, "7-hari")) == ("2025-07-10", NEWEST)
    assert days(period_from(None, None, "30-hari")) == ("2025-06-17", NEWEST)
    assert period_from(None, None, None) == Period(date(2025, 7, 10), date(2025, 7, 16), "7-hari")  # the default
    assert period_from(None, None, "", default="30-hari").preset == "30-hari"


def test_date_ranges_and_their_open_ends() -> None:
    assert period_from("2024-10-01", "2024-10-31", None) == Period(date(2024, 10, 1), date(2024, 10, 31))
    assert period_from(" 2024-10-01 ", "2024-10-01", "hari-ini").preset is None  # dates win over a preset
    assert days(period_from("2025-07-01", None, None)) == ("2025-07-01", NEWEST)  # up to today
    assert days(period_from("2025-08-01", None, None)) == ("2025-08-01", "2025-08-01")  # a future start: one day
    assert days(period_from(None, "2024-10-31", None)) == ("2024-10-25", "2024-10-31")  # the default's length
    assert days(period_from(None, "2024-10-31", None, default="30-hari")) == ("2024-10-02", "2024-10-31")


@pytest.mark.parametrize(
    ("dari", "sampai", "periode", "words"),
    [
        ("2024-13-01", None, None, "dari '2024-13-01': not a date"),
        (None, "31/10/2024", None, "sampai '31/10/2024': not a date"),
        ("2024-10-31", "2024-10-01", None, "dari 2024-10-31 setelah sampai 2024-10-01"),
        ("2000-01-01", "2024-10-01", None, "lebih dari 3660 hari"),
        (None, None, "kemarin", "periode 'kemarin' tidak dikenal"),
        (None, "0001-01-02", None, "terlalu awal"),
    ],
)
def test_bad_periods_are_one_line_input_errors(dari: str | None, sampai: str | None, periode: str | None,
                                               words: str) -> None:  # fmt: skip
    with pytest.raises(InputError) as caught:
        period_from(dari, sampai, periode)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_a_bad_warta_today_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(period.TODAY_ENV, "besok")
    with pytest.raises(InputError, match="WARTA_TODAY"):
        period.today()
    monkeypatch.delenv(period.TODAY_ENV)
    assert abs((period.today() - date.today()).days) <= 1  # the clock, in Asia/Jakarta


def test_previous_and_next_keep_the_length() -> None:
    week = period_from(None, None, "7-hari")
    assert days(week.previous()) == ("2025-07-03", "2025-07-09") and week.previous().preset is None
    assert week.previous().next() == Period(week.start, week.end)
    assert days(period_from("2024-02-28", "2024-03-01", None).next()) == ("2024-03-02", "2024-03-04")  # leap year
    assert days(period_from(None, None, "hari-ini").previous()) == ("2025-07-15", "2025-07-15")
    assert week.contains_today() and not week.previous().contains_today()


@pytest.mark.parametrize("asked", [("", "", "hari-ini"), ("", "", "30-hari"), ("2024-10-01", "2024-11-30", "")])
def test_the_url_reproduces_the_period(asked: tuple[str, str, str]) -> None:
    first = period_from(*asked)
    params = first.params()
    again = period_from(params.get("dari"), params.get("sampai"), params.get("periode"))
    assert again == first
    assert set(params) == ({"periode"} if first.preset else {"dari", "sampai"})


def test_control_links_keep_other_parameters_and_stop_at_today() -> None:
    query = [("urut", "terbanyak"), ("periode", "7-hari"), ("lanjut", "abc"), ("wilayah", "35.16")]
    asked = period_from(None, None, "7-hari")
    box = period.control("/isu", query, asked, drop=("lanjut",), every=True, fresh="2025-07-16T09:15+07:00")
    assert box.keep == [("urut", "terbanyak"), ("wilayah", "35.16")]
    assert box.presets[1] == ("7-hari", "/isu?urut=terbanyak&wilayah=35.16&periode=7-hari", True)
    assert not box.presets[0][2] and not box.presets[2][2]
    assert box.previous == "/isu?urut=terbanyak&wilayah=35.16&dari=2025-07-03&sampai=2025-07-09"
    assert box.next is None  # it would start after today
    assert box.all_time == "/isu?urut=terbanyak&wilayah=35.16&periode=semua"
    earlier = period.control("/", [], asked.previous())
    assert earlier.next == "/?dari=2025-07-10&sampai=2025-07-16" and earlier.all_time is None
    assert period.jakarta_time("2025-07-16T10:15:00+08:00") == "2025-07-16T09:15+07:00"
    assert period.jakarta_time("2025-07-16") == "2025-07-16" and period.jakarta_time(None) is None
    assert period.jakarta_time("2026-12-07T01:58:48Z") == "2026-12-07T08:58+07:00"  # a crawl's end, in UTC


def test_home_is_anchored_on_today(demo_client: TestClient, stored_demo: SQLStore) -> None:
    today = demo_client.get("/", params={"periode": "hari-ini", "lang": "id"}).text
    newest = queries.list_articles(stored_demo, limit=2).items
    latest = today[today.index("Berita terbaru") :]
    assert f'href="/artikel/{newest[0].id}"' in latest and f'href="/artikel/{newest[1].id}"' not in latest
    assert 'data-testid="period-hari-ini" aria-current="true"' in today
    assert 'data-testid="period-range">16 Juli 2025</strong>' in today
    assert "Data terakhir: 16 Juli 2025 09:15 WIB<" in today  # the newest article (10:15 WITA) in WIB; no crawl
    assert 'name="dari" value="2025-07-16"' in today and 'data-testid="period-next"' not in today
    assert 'href="/?lang=id&amp;dari=2025-07-15&amp;sampai=2025-07-15" rel="prev"' in today
    assert 'data-testid="period-empty"' not in today
    week = demo_client.get("/").text
    assert 'data-testid="period-7-hari" aria-current="true"' in week and "10 Juli 2025 – 16 Juli 2025" in week


def test_an_empty_period_says_so(demo_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(period.TODAY_ENV, "2026-12-07")  # long after the newest demo article
    home = demo_client.get("/", params={"lang": "id"}).text
    assert "Tidak ada berita pada periode ini." in home and "Data terakhir: 16 Juli 2025 09:15 WIB" in home
    assert 'class="isu-link"' not in home
    english = demo_client.get("/wilayah/35.16", params={"lang": "en"}).text
    assert "No news in this period." in english and "Latest data: 16 July 2025 09:15 WIB" in english
    isus = demo_client.get("/isu", params={"lang": "id"}).text
    assert "Tidak ada berita pada periode ini." in isus and 'data-testid="period-semua"' in isus
    every = demo_client.get("/isu", params={"periode": "semua"}).text
    assert 'data-testid="period-semua" aria-current="true"' in every and 'class="isu-link"' in every


def test_region_and_entity_lists_follow_the_period(demo_client: TestClient, stored_demo: SQLStore) -> None:
    debate = demo_client.get("/wilayah/35.16", params={"dari": "2024-10-09", "sampai": "2024-10-11"}).text
    assert debate.count('data-testid="quote"') >= 1 and "9 Oktober 2024 – 11 Oktober 2024" in debate
    quiet = demo_client.get("/wilayah/35.16", params={"dari": "2024-12-01", "sampai": "2024-12-31"}).text
    assert 'data-testid="quote"' not in quiet and "Tidak ada berita pada periode ini." in quiet
    person = top_person(stored_demo)
    seen = queries.entity_detail(stored_demo, person)
    whole = {"dari": seen.first_seen, "sampai": seen.last_seen, "berita": "zzz", "lang": "id"}
    page = demo_client.get(f"/entitas/{person}", params={k: v for k, v in whole.items() if k != "berita"}).text
    assert 'data-testid="quote"' in page and "<svg" in page
    links = re.findall(r'href="(/entitas/[^"]+)" data-testid="period-[a-z0-9-]+"', page)
    assert links and all("berita=" not in link and "kutipan=" not in link for link in links)
    before = demo_client.get(f"/entitas/{person}", params={"dari": "2000-01-01", "sampai": "2000-12-31"}).text
    assert 'data-testid="quote"' not in before and "Tidak ada berita pada periode ini." in before


def test_a_bad_date_is_a_400_page(demo_client: TestClient) -> None:
    for path in ("/", "/wilayah/35.16", "/isu"):
        response = demo_client.get(path, params={"dari": "2024-02-30", "lang": "id"})
        assert response.status_code == 400 and "text/html" in response.headers["content-type"]
        assert "bukan tanggal" in response.text


def test_charts_date_their_bars_in_indonesian() -> None:
    assert bucket_label("2025-03-11") == "11 Mar 2025" and bucket_label("2023-11") == "Nov 2023"
    assert bucket_label("2024-08", "en") == "Aug 2024" and bucket_label("2024-08") == "Agu 2024"
    assert bucket_label("2024") == "2024"
    chart = str(timeline_svg([DayCount("2023-01-30", 3, 1), DayCount("2023-05-02", 1, 1)], "Linimasa"))
    assert "<title>Jan 2023: 3</title>" in chart and ">Mei 2023</text>" in chart
    assert not re.search(r"\d{4}-\d{2}", chart)  # no ISO date anywhere


def test_a_one_day_timeline_is_one_narrow_bar() -> None:
    chart = str(timeline_svg([DayCount("2025-07-16", 4, 2)], "Linimasa"))
    widths = [float(w) for w in re.findall(r'<rect class="bar"[^>]* width="([\d.]+)"', chart)]
    assert len(widths) == 1 and widths[0] < 640 / 7  # a day, not a bar across the chart
    assert chart.count(">16 Jul 2025</text>") == 1 and 'text-anchor="middle"' in chart
    week = str(timeline_svg([DayCount("2025-07-16", 4, 2)], "Linimasa", "2025-07-10", "2025-07-16"))
    assert week.count('<rect class="bar"') == 7 and ">10 Jul 2025</text>" in week  # the period's days


def test_times_carry_their_zone() -> None:
    assert format_date("id", "2024-10-10T11:05:00+07:00", True) == "10 Oktober 2024 11:05 WIB"
    assert format_date("id", "2025-07-16T10:15:00+08:00", True) == "16 Juli 2025 10:15 WITA"
    assert format_date("en", "2025-01-02T08:00+09:00", True) == "2 January 2025 08:00 WIT"
    assert format_date("id", "2025-01-02T08:00:00Z", True) == "2 Januari 2025 08:00 UTC"
    assert format_date("id", "2025-01-02T08:00:00", True) == "2 Januari 2025 08:00"
    assert format_date("id", "2025-01-02T08:00:00+07:00") == "2 Januari 2025"
