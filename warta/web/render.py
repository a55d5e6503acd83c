"""HTML fragments built in Python: the highlighted article text, search snippets and the timeline chart.

Every piece of user data goes through `markupsafe.escape` (directly or through `Markup.format`); only the
fixed tags written here are markup. Nothing else in the web app marks text as safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from warta.store.queries import TONES, DayCount, ToneDay

_TYPE_CLASS = re.compile(r"[a-z_]{1,40}")
_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")
_PARAGRAPH = re.compile(r"\n\s*\n")
_TONE_BAR = Markup(
    '<rect class="bar tone-{}" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"><title>{}: {} {}</title></rect>'
)
_BAR = Markup('<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"><title>{}: {}</title></rect>')


def type_class(type_name: str) -> str:
    """The CSS class of an entity type ("ent-person"); unknown or odd types get "ent-other"."""
    return "ent-" + type_name if _TYPE_CLASS.fullmatch(type_name) else "ent-other"


@dataclass
class _Span:
    start: int
    end: int
    mention: dict[str, Any]
    children: list[_Span] = field(default_factory=list)


def _tree(mentions: list[dict[str, Any]], length: int) -> list[_Span]:
    """Mentions as a forest of nested spans; a mention crossing another or out of range is left out."""
    roots: list[_Span] = []
    stack: list[_Span] = []
    valid = [m for m in mentions if isinstance(m.get("start"), int) and isinstance(m.get("end"), int)]
    for m in sorted(valid, key=lambda m: (m["start"], -m["end"])):
        if not 0 <= m["start"] < m["end"] <= length:
            continue
        while stack and stack[-1].end <= m["start"]:
            stack.pop()
        if stack and m["end"] > stack[-1].end:
            continue
        span = _Span(m["start"], m["end"], m)
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots


def _render(text: str, start: int, end: int, spans: list[_Span], names: dict[str, str]) -> Markup:
    out = Markup("")
    pos = start
    for span in spans:
        mention = span.mention
        entity = str(mention.get("entity", ""))
        out += escape(text[pos : span.start])
        out += Markup('<mark class="ent {}" data-entity="{}" title="{}">').format(
            type_class(str(mention.get("type", ""))), entity, names.get(entity, "")
        )
        out += _render(text, span.start, span.end, span.children, names) + Markup("</mark>")
        pos = span.end
    return out + escape(text[pos:end])


def highlight(text: str, mentions: list[dict[str, Any]], names: dict[str, str]) -> list[Markup]:
    """The article's paragraphs as HTML, each mention a `<mark class="ent ent-TYPE" data-entity="ID">`
    (nested where mentions nest); `names` gives each mark's title (the entity's name)."""
    roots = _tree(mentions, len(text))
    paragraphs: list[Markup] = []
    start = 0
    for end in [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]:
        inside = [s for s in roots if start <= s.start and s.end <= end]
        if text[start:end].strip():
            paragraphs.append(_render(text, start, end, inside, names))
        next_start = _PARAGRAPH.match(text, end)
        start = next_start.end() if next_start else end
    return paragraphs


def snippet(text: str) -> Markup:
    """A search snippet with its [matched] words as `<mark>`; everything else escaped."""
    out = Markup("")
    pos = 0
    for match in _SNIPPET_MARK.finditer(text):
        out += escape(text[pos : match.start()]) + Markup("<mark>{}</mark>").format(match.group(1))
        pos = match.end()
    return out + escape(text[pos:])


def _bucketed(days: list[tuple[str, tuple[int, ...]]]) -> list[tuple[str, tuple[int, ...]]]:
    """Counts per day (oldest first) summed per day over short spans, per month over longer ones, per year over
    a decade; gaps as zeros."""
    first, last = date.fromisoformat(days[0][0]), date.fromisoformat(days[-1][0])
    span = (last - first).days
    zero = tuple(0 for _ in days[0][1])
    if span <= 62:
        keys = [date.fromordinal(first.toordinal() + i).isoformat() for i in range(span + 1)]
        width = 10
    elif span > 3660:
        keys = [str(y) for y in range(first.year, last.year + 1)]
        width = 4
    else:
        months = (last.year - first.year) * 12 + last.month - first.month
        keys = [
            f"{first.year + (first.month - 1 + i) // 12:04d}-{(first.month - 1 + i) % 12 + 1:02d}"
            for i in range(months + 1)
        ]
        width = 7
    totals: dict[str, tuple[int, ...]] = {}
    for day, counts in days:
        before = totals.get(day[:width], zero)
        totals[day[:width]] = tuple(a + b for a, b in zip(before, counts, strict=True))
    return [(k, totals.get(k, zero)) for k in keys]


def _buckets(days: list[DayCount]) -> list[tuple[str, int]]:
    """Mentions per day over short spans, per month over longer ones, per year over a decade; gaps as 0."""
    return [(key, counts[0]) for key, counts in _bucketed([(d.day, (d.mentions,)) for d in days])]


def tone_buckets(days: list[ToneDay]) -> list[tuple[str, int, int, int]]:
    """Articles per tone (positif, negatif, netral) per day, month or year, as the mentions timeline buckets."""
    if not days:
        return []
    rows = _bucketed([(d.day, (d.positif, d.negatif, d.netral)) for d in days])
    return [(key, counts[0], counts[1], counts[2]) for key, counts in rows]


def timeline_svg(days: list[DayCount], label: str) -> Markup:
    """An inline SVG bar chart of mentions over time (no script, no inline style); empty for no data."""
    if not days:
        return Markup("")
    buckets = _buckets(days)
    width, height, top, bottom = 640, 150, 14, 22
    peak = max(n for _, n in buckets) or 1
    bar = width / len(buckets)
    parts = [
        Markup('<svg class="timeline" viewBox="0 0 {} {}" role="img" aria-label="{}">').format(width, height, label)
    ]
    for i, (key, n) in enumerate(buckets):
        h = (height - top - bottom) * n / peak
        x, y, w = i * bar + bar * 0.1, height - bottom - h, max(bar * 0.8, 0.5)
        parts.append(_BAR.format(x, y, w, h, key, n))
    parts.append(Markup('<line class="baseline" x1="0" y1="{0}" x2="{1}" y2="{0}"/>').format(height - bottom, width))
    parts.append(Markup('<text class="axis" x="0" y="{}">{}</text>').format(height - 6, buckets[0][0]))
    parts.append(Markup('<text class="axis end" x="{}" y="{}">{}</text>').format(width, height - 6, buckets[-1][0]))
    parts.append(Markup('<text class="axis" x="0" y="10">max {}</text>').format(peak))
    return Markup("").join(parts) + Markup("</svg>")


def tone_svg(buckets: list[tuple[str, int, int, int]], label: str, names: dict[str, str]) -> Markup:
    """An inline SVG of articles per tone over time: one stacked bar per bucket (positif, negatif, netral from
    the bottom), each part titled with its tone's name (`names`) and count; empty for no data."""
    if not buckets:
        return Markup("")
    width, height, top, bottom = 640, 150, 14, 22
    peak = max(sum(row[1:]) for row in buckets) or 1
    bar = width / len(buckets)
    parts = [
        Markup('<svg class="timeline tone-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">').format(
            width, height, label
        )
    ]
    for i, (key, *counts) in enumerate(buckets):
        base: float = height - bottom
        for tone, n in zip(TONES, counts, strict=True):
            h = (height - top - bottom) * n / peak
            if n:
                parts.append(_TONE_BAR.format(tone, i * bar + bar * 0.1, base - h, max(bar * 0.8, 0.5), h,
                                              key, names.get(tone, tone), n))  # fmt: skip
            base -= h
    parts.append(Markup('<line class="baseline" x1="0" y1="{0}" x2="{1}" y2="{0}"/>').format(height - bottom, width))
    parts.append(Markup('<text class="axis" x="0" y="{}">{}</text>').format(height - 6, buckets[0][0]))
    parts.append(Markup('<text class="axis end" x="{}" y="{}">{}</text>').format(width, height - 6, buckets[-1][0]))
    parts.append(Markup('<text class="axis" x="0" y="10">max {}</text>').format(peak))
    return Markup("").join(parts) + Markup("</svg>")
