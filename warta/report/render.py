"""A report rendered: Markdown, HTML (a Jinja template with its CSS inlined, print-friendly), PDF (that HTML
through WeasyPrint) and XLSX (`warta.report.sheets`). Links point to the web app's article pages under
`base_url` ("" keeps them relative: `/artikel/ID`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from warta.errors import InputError
from warta.report import charts, sheets
from warta.report.data import IsuSummary, Report
from warta.report.words import (
    GROUP_NAMES,
    TONE_NAMES,
    change,
    fdate,
    link,
    number,
    sections,
    signed,
    span,
    title,
)

TEMPLATES = Path(__file__).parent / "templates"
CSS = TEMPLATES / "report.css"

# Each format: its media type and file extension.
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "md": ("text/markdown; charset=utf-8", "md"),
}

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def check_format(name: str) -> str:
    """A format of FORMATS, or InputError naming them."""
    if name not in FORMATS:
        raise InputError(f"format {name!r}: use one of {', '.join(FORMATS)}")
    return name


def render(report: Report, fmt: str, base_url: str = "") -> bytes:
    """The report in a format of FORMATS."""
    check_format(fmt)
    if fmt == "pdf":
        return to_pdf(report, base_url)
    if fmt == "xlsx":
        return sheets.to_xlsx(report, base_url)
    text = to_html(report, base_url) if fmt == "html" else to_markdown(report, base_url)
    return text.encode("utf-8")


def attachment(report: Report, fmt: str, base_url: str = "") -> tuple[bytes, str, str]:
    """The report as a file to download: its bytes, media type and Content-Disposition header."""
    return render(report, fmt, base_url), FORMATS[fmt][0], f'attachment; filename="{file_name(report, fmt)}"'


def file_name(report: Report, fmt: str) -> str:
    """ "laporan-35.16-week-2024-11-15.pdf"."""
    scope = report.code or "".join(c if c.isascii() and c.isalnum() else "-" for c in report.title.lower())
    return f"laporan-{scope}-{report.period}-{report.window.until}.{FORMATS[fmt][1]}"


def summary(report: Report) -> str:
    """The report in one sentence: volume, change, negative share and the top isu."""
    total = report.volume.now
    text = f"{number(total)} berita tentang {report.title} pada {span(report.window)} ({change(report.volume)})"
    if total:
        share = 100.0 * report.tone.negatif / total
        text += f"; {number(report.tone.negatif)} bernada negatif ({number(round(share, 1))}%)"
    if report.isus:
        text += f"; isu terbesar: {report.isus[0].label} ({report.isus[0].articles.now} berita)"
    return text + "."


def isu_line(isu: IsuSummary) -> str:
    """An isu in one line: its key phrases and who said what best represents it."""
    phrases = ", ".join(isu.phrases) if isu.phrases else "–"
    said = isu.statement
    if said is None:
        return f"Frasa kunci: {phrases}. Belum ada pernyataan yang dikutip."
    quote = said.text if len(said.text) <= 160 else said.text[:157].rstrip() + "…"
    return f"Frasa kunci: {phrases}. {said.speaker_name or 'Narasumber'}: “{quote}”"


def score(value: float | None) -> str:
    """A tone score as text: "−0,62"."""
    return "" if value is None else ("−" if value < 0 else "") + f"{abs(value):.2f}".replace(".", ",")


def _context(report: Report, base_url: str) -> dict[str, Any]:
    drawn = {name: charts.data_uri(svg) for name, svg in charts.charts(report).items()}
    return {
        "r": report,
        "title": title(report),
        "sections": sections(report),
        "charts": drawn,
        "summary": summary(report),
        "tone_names": TONE_NAMES,
        "group_names": GROUP_NAMES,
        "span": span,
        "fdate": fdate,
        "number": number,
        "change": change,
        "signed": signed,
        "score": score,
        "isu_line": isu_line,
        "link": lambda article_id: link(base_url, article_id),
    }


def html_body(report: Report, base_url: str = "") -> str:
    """The report's body (`<article class="laporan">`), for a page that brings the CSS (`CSS`) itself."""
    return _env.get_template("body.html").render(_context(report, base_url))


def to_html(report: Report, base_url: str = "") -> str:
    """The report as one self-contained HTML document (CSS inlined, charts as data: images)."""
    from markupsafe import Markup

    body = Markup(html_body(report, base_url))  # rendered, autoescaped, by body.html
    css = Markup(CSS.read_text(encoding="utf-8"))  # our own file
    return _env.get_template("report.html").render(r=report, title=title(report), span=span, body=body, css=css)


def to_pdf(report: Report, base_url: str = "") -> bytes:
    """The report's HTML as PDF (WeasyPrint); A4, page numbers in the footer."""
    from weasyprint import HTML

    pdf = HTML(string=to_html(report, base_url), base_url=str(TEMPLATES)).write_pdf()
    return bytes(pdf or b"")


def to_markdown(report: Report, base_url: str = "") -> str:
    """The report as Markdown: the same sections, tables as pipe tables (no charts: their figures are in the
    tables)."""
    heads = sections(report)
    out = [f"# {title(report)}", "", f"Periode {span(report.window)}, dibandingkan dengan {span(report.previous)}. "
           f"Dibuat {fdate(report.made)}.", ""]  # fmt: skip
    out += [f"## {heads['summary']}", "", summary(report), ""]
    rows = [[name, number(getattr(report.tone, t)), number(getattr(report.tone_before, t))]
            for t, name in TONE_NAMES.items()]  # fmt: skip
    out += _table(["Nada", "Periode ini", "Sebelumnya"], rows)
    out += [f"## {heads['volume']}", "", f"{number(report.volume.now)} berita; {change(report.volume)}.", ""]
    out += _table(["Tanggal", "Berita", "Positif", "Negatif", "Netral"],
                  [[fdate(d.day), str(d.articles), str(d.tone.positif), str(d.tone.negatif), str(d.tone.netral)]
                   for d in report.days])  # fmt: skip
    out += [f"## {heads['isus']}", ""]
    for n, isu in enumerate(report.isus, 1):
        out += [
            f"{n}. **{_md(isu.label)}**: {isu.articles.now} berita ({signed(isu.articles)}); positif "
            f"{isu.tone.positif}, negatif {isu.tone.negatif}, netral {isu.tone.netral}. {_md(isu_line(isu))}"
        ]
    out += ["" if report.isus else "Tidak ada isu pada periode ini.", ""]
    out += [f"## {heads['speakers']}", "", *_speakers_md(report.speakers, base_url)]
    if "officials" in heads:
        out += [f"## {heads['officials']}", "", *_speakers_md(report.officials, base_url)]
    out += [f"## {heads['bodies']}", ""]
    out += _table(["Lembaga", "Kelompok", "Berita", "Sebelumnya", "Positif", "Negatif", "Netral"],
                  [[b.name, GROUP_NAMES.get(b.group, b.group), str(b.articles.now), str(b.articles.before),
                    str(b.tone.positif), str(b.tone.negatif), str(b.tone.netral)] for b in report.bodies])  # fmt: skip
    out += [f"## {heads['outlets']}", ""]
    out += _table(["Media", "Berita", "Sebelumnya", "Perubahan", "Negatif"],
                  [[o.name, str(o.articles.now), str(o.articles.before), signed(o.articles), str(o.negatif)]
                   for o in report.outlets])  # fmt: skip
    out += [f"## {heads['negatives']}", ""]
    out += [f"- [{_md(a.title or a.id)}]({link(base_url, a.id)}) — {a.source or ''}, {fdate(a.published)}"
            for a in report.negatives] or ["Tidak ada berita bernada negatif pada periode ini."]  # fmt: skip
    return "\n".join(out).rstrip() + "\n"


def _speakers_md(people: list[Any], base_url: str) -> list[str]:
    out: list[str] = []
    for s in people:
        roles = f" ({_md('; '.join(s.roles))})" if s.roles else ""
        out += [f"### {_md(s.name)}{roles}", "", f"{s.quotes.now} kutipan dalam {s.articles} berita "
                f"(sebelumnya {s.quotes.before}).", ""]  # fmt: skip
        out += [f"> “{_md(q.text)}” — [{_md(q.title or q.article_id)}]({link(base_url, q.article_id)})\n"
                for q in s.said]  # fmt: skip
    return out or ["Tidak ada.", ""]


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    """A pipe table, or a line saying it is empty."""
    if not rows:
        return ["Tidak ada data pada periode ini.", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _md(text: str) -> str:
    """Text safe inside Markdown: pipes, brackets and line breaks escaped."""
    for char in ("\\", "|", "[", "]", "*", "_", "<", ">"):
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())
