"""A report's contents, read from the store through `warta.store.queries` only: the volume of news and its tone,
the top isus (tone split, key phrases, the statement that best represents each), the tokoh quoted most and what
they said, the region's own officials and their statements, the bodies named with their tone, the outlets, and
the negative articles that may need a response; every count beside that of the period just before.

`build_report(store, ReportScope(region="35.16", period="week", date=…))` is the one entry point.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from warta.dates import today
from warta.errors import InputError, NotFoundError
from warta.kb import regions as kbregions
from warta.store import queries
from warta.store.queries import TONES, BodyTone, NegativeArticle, ScopedQuote, Selection, ToneCounts

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

PERIOD_DAYS = {"day": 1, "week": 7, "month": 30}  # day: that date; week: 7 days to it; month: 30 days to it
PERIOD_NAMES = {"day": "Harian", "week": "Mingguan", "month": "Bulanan"}
TOP_ISUS = 8
TOP_SPEAKERS = 10
QUOTES_SHOWN = 3
MAX_OFFICIALS = 12
PHRASES_SHOWN = 3
_WORD = re.compile(r"\w{4,}")


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: a region (Kemendagri code, sub-regions included) or a watchlist (by name), over a
    period (`day`, `week` or `month`) ending on `date` (default: today in Asia/Jakarta)."""

    region: str | None = None
    watchlist: str | None = None
    period: str = "week"
    date: dt.date | None = None


@dataclass(frozen=True)
class Window:
    """Inclusive days `start`..`end`."""

    start: dt.date
    end: dt.date

    @property
    def since(self) -> str:
        """The ISO date of its first day."""
        return self.start.isoformat()

    @property
    def until(self) -> str:
        """The ISO date of its last day."""
        return self.end.isoformat()

    def days(self) -> list[dt.date]:
        """Every day of it, oldest first."""
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def previous(self) -> Window:
        """The window of the same length just before it."""
        length = dt.timedelta(days=(self.end - self.start).days + 1)
        return Window(self.start - length, self.end - length)


@dataclass(frozen=True)
class Change:
    """A count in the period and in the period before."""

    now: int
    before: int

    @property
    def percent(self) -> float | None:
        """The change in percent (None when the period before had none)."""
        return None if self.before == 0 else round(100.0 * (self.now - self.before) / self.before, 1)


@dataclass(frozen=True)
class DayVolume:
    """One day of the period: its articles and their tone."""

    day: dt.date
    articles: int
    tone: ToneCounts


@dataclass(frozen=True)
class IsuSummary:
    """An isu of the period: its articles (and before), their tone, its key phrases and the statement that best
    represents it."""

    id: str
    label: str
    articles: Change
    tone: ToneCounts
    phrases: list[str]
    statement: ScopedQuote | None


@dataclass(frozen=True)
class Speaker:
    """A person quoted in the period: quotes (and before), articles, and what they said (newest first)."""

    id: str
    name: str
    quotes: Change
    articles: int
    said: list[ScopedQuote]
    roles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Body:
    """A body named in the period: its articles (and before), their tone toward it, and its group."""

    id: str
    name: str
    group: str
    articles: Change
    tone: ToneCounts


@dataclass(frozen=True)
class Outlet:
    """An outlet: its articles (and before) and its negative ones in the period."""

    name: str
    articles: Change
    negatif: int


@dataclass(frozen=True)
class Report:
    """Everything a report shows."""

    title: str  # "Kabupaten Mojokerto", or the watchlist's name
    kind: str  # "region" or "watchlist"
    code: str | None
    period: str
    window: Window
    previous: Window
    made: dt.date
    volume: Change
    days: list[DayVolume]
    days_before: list[DayVolume]
    tone: ToneCounts
    tone_before: ToneCounts
    isus: list[IsuSummary]
    speakers: list[Speaker]
    officials: list[Speaker]
    bodies: list[Body]
    outlets: list[Outlet]
    negatives: list[NegativeArticle]


def window_of(period: str, day: dt.date) -> Window:
    """The period's days ending on `day`; InputError for an unknown period."""
    if period not in PERIOD_DAYS:
        raise InputError(f"period {period!r}: use one of {', '.join(PERIOD_DAYS)}")
    return Window(day - dt.timedelta(days=PERIOD_DAYS[period] - 1), day)


def build_report(store: SQLStore, scope: ReportScope) -> Report:
    """The report of the scope; InputError for a bad scope (neither or both of region and watchlist, a malformed
    code, an unknown period), NotFoundError for an unknown code or watchlist. A watchlist's report reads the
    articles it matched (`queries.watchlist_articles`)."""
    window = window_of(scope.period, scope.date or today())
    if (scope.region is None) == (scope.watchlist is None):
        raise InputError("report: give either a region (a Kemendagri code such as 35.16) or a watchlist")
    if scope.watchlist is not None:
        watched = queries.watchlist(store, scope.watchlist)  # NotFoundError for an unknown one
        ids = queries.watchlist_articles(store, watched.name, window.previous().since, window.until)
        return report_of(store, Selection(ids=tuple(ids)), window, scope.period, f"Pantauan {watched.name}")
    code = _region(scope.region or "")
    title = kbregions.get(code)
    return report_of(store, Selection(region=code), window, scope.period, title.name if title else code)


def _region(code: str) -> str:
    """A known Kemendagri code, or InputError/NotFoundError."""
    code = code.strip()
    if not kbregions.CODE.fullmatch(code):
        raise InputError(f"region {code!r}: not a Kemendagri code (such as 35.16)")
    if kbregions.get(code) is None:
        raise NotFoundError(f"no region with code {code!r}")
    return code


def report_of(store: SQLStore, selection: Selection, window: Window, period: str, title: str) -> Report:
    """The report of the selection's articles (a region's, or a watchlist's ids) over the window."""
    code = selection.region
    before = window.previous()
    days = _days(store, selection, window)
    days_before = _days(store, selection, before)
    return Report(
        title=title,
        kind="region" if code else "watchlist",
        code=code,
        period=period,
        window=window,
        previous=before,
        made=today(),
        volume=Change(sum(d.articles for d in days), sum(d.articles for d in days_before)),
        days=days,
        days_before=days_before,
        tone=_total(days),
        tone_before=_total(days_before),
        isus=_isus(store, selection, window, before),
        speakers=_speakers(store, selection, window, before),
        officials=_officials(store, selection, window, before) if code else [],
        bodies=_bodies(store, selection, window, before),
        outlets=_outlets(store, selection, window, before),
        negatives=queries.negative_articles(store, selection, window.since, window.until),
    )


def _days(store: SQLStore, selection: Selection, window: Window) -> list[DayVolume]:
    """Every day of the window with its articles (none on a day without)."""
    found = {d.day: d for d in queries.day_tones(store, selection, window.since, window.until)}
    out = []
    for day in window.days():
        row = found.get(day.isoformat())
        tone = ToneCounts(row.positif, row.negatif, row.netral) if row else ToneCounts(0, 0, 0)
        out.append(DayVolume(day, row.articles if row else 0, tone))
    return out


def _total(days: list[DayVolume]) -> ToneCounts:
    return ToneCounts(*(sum(getattr(d.tone, t) for d in days) for t in TONES))


def _isus(store: SQLStore, selection: Selection, window: Window, before: Window) -> list[IsuSummary]:
    """The top isus of the window with their counts before, key phrases and representative statement."""
    top = queries.isu_counts(store, selection, window.since, window.until, limit=TOP_ISUS)
    ids = [i.id for i in top]
    earlier = {i.id: i.articles for i in queries.isu_counts(store, selection, before.since, before.until, only=ids)}
    phrases = queries.isu_phrases(store, selection, window.since, window.until, ids)
    quotes = queries.isu_quotes(store, selection, window.since, window.until, ids)
    out = []
    for isu in top:
        key = _key_phrases(phrases.get(isu.id, {}))
        out.append(IsuSummary(isu.id, isu.label, Change(isu.articles, earlier.get(isu.id, 0)),
                              ToneCounts(isu.positif, isu.negatif, isu.netral), key,
                              representative(quotes.get(isu.id, []), [isu.label, *key])))  # fmt: skip
    return out


def _key_phrases(counts: dict[str, int]) -> list[str]:
    """The phrases most of the isu's articles hold (ties alphabetically)."""
    return [p for p, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:PHRASES_SHOWN]]


def representative(quotes: list[ScopedQuote], topic: list[str]) -> ScopedQuote | None:
    """The quote that best represents a topic (its label and key phrases): the one holding most of the topic's
    words, then the one of the speaker quoted most on it, then the fullest (up to 240 characters), then the
    newest (the quotes come newest first)."""
    words = {w.lower() for text in topic for w in _WORD.findall(text)}
    said: dict[str, int] = {}
    for quote in quotes:
        said[quote.speaker_id or ""] = said.get(quote.speaker_id or "", 0) + 1

    def rank(item: tuple[int, ScopedQuote]) -> tuple[int, int, int, int]:
        n, quote = item
        held = len(words & {w.lower() for w in _WORD.findall(quote.text)})
        return (-held, -said[quote.speaker_id or ""] if quote.speaker_id else 0, -min(len(quote.text), 240), n)

    return min(enumerate(quotes), key=rank)[1] if quotes else None


def _speakers(store: SQLStore, selection: Selection, window: Window, before: Window) -> list[Speaker]:
    """The persons quoted most in the window, with what they said."""
    top = queries.speaker_counts(store, selection, window.since, window.until, limit=TOP_SPEAKERS)
    return _with_quotes(store, selection, window, before, [(s.id, s.name, []) for s in top])


def _with_quotes(
    store: SQLStore, selection: Selection, window: Window, before: Window, people: list[tuple[str, str, list[str]]]
) -> list[Speaker]:
    """Each person (id, name, roles) with their quotes of the window (and their count before)."""
    ids = [p[0] for p in people]
    now = {s.id: s for s in queries.speaker_counts(store, selection, window.since, window.until, len(ids) or 1, ids)}
    then = {s.id: s.quotes for s in queries.speaker_counts(store, selection, before.since, before.until,
                                                           len(ids) or 1, ids)}  # fmt: skip
    said = queries.speaker_quotes(store, selection, window.since, window.until, ids, QUOTES_SHOWN)
    out = []
    for person_id, name, roles in people:
        count = now.get(person_id)
        quotes = Change(count.quotes if count else 0, then.get(person_id, 0))
        out.append(Speaker(person_id, name, quotes, count.articles if count else 0, said[person_id], roles))
    return out


def _officials(store: SQLStore, selection: Selection, window: Window, before: Window) -> list[Speaker]:
    """The region's officials (the named holder for a role-only one), those quoted in the window first."""
    people: dict[str, tuple[str, str, list[str]]] = {}
    for official in queries.region_officials(store, selection.region or ""):
        person_id = official.holder_id or official.id
        name = official.holder_name or official.name
        roles = people.get(person_id, (person_id, name, []))[2]
        roles += [r for r in official.roles if r not in roles]
        people[person_id] = (person_id, name, roles)
    found = _with_quotes(store, selection, window, before, list(people.values()))
    ranked = sorted(found, key=lambda s: (-s.quotes.now, -s.quotes.before, s.name))
    return ranked[:MAX_OFFICIALS]


def _bodies(store: SQLStore, selection: Selection, window: Window, before: Window) -> list[Body]:
    """The bodies named most in the window, with their tone and their count before."""
    top = queries.body_tones(store, selection, window.since, window.until)
    ids = [b.id for b in top]
    earlier = {b.id: b.articles for b in queries.body_tones(store, selection, before.since, before.until,
                                                            len(ids) or 1, ids)}  # fmt: skip
    return [_body(b, earlier.get(b.id, 0)) for b in top]


def _body(row: BodyTone, before: int) -> Body:
    tone = ToneCounts(row.positif, row.negatif, row.netral)
    return Body(row.id, row.name, row.group, Change(row.articles, before), tone)


def _outlets(store: SQLStore, selection: Selection, window: Window, before: Window) -> list[Outlet]:
    """The outlets with the most articles in the window, with their count before."""
    now = queries.outlet_counts(store, selection, window.since, window.until)
    then = {o.outlet: o.articles for o in queries.outlet_counts(store, selection, before.since, before.until, 200)}
    return [Outlet(o.outlet, Change(o.articles, then.get(o.outlet, 0)), o.negatif) for o in now]
