"""Indonesian (and English) publication dates to ISO 8601: "Senin, 6 Juni 2022 | 14:30 WIB" → offset-aware.

`parse_date` reads a string that is a date (day names, separators and a zone around it are allowed);
`find_date` finds the first date inside a longer string. Both return None, never raise, when there is
no valid date (impossible dates such as 31 Februari are rejected).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from warta.errors import InputError

log = logging.getLogger(__name__)

MONTHS: dict[str, int] = {
    # Indonesian full names and abbreviations
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11,
    "desember": 12, "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "agu": 8, "agt": 8, "agust": 8, "ags": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11,
    "nop": 11, "des": 12,
    # English full names and the abbreviations Indonesian does not share
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12, "aug": 8, "oct": 10, "dec": 12,
}  # fmt: skip

ZONES: dict[str, str] = {"wib": "+07:00", "wita": "+08:00", "wit": "+09:00", "utc": "+00:00",
                         "gmt": "+00:00", "z": "+00:00"}  # fmt: skip

_DAY_NAMES = (
    r"(?:senin|selasa|rabu|kamis|jum'?at|jum’at|sabtu|minggu|ahad|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
)
_MONTH = "(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ZONE = r"(?P<zone>WITA|WIB|WIT|UTC|GMT|Z|[+-]\d{2}:?\d{2})"
_TIME = (
    r"(?:\s*(?:[,|@/]|[-–—]|\bpukul\b|\bjam\b|\bat\b|T)?\s*(?:pukul\s+|jam\s+)?"
    r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2})(?:\.\d{1,6})?)?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?(?:\s*" + _ZONE + r")?)?"
)
_DAY = r"(?P<d>\d{1,2})"
_YEAR = r"(?P<y>\d{4})"
_FORMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(form + _TIME + r"(?![\d])", re.IGNORECASE)
    for form in (
        # ISO: 2022-06-06, 2022-06-06T18:23:55+07:00, and 2022/06/06 18:23:55 as some sites write it
        r"(?<!\d)" + _YEAR + r"(?P<isep>[-/])(?P<m>\d{1,2})(?P=isep)" + _DAY + r"(?!\d)",
        # 06 Juni 2022, 6 Jun. 2022, 14 Nov 2024
        r"(?<!\d)" + _DAY + r"\s*[- ]\s*" + _MONTH + r"\s*[- ,]\s*" + _YEAR + r"(?!\d)",
        # June 6, 2022 (English order)
        r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)",
        # 6/6/2022, 06-06-2022, 6.6.2022 (day first, as Indonesian writes it)
        r"(?<![\d/.-])" + _DAY + r"(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)" + _YEAR + r"(?!\d)",
    )
)
_PARSE_PREFIX = re.compile(r"^[\s•·|:,(\[-]*(?:" + _DAY_NAMES + r"\b[\s,.(]*)?", re.IGNORECASE)
_PARSE_SUFFIX = re.compile(r"^[\s)\]|.,;:-]*$")


@dataclass(frozen=True)
class _Parts:
    """The fields of one matched date, before validation."""

    year: int
    month: int
    day: int
    time: tuple[int, int, int] | None
    offset: str | None


def parse_date(text: str, default_offset: str = "+07:00") -> str | None:
    """The ISO 8601 form of a string that is one date (with optional day name, time and zone), or None."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    prefix = _PARSE_PREFIX.match(text)
    start = prefix.end() if prefix else 0
    for pattern in _FORMS:
        match = pattern.match(text, start)
        if match and _PARSE_SUFFIX.match(text[match.end() :]):
            return _render(_parts(match), default_offset)
    return None


def find_date(text: str, default_offset: str = "+07:00") -> str | None:
    """The ISO 8601 form of the first valid date inside a longer string, or None."""
    if not isinstance(text, str):
        return None
    found: list[tuple[int, str]] = []
    for pattern in _FORMS:
        for match in pattern.finditer(text):
            rendered = _render(_parts(match), default_offset)
            if rendered:
                found.append((match.start(), rendered))
                break
    return min(found)[1] if found else None


def _parts(match: re.Match[str]) -> _Parts | None:
    """Pull year, month, day, time and zone out of a match; None when a field is unreadable."""
    groups = match.groupdict()
    month_name = groups.get("mon")
    month = MONTHS.get(month_name.lower().rstrip(".")) if month_name else int(groups["m"])
    if month is None:
        return None
    time = None
    if groups.get("h") is not None:
        hour = _hour(int(groups["h"]), groups.get("ampm"))
        time = (hour, int(groups["mi"]), int(groups["s"] or 0))
    zone = groups.get("zone")
    return _Parts(int(groups["y"]), month, int(groups["d"]), time, _offset(zone) if zone else None)


def _hour(hour: int, ampm: str | None) -> int:
    """A 24-hour clock hour from a 12-hour one when AM/PM is given."""
    if not ampm:
        return hour
    is_pm = ampm.lower().startswith("p")
    if hour == 12:
        return 12 if is_pm else 0
    return hour + 12 if is_pm else hour


def _offset(zone: str) -> str:
    """ "+07:00" from "WIB", "+0700", "+07:00" or "Z"."""
    named = ZONES.get(zone.lower())
    if named:
        return named
    digits = zone.replace(":", "")
    return f"{digits[:3]}:{digits[3:]}"


def _render(parts: _Parts | None, default_offset: str) -> str | None:
    """ "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS+HH:MM"; None for an impossible date or time."""
    if parts is None or not 1900 <= parts.year <= 2100:
        return None
    try:
        if parts.time is None:
            return datetime(parts.year, parts.month, parts.day).date().isoformat()
        stamp = datetime(parts.year, parts.month, parts.day, *parts.time)
    except ValueError:
        log.debug("impossible date %s", parts)
        return None
    return stamp.isoformat() + (parts.offset or default_offset)


JAKARTA = ZoneInfo("Asia/Jakarta")
TODAY_ENV = "WARTA_TODAY"  # fixes today() (YYYY-MM-DD), for tests and reproducible demos
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
               "November", "Desember")  # fmt: skip


def today() -> date:
    """Today in Asia/Jakarta by the clock, or the date in WARTA_TODAY when it is set (read on every call)."""
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            raise InputError(f"{TODAY_ENV}={fixed!r}: bukan tanggal; gunakan TTTT-BB-HH (YYYY-MM-DD)") from None
    return datetime.now(JAKARTA).date()


def indonesian_date(day: date) -> str:
    """ "7 Desember 2026"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def utc_stamp(when: datetime | None = None) -> str:
    """A time (default: now) as the store writes times: ISO 8601 in UTC, to the second."""
    return (when or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
