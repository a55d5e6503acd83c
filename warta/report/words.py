"""The Indonesian words of a report, shared by every format: its section headings, dates ("7 Desember 2026"),
periods, changes ("naik 20%"), tone and body-group names, and the links to the web app."""

from __future__ import annotations

import datetime as dt

from warta.dates import MONTH_NAMES, indonesian_date
from warta.report.data import PERIOD_NAMES, Change, Report, Window

# Section headings, in order; a watchlist's report has no "Pejabat daerah" (it has no region).
SECTIONS = {
    "summary": "Ringkasan",
    "volume": "Volume berita",
    "isus": "Isu teratas",
    "speakers": "Narasumber teratas",
    "officials": "Pejabat daerah",
    "bodies": "OPD dan lembaga",
    "outlets": "Media",
    "negatives": "Perlu ditanggapi",
}
TONE_NAMES = {"positif": "Positif", "negatif": "Negatif", "netral": "Netral"}
GROUP_NAMES = {
    "own": "Pemda/OPD",
    "vertical": "Instansi vertikal",
    "national": "Nasional",
    "elsewhere": "Daerah lain",
    "other": "Lainnya",
}


def sections(report: Report) -> dict[str, str]:
    """The report's sections (key: heading), in order."""
    return {k: v for k, v in SECTIONS.items() if k != "officials" or report.kind == "region"}


def title(report: Report) -> str:
    """ "Laporan Mingguan: Kabupaten Mojokerto"."""
    return f"Laporan {PERIOD_NAMES[report.period]}: {report.title}"


def fdate(day: dt.date | str | None) -> str:
    """ "7 Desember 2026" from a date or an ISO stamp; "" for none, the text itself when it is not a date."""
    if day is None or day == "":
        return ""
    if not isinstance(day, str):
        return indonesian_date(day)
    try:
        return indonesian_date(dt.date.fromisoformat(day[:10]))
    except ValueError:
        return day


def span(window: Window) -> str:
    """ "9–15 November 2024", "28 Oktober – 3 November 2024", or one day "15 November 2024"."""
    start, end = window.start, window.end
    if start == end:
        return fdate(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{fdate(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTH_NAMES[start.month - 1]} – {fdate(end)}"
    return f"{fdate(start)} – {fdate(end)}"


def short_day(day: dt.date) -> str:
    """ "15 Nov", a chart's day label."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]}"


def number(value: float) -> str:
    """A number the Indonesian way: 1.234 and 12,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")


def change(value: Change) -> str:
    """ "naik 20% dari 10", "turun 5,5% dari 11", "sama dengan periode sebelumnya", "sebelumnya tidak ada"."""
    if value.now == value.before:
        return "sama dengan periode sebelumnya"
    percent = value.percent
    if percent is None:
        return "sebelumnya tidak ada"
    word = "naik" if percent > 0 else "turun"
    return f"{word} {number(abs(percent))}% dari {number(value.before)}"


def signed(value: Change) -> str:
    """ "+20%", "−5,5%", "0%" or "baru": a table's change column."""
    percent = value.percent
    if percent is None:
        return "baru" if value.now else "–"
    return ("+" if percent > 0 else "−" if percent < 0 else "") + number(abs(percent)) + "%"


def link(base_url: str, article_id: str) -> str:
    """The web app's page of an article."""
    return f"{base_url.rstrip('/')}/artikel/{article_id}"
