"""`GET /api/v1/report`: a report (laporan, `warta.report`) of a region or a watchlist as a file: HTML, PDF, XLSX
or Markdown, with its content type and a file name to save it under."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from warta.report.data import ReportScope, build_report
from warta.report.render import FORMATS, attachment
from warta.serving import Db, get_db

router = APIRouter(prefix="/api/v1", tags=["reports"])

DbDep = Annotated[Db, Depends(get_db)]


@router.get(
    "/report",
    response_class=Response,
    responses={
        200: {"description": "The report file", "content": {media: {} for media, _ in FORMATS.values()}},
        400: {"description": "Bad parameter (neither or both of region and watchlist, a malformed code, …)"},
        404: {"description": "Unknown region or watchlist"},
    },
)
def report(
    request: Request,
    db: DbDep,
    region: Annotated[str | None, Query(description="Kemendagri code (35.16): the region and all inside it")] = None,
    watchlist: Annotated[str | None, Query(description="A watchlist's name or id")] = None,
    period: Annotated[Literal["day", "week", "month"], Query(description="day, 7 days or 30 days")] = "week",
    date: Annotated[date | None, Query(description="The period's last day (default: today in Asia/Jakarta)")] = None,
    format: Annotated[Literal["html", "pdf", "xlsx", "md"], Query(description="The file's format")] = "pdf",
    base_url: Annotated[str | None, Query(description="Address of the links (default: this app)")] = None,
) -> Response:
    """The report of a region or a watchlist over a day, a week or a month ending on `date`, compared with the
    period before it."""
    made = db.call(build_report, ReportScope(region, watchlist, period, date))
    links = base_url if base_url is not None else str(request.base_url).rstrip("/")
    body, media, disposition = attachment(made, format, links)
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})
