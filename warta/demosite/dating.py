"""Dating the demo site relative to the day it is started, so that a fresh crawl opens on a live morning.

The bundled articles keep their order: the newest is dated today, and the others follow it back in time,
closer together than they were written. In the first week (counted back from today) every gap between two
articles shrinks to less than a day, so that "hari ini" and the last 7 days hold several articles; after
it, gaps keep their length up to LATER_GAP_DAYS, so the rest spreads over the past months. Articles move
by whole days (only the newest may also move back in time, when it would otherwise lie after `now`): each
keeps its clock time and zone, and the day names and dates in its page move with it.

A page's bytes are shifted where they hold its publication moment (ISO stamps in meta tags, JSON-LD and
`<time>`, the long Indonesian date "Senin, 15 Agustus 2022 14:10 WIB"), and the dated references of its
text ("Senin (15/8/2022)") move by the same days. URLs keep their dates: they name the page.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

FIRST_WEEK_DAYS = 7  # new ages below this pack articles less than a day apart
LATER_GAP_DAYS = 7  # the longest gap between two articles after the first week

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember")  # fmt: skip
_DAY = rb"(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu)"
_ISO = re.compile(rb"(?<![\d/])(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2})?([+-]\d{2}:\d{2}|Z)")
_LONG = re.compile(
    _DAY + rb", (\d{1,2}) (" + b"|".join(m.encode() for m in MONTH_NAMES) + rb") (\d{4})(\s*[|-]?\s*)(\d{2}):(\d{2})"
)
_SHORT = re.compile(_DAY + rb" \((\d{1,2})/(\d{1,2})/(\d{4})\)")


def redate(moments: list[datetime], today: date, now: datetime | None = None) -> dict[datetime, datetime]:
    """New publication moments for `moments` (offset-aware), newest dated `today` (in its own zone), in the
    same order (strictly); `now`, if given, is a moment none of them may pass."""
    ordered = sorted(set(moments), reverse=True)
    new: dict[datetime, datetime] = {}
    previous: tuple[datetime, datetime] | None = None  # (original, new) of the next newer article
    for moment in ordered:
        if previous is None:
            moved = moment + timedelta(days=(today - moment.date()).days)
            if now is not None and moved > now:
                moved = max(now.astimezone(moment.tzinfo).replace(second=0, microsecond=0), _midnight(moved))
        else:
            moved = _after(moment, *previous, today)
        new[moment] = moved
        previous = (moment, moved)
    return new


def _after(moment: datetime, newer: datetime, newer_moved: datetime, today: date) -> datetime:
    """`moment` moved by whole days to just before `newer_moved` (the next newer article, moved): its gap to it
    kept up to a limit (none within the first week, LATER_GAP_DAYS after it), and never after it."""
    gap = (newer.date() - moment.date()).days
    first_week = (today - newer_moved.date()).days < FIRST_WEEK_DAYS
    days = min(gap, 0 if first_week else LATER_GAP_DAYS)
    moved = moment + timedelta(days=(newer_moved.date() - timedelta(days=days) - moment.date()).days)
    while moved >= newer_moved:
        moved -= timedelta(days=1)
    return moved


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def shift_page(data: bytes, old: datetime, new: datetime) -> bytes:
    """A page's bytes with its publication moment `old` moved to `new`: every ISO stamp and long date by the
    same time, every "Hari (d/m/yyyy)" reference by the same days; the rest of the page as it was."""
    delta, days = new - old, (new.date() - old.date()).days
    if not delta:
        return data
    data = _ISO.sub(lambda m: _iso(m, delta), data)
    data = _LONG.sub(lambda m: _long(m, delta), data)
    return _SHORT.sub(lambda m: _short(m, days), data)


def _iso(match: re.Match[bytes], delta: timedelta) -> bytes:
    text = match.group(0).decode("ascii")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return match.group(0)
    moved = (moment + delta).isoformat(timespec="seconds" if match.group(6) else "minutes")
    return (moved.replace("+00:00", "Z") if text.endswith("Z") else moved).encode("ascii")


def _long(match: re.Match[bytes], delta: timedelta) -> bytes:
    day, month, year, sep, hour, minute = (g.decode("ascii") for g in match.groups())
    try:
        moment = datetime(int(year), MONTH_NAMES.index(month) + 1, int(day), int(hour), int(minute)) + delta
    except ValueError:
        return match.group(0)
    day_text = f"{moment.day:0{len(day)}d}"
    text = f"{DAY_NAMES[moment.weekday()]}, {day_text} {MONTH_NAMES[moment.month - 1]} {moment.year}{sep}"
    return f"{text}{moment:%H:%M}".encode("ascii")


def _short(match: re.Match[bytes], days: int) -> bytes:
    day, month, year = (int(g) for g in match.groups())
    try:
        moved = date(year, month, day) + timedelta(days=days)
    except ValueError:
        return match.group(0)
    return f"{DAY_NAMES[moved.weekday()]} ({moved.day}/{moved.month}/{moved.year})".encode("ascii")
