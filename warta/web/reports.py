"""The *Laporan* page: choose a region or a watchlist, a period (harian, mingguan, bulanan) and its last day;
see the report (`warta.report`) on the page and download it as PDF, HTML, XLSX or Markdown.

`/laporan?lingkup=35.16&periode=mingguan&tanggal=2024-11-15` previews; `/laporan/unduh?…&format=pdf` downloads;
`/laporan/laporan.css` is the report's own stylesheet (the page's Content-Security-Policy allows no inline
style). `lingkup` is a Kemendagri code, or `pantauan:` and a watchlist's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from warta.dates import today
from warta.errors import InputError
from warta.report.data import ReportScope, build_report
from warta.report.render import CSS, FORMATS, attachment, check_format, html_body
from warta.serving import Db, get_db
from warta.store import queries
from warta.store.sqlstore import SQLStore
from warta.web import render as render_page

router = APIRouter(include_in_schema=False)

DbDep = Annotated[Db, Depends(get_db)]
PERIODS = {"harian": "day", "mingguan": "week", "bulanan": "month"}  # the URL's words: the report's periods
WATCH = "pantauan:"  # lingkup=pantauan:NAME: a watchlist's report


def scope_of(lingkup: str, periode: str, tanggal: str) -> ReportScope:
    """The report a page's URL asks for; InputError for an unknown period or a malformed date."""
    if periode not in PERIODS:
        raise InputError(f"periode {periode[:40]!r}: gunakan {', '.join(PERIODS)}")
    try:
        day = dt.date.fromisoformat(tanggal) if tanggal else None
    except ValueError:
        raise InputError(f"tanggal {tanggal[:40]!r}: bukan tanggal; gunakan TTTT-BB-HH") from None
    if lingkup.startswith(WATCH):
        return ReportScope(watchlist=lingkup[len(WATCH) :], period=PERIODS[periode], date=day)
    return ReportScope(region=lingkup, period=PERIODS[periode], date=day)


def _choices(store: SQLStore) -> dict[str, list[tuple[str, str]]]:
    """The regions (with news) and the watchlists the page offers: (lingkup value, name)."""
    regions = [(r.code, f"{r.name} ({r.code})") for r in queries.regions(store, limit=200)]
    watched = [(WATCH + w.name, w.name) for w in queries.list_watchlists(store)]
    return {"regions": regions, "watchlists": watched}


def _preview(store: SQLStore, scope: ReportScope | None) -> dict[str, Any]:
    """The form's choices and, when a report is asked for, its body."""
    data: dict[str, Any] = _choices(store)
    data["body"] = Markup(html_body(build_report(store, scope))) if scope else None  # autoescaped by its template
    return data


@dataclass(frozen=True)
class Asked:
    """What the page's URL asks for: `lingkup`, `periode` and `tanggal` (blank: none)."""

    lingkup: str
    periode: str
    tanggal: str

    def scope(self) -> ReportScope | None:
        """The report asked for, None when no region or watchlist is chosen."""
        return scope_of(self.lingkup, self.periode, self.tanggal) if self.lingkup else None


def _asked(lingkup: str = "", periode: str = "mingguan", tanggal: str = "") -> Asked:
    return Asked(lingkup.strip(), periode.strip(), tanggal.strip())


AskedDep = Annotated[Asked, Depends(_asked)]


@router.get("/laporan", response_class=HTMLResponse)
def laporan(request: Request, db: DbDep, asked: AskedDep) -> Response:
    """The page: the form, and the report asked for with its downloads."""
    scope = asked.scope()
    data = db.call(_preview, scope)
    query = {"lingkup": asked.lingkup, "periode": asked.periode, "tanggal": asked.tanggal}
    data |= {
        "asked": asked,
        "periods": list(PERIODS),
        "today": today().isoformat(),
        "downloads": [(f, "/laporan/unduh?" + urlencode({**query, "format": f})) for f in FORMATS] if scope else [],
    }
    return render_page(request, "laporan.html", data)


@router.get("/laporan/unduh")
def unduh(request: Request, db: DbDep, asked: AskedDep, format: Annotated[str, Query()] = "pdf") -> Response:
    """The report as a file to save (links to this app's article pages)."""
    scope = asked.scope()
    if scope is None:
        raise InputError("lingkup: pilih wilayah atau pantauan")
    check_format(format)
    made = db.call(build_report, scope)
    body, media, disposition = attachment(made, format, str(request.base_url).rstrip("/"))
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/laporan/laporan.css")
def stylesheet() -> Response:
    """The report's stylesheet, for the page's preview."""
    return Response(CSS.read_text(encoding="utf-8"), media_type="text/css; charset=utf-8")
