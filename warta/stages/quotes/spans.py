"""Span bookkeeping for the quote finder, so that it stays close to linear on articles with thousands of quote
marks, quotes or paragraphs (hostile or broken input) instead of rescanning the text for every mark."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from warta.model import Mention, Span


class Covered:
    """Spans merged into disjoint sorted ranges: whether a span overlaps any of them, in logarithmic time."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for span in sorted(spans, key=lambda s: s.start):
            self.add(span)

    def add(self, span: Span) -> None:
        """Add a span that starts no earlier than every span added before it."""
        if span.start >= span.end:
            return
        if self.ends and span.start < self.ends[-1]:
            self.ends[-1] = max(self.ends[-1], span.end)
        else:
            self.starts.append(span.start)
            self.ends.append(span.end)

    def overlaps(self, span: Span) -> bool:
        """Whether `span` shares a character with any of the spans."""
        i = bisect_right(self.starts, span.start) - 1
        if i >= 0 and self.ends[i] > span.start:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < span.end


@dataclass(frozen=True)
class Opening:
    """A paragraph that opens with a quote mark: where the mark is, and where it closes (-1: left open)."""

    mark: int
    close: int


def paragraph_openings(text: str, paragraphs: list[Span], closing: dict[str, str]) -> list[Opening | None]:
    """For each paragraph, the quote mark its first non-space character is (and its closing mark inside the
    paragraph), or None when it does not open with a mark of `closing`."""
    found: list[Opening | None] = []
    for para in paragraphs:
        first = para.start
        while first < para.end and text[first].isspace():
            first += 1
        if first >= para.end or text[first] not in closing:
            found.append(None)
        else:
            found.append(Opening(first, text.find(closing[text[first]], first + 1, para.end)))
    return found


def continuation_stops(openings: list[Opening | None]) -> list[int]:
    """For each paragraph, the first later one that does not carry on a quote left open: it opens with no
    mark, or closes the mark it opens with (`len(openings)` when every later paragraph carries it on)."""
    stops = [len(openings)] * len(openings)
    for index in range(len(openings) - 2, -1, -1):
        nxt = openings[index + 1]
        stops[index] = index + 1 if nxt is None or nxt.close >= 0 else stops[index + 1]
    return stops


class FirstMatch:
    """The first match of a pattern at or after a position before `end`, for positions asked in increasing
    order: the text is searched again only once the position has passed the last match found."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern = pattern
        self.text = text
        self.memo: dict[int, tuple[int, re.Match[str] | None]] = {}

    def search(self, pos: int, end: int) -> re.Match[str] | None:
        """The pattern's first match starting at `pos` or later, inside `[pos, end)`."""
        known = self.memo.get(end)
        if known is not None and known[0] <= pos and (known[1] is None or known[1].start() >= pos):
            return known[1]
        match = self.pattern.search(self.text, pos, end)
        self.memo[end] = (pos, match)
        return match


class Spoken:
    """Quotes already attributed to a person, by end position: the one ending last before a position."""

    def __init__(self) -> None:
        self.ends: list[tuple[int, int]] = []  # (end, order of attribution)
        self.speakers: list[str] = []

    def add(self, end: int, speaker: str) -> None:
        """Record a quote ending at `end` said by `speaker`."""
        insort(self.ends, (end, len(self.speakers)))
        self.speakers.append(speaker)

    def last_before(self, pos: int) -> tuple[int, str] | None:
        """(end, speaker) of the quote with the greatest end not after `pos` (the earliest added on a tie)."""
        i = bisect_right(self.ends, (pos, len(self.speakers))) - 1
        if i < 0:
            return None
        end = self.ends[i][0]
        first = bisect_right(self.ends, (end, -1))
        return end, self.speakers[self.ends[first][1]]


class Mentions:
    """Mentions in text order, to list the ones starting or ending in a range without scanning them all."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.items = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.starts = [m.start for m in self.items]
        self.longest = max((m.end - m.start for m in self.items), default=0)

    def starting(self, lo: int, hi: int) -> list[Mention]:
        """The mentions with `lo <= start < hi`, in text order."""
        return self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]

    def ending(self, lo: int, hi: int) -> list[Mention]:
        """The mentions with `lo <= end <= hi`, in text order."""
        near = self.items[bisect_left(self.starts, lo - self.longest) : bisect_right(self.starts, hi)]
        return [m for m in near if lo <= m.end <= hi]


class Implied:
    """Who a -nya cue or a pronoun may refer to, updated as the quotes are attributed in text order: persons
    not inside a direct quote attributed so far (the salient ones apart), and the quotes persons said."""

    def __init__(self, persons: Mentions, salient: Callable[[Mention], bool]) -> None:
        self.persons = persons
        self.alive = list(range(len(persons.items)))
        self.salient = [i for i, m in enumerate(persons.items) if salient(m)]
        self.spoken = Spoken()

    def quoted(self, span: Span) -> None:
        """A direct quote: the persons mentioned inside it are no longer candidates."""
        first, last = bisect_left(self.persons.starts, span.start), bisect_left(self.persons.starts, span.end)
        for listed in (self.alive, self.salient):
            del listed[bisect_left(listed, first) : bisect_left(listed, last)]

    def said(self, end: int, speaker: str) -> None:
        """A quote ending at `end` attributed to the person `speaker`."""
        self.spoken.add(end, speaker)

    def speaker(self, pos: int) -> str | None:
        """A salient person mentioned after the last quote a person said before `pos`, else that person,
        else the most recent person mentioned before `pos`."""
        last = self.spoken.last_before(pos)
        person = self._latest(self.salient, pos)
        if person is not None and person.start >= (last[0] if last is not None else 0):
            return person.entity
        if last is not None:
            return last[1]
        person = self._latest(self.alive, pos)
        return person.entity if person is not None else None

    def _latest(self, listed: list[int], pos: int) -> Mention | None:
        """The last person of `listed` (indices in text order) that ends at or before `pos`."""
        items = self.persons.items
        for k in range(bisect_left(listed, bisect_right(self.persons.starts, pos)) - 1, -1, -1):
            if items[listed[k]].end <= pos:
                return items[listed[k]]
        return None
