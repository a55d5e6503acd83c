"""HTML fragments built in Python: the highlighted article text, search snippets and the timeline chart.

Every piece of user data goes through `markupsafe.escape` (directly or through `Markup.format`); only the
fixed tags written here are markup. Nothing else in the web app marks text as safe.
"""

from __future__ import annotations

import hashlib
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
MIN_SLOTS = 7  # a chart of fewer buckets draws them as narrow as a week's days would be, centred
SHORT_MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


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


def bucket_label(key: str, lang: str = "id") -> str:
    """A chart bucket's key as people write it: "11 Mar 2025" (a day), "Nov 2023" (a month), "2024" (a year)."""
    months = SHORT_MONTHS.get(lang, SHORT_MONTHS["id"])
    try:
        if len(key) == 10:
            day = date.fromisoformat(key)
            return f"{day.day} {months[day.month - 1]} {day.year}"
        if len(key) == 7:
            return f"{months[int(key[5:7]) - 1]} {key[:4]}"
    except (ValueError, IndexError):
        pass
    return key


def _padded(
    rows: list[tuple[str, tuple[int, ...]]], since: str | None, until: str | None
) -> list[tuple[str, tuple[int, ...]]]:
    """Dated counts (oldest first) stretched to the period `since`..`until` with zeros at its ends, so that a
    chart spans the period asked for."""
    zero = tuple(0 for _ in rows[0][1])
    ends = [(day, zero) for day in (since, until) if day and day not in dict(rows)]
    return sorted(rows + ends)


def _buckets(days: list[DayCount], since: str | None = None, until: str | None = None) -> list[tuple[str, int]]:
    """Mentions per day over short spans, per month over longer ones, per year over a decade; gaps as 0."""
    rows = _padded([(d.day, (d.mentions,)) for d in days], since, until)
    return [(key, counts[0]) for key, counts in _bucketed(rows)]


def tone_buckets(
    days: list[ToneDay], since: str | None = None, until: str | None = None
) -> list[tuple[str, int, int, int]]:
    """Articles per tone (positif, negatif, netral) per day, month or year, as the mentions timeline buckets;
    over the period `since`..`until` when given."""
    if not days:
        return []
    rows = _bucketed(_padded([(d.day, (d.positif, d.negatif, d.netral)) for d in days], since, until))
    return [(key, counts[0], counts[1], counts[2]) for key, counts in rows]


def timeline_svg(
    days: list[DayCount], label: str, since: str | None = None, until: str | None = None, lang: str = "id"
) -> Markup:
    """An inline SVG bar chart of mentions over time (over the period `since`..`until` when given; no script,
    no inline style); empty for no data."""
    return _bars_svg(_buckets(days, since, until), label, lang=lang) if days else Markup("")


def volume_svg(days: list[IsuDay], label: str, peak_day: str | None, peak_text: str, lang: str = "id") -> Markup:
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
    return _bars_svg(buckets, label, peak, peak_text, lang)


def _bars_svg(
    buckets: list[tuple[str, int]], label: str, peak: str | None = None, peak_text: str = "", lang: str = "id"
) -> Markup:
    """One bar per bucket with its date and count as its title; the `peak` bucket's bar classed `peak` and
    labelled with `peak_text` and its count. Fewer than MIN_SLOTS buckets are drawn as narrow bars, centred."""
    width, height, top, bottom = 640, 150, 26 if peak else 14, 22
    most = max(n for _, n in buckets) or 1
    bar = width / max(len(buckets), MIN_SLOTS)
    left = (width - bar * len(buckets)) / 2
    table_id = _chart_id(label, buckets)
    parts = [
        Markup('<svg class="timeline" viewBox="0 0 {} {}" role="img" aria-label="{}" aria-describedby="{}">').format(
            width, height, label, table_id
        )
    ]
    for i, (key, n) in enumerate(buckets):
        h = (height - top - bottom) * n / most
        x, y, w = left + i * bar + bar * 0.1, height - bottom - h, max(bar * 0.8, 0.5)
        if key == peak:
            parts.append(_PEAK_BAR.format(x, y, w, h, bucket_label(key, lang), n, peak_text))
            middle = x + w / 2
            anchor = "start" if middle < 80 else "end" if middle > width - 80 else "middle"
            parts.append(_PEAK_LABEL.format(middle, y - 6, anchor, peak_text, n))
        else:
            parts.append(_BAR.format(x, y, w, h, bucket_label(key, lang), n))
    named = dict(buckets).get(peak or "") == most  # the peak's label gives the largest count: no "max" then
    ends = (bucket_label(buckets[0][0], lang), bucket_label(buckets[-1][0], lang))
    parts += _axes(*ends, None if named else most, width, height - bottom, left)
    rows: list[tuple[str, tuple[int, ...]]] = [(bucket_label(key, lang), (n,)) for key, n in buckets if n]
    return Markup("").join(parts) + Markup("</svg>") + _figures_table(table_id, label, [], rows)


def _axes(first: str, last: str, most: int | None, width: int, base: int, left: float = 0) -> list[Markup]:
    """A chart's baseline at `base`, its first and last dates below it (from `left`, where its bars start; one
    date, centred, when they are the same), and its largest value (if given) at the top."""
    parts = [Markup('<line class="baseline" x1="0" y1="{0}" x2="{1}" y2="{0}"/>').format(base, width)]
    if first == last:
        parts.append(Markup('<text class="axis" x="{:.1f}" y="{}" text-anchor="middle">{}</text>').format(
            width / 2, base + 16, first))  # fmt: skip
    else:
        parts += [
            Markup('<text class="axis" x="{:.1f}" y="{}">{}</text>').format(left, base + 16, first),
            Markup('<text class="axis end" x="{:.1f}" y="{}">{}</text>').format(width - left, base + 16, last),
        ]
    return parts + ([Markup('<text class="axis" x="0" y="10">max {}</text>').format(most)] if most else [])


def tone_svg(buckets: list[tuple[str, int, int, int]], label: str, names: dict[str, str], lang: str = "id") -> Markup:
    """An inline SVG of articles per tone over time: one stacked bar per bucket (positif, negatif, netral from
    the bottom), each part titled with its tone's name (`names`) and count; empty for no data."""
    if not buckets:
        return Markup("")
    width, height, top, bottom = 640, 150, 14, 22
    peak = max(sum(row[1:]) for row in buckets) or 1
    bar = width / max(len(buckets), MIN_SLOTS)
    left = (width - bar * len(buckets)) / 2
    table_id = _chart_id(label, buckets)
    parts = [
        Markup(
            '<svg class="timeline tone-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" aria-describedby="{}">'
        ).format(width, height, label, table_id)
    ]
    for i, (key, *counts) in enumerate(buckets):
        base: float = height - bottom
        for tone, n in zip(TONES, counts, strict=True):
            h = (height - top - bottom) * n / peak
            if n:
                parts.append(_TONE_BAR.format(tone, left + i * bar + bar * 0.1, base - h, max(bar * 0.8, 0.5), h,
                                              bucket_label(key, lang), names.get(tone, tone), n))  # fmt: skip
            base -= h
    parts += _axes(bucket_label(buckets[0][0], lang), bucket_label(buckets[-1][0], lang), peak, width,
                   height - bottom, left)  # fmt: skip
    rows = [(bucket_label(key, lang), tuple(counts)) for key, *counts in buckets if any(counts)]
    table = _figures_table(table_id, label, [names.get(tone, tone) for tone in TONES], rows)
    return Markup("").join(parts) + Markup("</svg>") + table


def _chart_id(label: str, buckets: list[Any]) -> str:
    """A stable id for a chart's table of figures, from what the chart shows."""
    return "chart-" + hashlib.sha1(repr((label, buckets)).encode()).hexdigest()[:10]


def _figures_table(table_id: str, label: str, columns: list[str], rows: list[tuple[str, tuple[int, ...]]]) -> Markup:
    """A chart's figures as a visually hidden table (its text alternative, named by the chart's
    aria-describedby): one row per bucket with a count, `columns` naming the counts where there are several."""
    out = Markup('<table class="sr-only" id="{}"><caption>{}</caption>').format(table_id, label)
    if columns:
        out += Markup("<thead><tr><td></td>{}</tr></thead>").format(
            Markup("").join(Markup('<th scope="col">{}</th>').format(c) for c in columns)
        )
    for key, counts in rows:
        cells = Markup("").join(Markup("<td>{}</td>").format(n) for n in counts)
        out += Markup('<tr><th scope="row">{}</th>{}</tr>').format(key, cells)
    return out + Markup("</table>")
