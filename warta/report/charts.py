"""A report's charts, drawn as SVG by pygal: volume per day (beside the period before), the tone split (this
period and the one before) and the top isus. No script in them (`js=[]` and `no_scripts`, which drops the
configuration script pygal writes anyway), so that they render the same in a browser, inside an `<img>` and in
WeasyPrint's PDF."""

from __future__ import annotations

import base64
from typing import Any

import pygal
from pygal.style import Style

from warta.report.data import Report
from warta.report.words import TONE_NAMES, short_day

TONE_COLOURS = {"positif": "#2f855a", "negatif": "#c53030", "netral": "#718096"}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
LABEL_CHARS = 34  # an isu's label on its chart


def _style(colours: tuple[str, ...]) -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#2d3748",
        foreground_strong="#1a202c",
        foreground_subtle="#e2e8f0",
        opacity="1",
        opacity_hover="1",
        colors=colours,
        font_family=FONT,
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        value_font_size=11,
        title_font_size=14,
    )


def _config(colours: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    """What every chart shares: a fixed size, no XML declaration, no script, Indonesian "no data"."""
    return {
        "style": _style(colours),
        "disable_xml_declaration": True,
        "js": [],
        "no_data_text": "Tidak ada data",
        "width": 720,
        "height": 300,
        "explicit_size": True,
        "legend_at_bottom": True,
        "print_values": False,
        "print_zeroes": False,
        "show_y_guides": True,
        "margin": 12,
        **extra,
    }


def no_scripts(root: Any) -> Any:
    """A pygal XML filter: the SVG tree without its `<script>` elements."""
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _svg(chart: Any) -> str:
    """The chart's SVG text, scripts removed."""
    chart.add_xml_filter(no_scripts)
    return str(chart.render(is_unicode=True))


def volume_chart(report: Report) -> str:
    """Articles per day of the period, beside those of the same day of the period before."""
    top = max([d.articles for d in report.days + report.days_before] or [0])
    chart = pygal.Bar(**_config(("#2b6cb0", "#cbd5e0"), title="Berita per hari", y_labels=ticks(top)))
    chart.x_labels = [short_day(d.day) for d in report.days]
    chart.x_label_rotation = -35 if len(report.days) > 10 else 0
    chart.add("Periode ini", [d.articles for d in report.days])
    chart.add("Periode sebelumnya", [d.articles for d in report.days_before])  # day by day, first beside first
    return _svg(chart)


def tone_chart(report: Report) -> str:
    """The tone split of the period's articles, and of the period before's, as stacked bars."""
    colours = tuple(TONE_COLOURS.values())
    top = max(_toned(report.tone), _toned(report.tone_before))
    chart = pygal.HorizontalStackedBar(**_config(colours, title="Nada berita", height=220, print_values=True,
                                                 y_labels=ticks(top)))  # fmt: skip
    chart.x_labels = ["Periode ini", "Periode sebelumnya"]
    for tone, name in TONE_NAMES.items():
        values = [getattr(report.tone, tone), getattr(report.tone_before, tone)]
        chart.add(name, [v or None for v in values])
    return _svg(chart)


def isu_chart(report: Report) -> str:
    """The top isus by their articles in the period, split by tone."""
    colours = (*TONE_COLOURS.values(), "#cbd5e0")
    height = 120 + 34 * max(len(report.isus), 1)
    top = max([isu.articles.now for isu in report.isus] or [0])
    chart = pygal.HorizontalStackedBar(**_config(colours, title="Isu teratas (jumlah berita)", height=height,
                                                 y_labels=ticks(top)))  # fmt: skip
    ranked = list(reversed(report.isus))  # pygal draws the first label at the bottom
    chart.x_labels = [_short(f"{len(ranked) - n}. {isu.label}") for n, isu in enumerate(ranked)]
    for tone, name in TONE_NAMES.items():
        chart.add(name, [getattr(isu.tone, tone) or None for isu in ranked])
    chart.add("Tanpa nada", [(isu.articles.now - _toned(isu.tone)) or None for isu in ranked])
    return _svg(chart)


def _short(label: str) -> str:
    """A label cut to LABEL_CHARS characters (the isu's full label is in the report's text)."""
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def ticks(top: int) -> list[int]:
    """Whole-number ticks from 0 to at least `top` (at most about six)."""
    step = max(1, -(-max(top, 1) // 5))
    return list(range(0, max(top, 1) + step, step))


def _toned(tone: Any) -> int:
    return int(tone.positif + tone.negatif + tone.netral)


def data_uri(svg: str) -> str:
    """An SVG as a data: URI for an `<img>` (the web app's Content-Security-Policy allows data: images)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def charts(report: Report) -> dict[str, str]:
    """Every chart of the report as SVG text, by name."""
    return {"volume": volume_chart(report), "tone": tone_chart(report), "isus": isu_chart(report)}
