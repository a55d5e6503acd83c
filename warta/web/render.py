"""HTML fragments built in Python: the highlighted article text, search snippets and the timeline chart.

Every piece of user data goes through `markupsafe.escape` (directly or through `Markup.format`); only the
fixed tags written here are markup. Nothing else in the web app marks text as safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

from warta.store.queries import TONES, DayCount, IsuDay, ToneDay

_TYPE_CLASS = re.compile(r"[a-z_]{1,40}")
_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")
_PARAGRAPH = re.compile(r"\n\s*\n")
_TONE_BAR = Markup(
    '<rect class="bar tone-{}" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"><title>{}: {} {}</title></rect>'
)
_BAR = Markup('<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"><title>{}: {}</title></rect>')
_PEAK_BAR = Markup(
    '<rect class="bar peak" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"><title>{}: {} ({})</title></rect>'
)
_PEAK_LABEL = Markup('<text class="peak-label" x="{:.1f}" y="{:.1f}" text-anchor="{}">▲ {} · {}</text>')
MIN_VOLUME_DAYS = 7  # an isu's volume chart spans at least a week


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
    return _bars_svg(_buckets(days), label) if days else Markup("")


def volume_svg(days: list[IsuDay], label: str, peak_day: str | None, peak_text: str) -> Markup:
    """An isu's articles per day (per month or year over long spans) as the mentions timeline draws them, the
    bucket of `peak_day` drawn apart and named `peak_text` above its bar (not by its colour alone); a short
    isu is widened to a week so that one day is not one wide bar. Empty for no dated article."""
    if not days:
        return Markup("")
    first, last = date.fromisoformat(days[0].day), date.fromisoformat(days[-1].day)
    pad = max(0, MIN_VOLUME_DAYS - 1 - (last - first).days) // 2
    ends = [(first - timedelta(days=pad)).isoformat(), (last + timedelta(days=pad)).isoformat()]
    counts: dict[str, tuple[int, ...]] = {**{end: (0,) for end in ends}, **{d.day: (d.articles,) for d in days}}
    rows = sorted(counts.items())
    buckets = [(key, counts[0]) for key, counts in _bucketed(rows)]
    peak = next((key for key, _ in buckets if peak_day and peak_day.startswith(key)), None)
    return _bars_svg(buckets, label, peak, peak_text)


def _bars_svg(buckets: list[tuple[str, int]], label: str, peak: str | None = None, peak_text: str = "") -> Markup:
    """One bar per bucket with its key and count as its title; the `peak` bucket's bar classed `peak` and
    labelled with `peak_text` and its count."""
    width, height, top, bottom = 640, 150, 26 if peak else 14, 22
    most = max(n for _, n in buckets) or 1
    bar = width / len(buckets)
    parts = [
        Markup('<svg class="timeline" viewBox="0 0 {} {}" role="img" aria-label="{}">').format(width, height, label)
    ]
    for i, (key, n) in enumerate(buckets):
        h = (height - top - bottom) * n / most
        x, y, w = i * bar + bar * 0.1, height - bottom - h, max(bar * 0.8, 0.5)
        if key == peak:
            parts.append(_PEAK_BAR.format(x, y, w, h, key, n, peak_text))
            middle = x + w / 2
            anchor = "start" if middle < 80 else "end" if middle > width - 80 else "middle"
            parts.append(_PEAK_LABEL.format(middle, y - 6, anchor, peak_text, n))
        else:
            parts.append(_BAR.format(x, y, w, h, key, n))
    named = dict(buckets).get(peak or "") == most  # the peak's label gives the largest count: no "max" then
    parts += _axes(buckets[0][0], buckets[-1][0], None if named else most, width, height - bottom)
    return Markup("").join(parts) + Markup("</svg>")


def _axes(first: str, last: str, most: int | None, width: int, base: int) -> list[Markup]:
    """A chart's baseline at `base`, its first and last keys below it, and its largest value (if given) at the
    top."""
    parts = [
        Markup('<line class="baseline" x1="0" y1="{0}" x2="{1}" y2="{0}"/>').format(base, width),
        Markup('<text class="axis" x="0" y="{}">{}</text>').format(base + 16, first),
        Markup('<text class="axis end" x="{}" y="{}">{}</text>').format(width, base + 16, last),
    ]
    return parts + ([Markup('<text class="axis" x="0" y="10">max {}</text>').format(most)] if most else [])


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
    parts += _axes(buckets[0][0], buckets[-1][0], peak, width, height - bottom)
    return Markup("").join(parts) + Markup("</svg>")
