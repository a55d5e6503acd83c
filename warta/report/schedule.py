"""Scheduled reports: the report of a region or a watchlist e-mailed every day at a set hour (Asia/Jakarta).

A schedule's report covers the period ending on the day before it goes out (the morning's *laporan harian* is
yesterday's news; a weekly one the seven days to yesterday). `send_due` sends every schedule whose hour has come
today and whose report has not gone out today, through the alerts' SMTP settings (`warta.alerts.email`), and
records the day it went out: a report goes out once a day, and one that failed is tried again at the next look
(the alert runner's poll). It runs beside the alert deliveries (`warta alerts run`, and `alerts_runner`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import asdict, dataclass, replace
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from warta.alerts import email
from warta.dates import JAKARTA, indonesian_date
from warta.errors import InputError, WartaError
from warta.ids import make_id
from warta.report.data import PERIOD_DAYS, ReportScope, build_report
from warta.report.render import FORMATS, check_format, file_name, render, summary
from warta.settings import Settings
from warta.store.queries.schedules import ScheduleRow, report_schedules
from warta.store.sqlstore import SQLStore
from warta.watch.spec import EMAIL

PERIOD_WORDS = {"day": "harian", "week": "mingguan", "month": "bulanan"}


@dataclass(frozen=True)
class Schedule:
    """A region's (Kemendagri code) or a watchlist's (name) report over `period`, e-mailed to `emails` as
    `format` every day at `hour` (0–23, Asia/Jakarta)."""

    region: str | None
    watchlist: str | None
    period: str
    hour: int
    emails: tuple[str, ...]
    format: str = "pdf"

    @property
    def id(self) -> str:
        """A hash of its scope and period: one schedule per region or watchlist and period."""
        return make_id("schedule", self.region or "", self.watchlist or "", self.period)

    def to_json(self) -> str:
        """Canonical JSON (what the store keeps)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(text: str) -> Schedule:
    """A schedule from its stored JSON."""
    data = json.loads(text)
    data["emails"] = tuple(data.get("emails") or ())
    return Schedule(**data)


def checked(s: Schedule) -> Schedule:
    """`s` tidied, or InputError naming what is wrong (one line)."""
    region, watchlist = (s.region or "").strip() or None, (s.watchlist or "").strip() or None
    if (region is None) == (watchlist is None):
        raise InputError("a report schedule needs either a region (a Kemendagri code such as 35.16) or a watchlist")
    if s.period not in PERIOD_DAYS:
        raise InputError(f"period {s.period!r}: use one of {', '.join(PERIOD_DAYS)}")
    if not 0 <= s.hour <= 23:
        raise InputError(f"hour {s.hour}: use a number from 0 to 23 (Asia/Jakarta)")
    emails = tuple(dict.fromkeys(e.strip() for e in s.emails if e.strip()))
    if not emails:
        raise InputError("a report schedule needs at least one e-mail address")
    for address in emails:
        if not EMAIL.fullmatch(address):
            raise InputError(f"e-mail address {address[:60]!r} is not one")
    check_format(s.format)
    return replace(s, region=region, watchlist=watchlist, emails=emails)


def save(store: SQLStore, s: Schedule) -> tuple[Schedule, bool]:
    """Check and store a schedule (its region or watchlist must exist: the report is built now to see);
    returns it and whether it is new."""
    s = checked(s)
    build_report(store, ReportScope(s.region, s.watchlist, s.period))  # an unknown region or watchlist fails here
    return s, store.save_schedule(s.id, s.to_json())


def due_day(row: ScheduleRow, s: Schedule, now: dt.datetime) -> dt.date | None:
    """The day whose report is due now (yesterday in Asia/Jakarta), or None: not yet its hour, or sent today."""
    local = now.astimezone(JAKARTA)
    if local.hour < s.hour or row.last_day == local.date().isoformat():
        return None
    return local.date() - dt.timedelta(days=1)


def send_due(store: SQLStore, settings: Settings, now: dt.datetime) -> Counter[str]:
    """Send every due scheduled report (see the module's docstring); returns the counts (reports sent, failed)."""
    counts: Counter[str] = Counter()
    for row in report_schedules(store):
        s = from_json(row.spec)
        day = due_day(row, s, now)
        if day is None:
            continue
        error = _send(store, settings, s, day)
        today = now.astimezone(JAKARTA).date().isoformat()
        store.record_report_sending(row.id, today, error)
        counts["reports sent" if error is None else "reports failed"] += 1
    return counts


def _send(store: SQLStore, settings: Settings, s: Schedule, day: dt.date) -> str | None:
    """Build, render and e-mail one report; None when the SMTP server took it, else why not."""
    try:
        report = build_report(store, ReportScope(s.region, s.watchlist, s.period, day))
        content = render(report, s.format, settings.report_base_url)
    except WartaError as exc:
        return str(exc)
    msg = EmailMessage()
    msg["Subject"] = f"Laporan {PERIOD_WORDS[s.period]} Warta: {report.title} — {indonesian_date(day)}"
    msg["From"] = settings.smtp_from
    msg["To"] = ", ".join(s.emails)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(idstring=f"{s.id}-{day.isoformat()}", domain="warta.reports")
    msg.set_content(f"{summary(report)}\n\nLaporan lengkap terlampir.\n\n--\nDikirim otomatis oleh Warta.")
    media = FORMATS[s.format][0]
    main, sub = media.split(";")[0].split("/", 1)
    msg.add_attachment(content, maintype=main, subtype=sub, filename=file_name(report, s.format))
    sent, detail = email.send(msg, settings)
    return None if sent else detail
