"""The period every page shows: whole days in Asia/Jakarta, anchored on today (the server's clock), as a
preset (`?periode=hari-ini|7-hari|30-hari`) or a date range (`?dari=YYYY-MM-DD&sampai=YYYY-MM-DD`).

`today()` is the server's date in Asia/Jakarta; tests and demos fix it with the environment variable
`WARTA_TODAY=YYYY-MM-DD` (read on every call). A period knows the URL query that reproduces it (`params`),
so that a view can be shared, and the periods of the same length just before and after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from warta.dates import JAKARTA, TODAY_ENV, today
from warta.errors import InputError
from warta.store.queries import iso_day

PRESETS = ("hari-ini", "7-hari", "30-hari")  # URL ?periode=…
PRESET_DAYS = {"hari-ini": 1, "7-hari": 7, "30-hari": 30}
MAX_DAYS = 3660  # the longest range asked for: ten years


@dataclass(frozen=True)
class Period:
    """Inclusive days `start`..`end` (Asia/Jakarta); `preset` names it when the URL asked for one of PRESETS
    (its days then follow today: a shared link shows the receiver's today)."""

    start: date
    end: date
    preset: str | None = None

    @property
    def days(self) -> int:
        """Its length in days (both ends included)."""
        return (self.end - self.start).days + 1

    def since(self) -> str:
        """The ISO date of its first day."""
        return self.start.isoformat()

    def until(self) -> str:
        """The ISO date of its last day."""
        return self.end.isoformat()

    def previous(self) -> Period:
        """The period of the same length just before it."""
        return _shifted(self, -self.days)

    def next(self) -> Period:
        """The period of the same length just after it."""
        return _shifted(self, self.days)

    def params(self) -> dict[str, str]:
        """The URL query that reproduces it: `periode=…` for a preset, else `dari=…&sampai=…`."""
        if self.preset:
            return {"periode": self.preset}
        return {"dari": self.since(), "sampai": self.until()}

    def contains_today(self) -> bool:
        """Whether today is one of its days (a next period then lies in the future)."""
        return self.start <= today() <= self.end


def _shifted(period: Period, days: int) -> Period:
    """`period` moved by `days`: a date range (a shared link to it shows the same days tomorrow)."""
    try:
        return Period(period.start + timedelta(days=days), period.end + timedelta(days=days))
    except OverflowError:
        raise InputError("periode di luar kalender; pilih tanggal lain") from None


def same_days(period: Period, name: str) -> bool:
    """Whether `period` covers the same days as the preset `name` today (the control marks that preset)."""
    days = PRESET_DAYS.get(name)
    return days is not None and period.end == today() and period.days == days


def preset(name: str) -> Period:
    """The preset `name` (one of PRESETS), ending today."""
    if name not in PRESET_DAYS:
        raise InputError(f"periode {name[:40]!r} tidak dikenal; gunakan {', '.join(PRESETS)}")
    end = today()
    return Period(end - timedelta(days=PRESET_DAYS[name] - 1), end, name)


def _day(name: str, value: str | None) -> date | None:
    """A date from the URL (YYYY-MM-DD) or None when blank; InputError naming the parameter otherwise (the rule of
    the queries' dates, `iso_day`)."""
    day = iso_day(name, value)
    return date.fromisoformat(day) if day else None


def period_from(dari: str | None, sampai: str | None, periode: str | None, default: str = "7-hari") -> Period:
    """The period a page's URL asks for: a date range (`dari`, `sampai`; a missing end is today, a missing start
    is as many days before the end as `default` spans), else the preset `periode`, else `default`.
    InputError (one line) for a malformed date, a reversed or too long range, or an unknown preset."""
    start, end = _day("dari", dari), _day("sampai", sampai)
    if start is None and end is None:
        return preset(periode.strip() if periode and periode.strip() else default)
    if end is None:
        end = max(today(), start) if start else today()
    if start is None:
        try:
            start = end - timedelta(days=preset(default).days - 1)
        except OverflowError:
            raise InputError(f"sampai {end.isoformat()} terlalu awal; pilih tanggal lain") from None
    if start > end:
        raise InputError(f"dari {start.isoformat()} setelah sampai {end.isoformat()}; tukar kedua tanggal")
    if (end - start).days + 1 > MAX_DAYS:
        raise InputError(f"periode {start.isoformat()}–{end.isoformat()} lebih dari {MAX_DAYS} hari; persempit")
    return Period(start, end)


PERIOD_KEYS = ("periode", "dari", "sampai")
ALL_TIME = "semua"  # ?periode=semua: every date, on the lists that allow it (the isu list, the streams)


@dataclass(frozen=True)
class Control:
    """What the period control shows: the period (None: all time), a link per preset (and to all time where
    the page allows it), the previous and next periods' links (no next one when it would start after today),
    the other query parameters its date form keeps, and the newest article's time ("data terakhir")."""

    period: Period | None
    presets: list[tuple[str, str, bool]]  # (preset, URL, whether the period covers its days)
    all_time: str | None
    previous: str | None
    next: str | None
    keep: list[tuple[str, str]]
    fresh: str | None = None  # ISO, in Asia/Jakarta
    crawled: str | None = None  # the end of the last crawl run, ISO in Asia/Jakarta


def control(
    path: str,
    query: list[tuple[str, str]],
    period: Period | None,
    drop: tuple[str, ...] = (),
    every: bool = False,
    fresh: str | None = None,
    crawled: str | None = None,
) -> Control:
    """The period control of the page at `path` whose URL query is `query`: every link keeps the other
    parameters except the period's own and those in `drop` (cursors, which belong to one period); `every`
    offers all time too; `fresh` is the newest article's time, `crawled` the end of the last crawl."""
    keep = [(k, v) for k, v in query if k not in PERIOD_KEYS and k not in drop]
    presets = [(name, url_with(path, keep, {"periode": name}), bool(period and same_days(period, name)))
               for name in PRESETS]  # fmt: skip
    following = period.next() if period else None
    return Control(
        period=period,
        presets=presets,
        all_time=url_with(path, keep, {"periode": ALL_TIME}) if every else None,
        previous=url_with(path, keep, period.previous().params()) if period else None,
        next=url_with(path, keep, following.params()) if following and following.start <= today() else None,
        keep=keep,
        fresh=fresh,
        crawled=crawled,
    )


def url_with(path: str, keep: list[tuple[str, str]], params: dict[str, str]) -> str:
    """`path` with the query `keep` and then `params`."""
    query = urlencode(keep + list(params.items()))
    return path + ("?" + query if query else "")


def jakarta_time(stamp: str | None) -> str | None:
    """An ISO timestamp moved to Asia/Jakarta (a date alone, or a stamp with no offset, is kept as it is)."""
    if not stamp or len(stamp) < 16:
        return stamp
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        return stamp
    return moment.astimezone(JAKARTA).isoformat(timespec="minutes")


__all__ = [
    "ALL_TIME",
    "JAKARTA",
    "MAX_DAYS",
    "PRESETS",
    "TODAY_ENV",
    "Control",
    "Period",
    "control",
    "jakarta_time",
    "period_from",
    "preset",
    "same_days",
    "today",
    "url_with",
]
