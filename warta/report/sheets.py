"""A report as an XLSX workbook (openpyxl): one sheet per table, a header row each, links to the web app."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from warta.report.data import Report, Speaker
from warta.report.words import GROUP_NAMES, TONE_NAMES, fdate, link, sections, span, title

Row = list[Any]


def tables(report: Report, base_url: str = "") -> dict[str, tuple[Row, list[Row]]]:
    """Every table of the report by sheet name: its header and rows."""
    heads = sections(report)
    found: dict[str, tuple[Row, list[Row]]] = {
        heads["summary"]: (["Ukuran", "Periode ini", "Sebelumnya"], _summary(report)),
        heads["volume"]: (["Tanggal", "Berita", "Positif", "Negatif", "Netral"],
                          [[d.day, d.articles, d.tone.positif, d.tone.negatif, d.tone.netral] for d in report.days]),
        heads["isus"]: (["Isu", "Berita", "Sebelumnya", "Positif", "Negatif", "Netral", "Frasa kunci", "Pernyataan",
                         "Narasumber", "Tautan"],
                        [[i.label, i.articles.now, i.articles.before, i.tone.positif, i.tone.negatif, i.tone.netral,
                          ", ".join(i.phrases), i.statement.text if i.statement else "",
                          (i.statement.speaker_name or "") if i.statement else "",
                          link(base_url, i.statement.article_id) if i.statement else ""] for i in report.isus]),
        heads["speakers"]: _said(report.speakers, base_url),
    }  # fmt: skip
    if "officials" in heads:
        found[heads["officials"]] = _said(report.officials, base_url)
    found[heads["bodies"]] = (
        ["Lembaga", "Kelompok", "Berita", "Sebelumnya", "Positif", "Negatif", "Netral"],
        [[b.name, GROUP_NAMES.get(b.group, b.group), b.articles.now, b.articles.before, b.tone.positif,
          b.tone.negatif, b.tone.netral] for b in report.bodies],
    )  # fmt: skip
    outlets = [[o.name, o.articles.now, o.articles.before, o.negatif] for o in report.outlets]
    found[heads["outlets"]] = (["Media", "Berita", "Sebelumnya", "Negatif"], outlets)
    found[heads["negatives"]] = (
        ["Judul", "Media", "Tanggal", "Skor nada", "Tautan"],
        [
            [a.title or a.id, a.source or "", fdate(a.published), a.score, link(base_url, a.id)]
            for a in report.negatives
        ],
    )
    return found


def _summary(report: Report) -> list[Row]:
    rows: list[Row] = [["Periode", span(report.window), span(report.previous)],
                       ["Berita", report.volume.now, report.volume.before]]  # fmt: skip
    rows += [[name, getattr(report.tone, t), getattr(report.tone_before, t)] for t, name in TONE_NAMES.items()]
    return rows


def _said(people: list[Speaker], base_url: str) -> tuple[Row, list[Row]]:
    """One row per statement (a person without one: a row without it)."""
    rows: list[Row] = []
    for s in people:
        head = [s.name, "; ".join(s.roles), s.quotes.now, s.quotes.before, s.articles]
        rows += [[*head, q.text, fdate(q.published), link(base_url, q.article_id)] for q in s.said] or [head]
    return ["Nama", "Jabatan", "Kutipan", "Sebelumnya", "Berita", "Pernyataan", "Tanggal", "Tautan"], rows


def to_xlsx(report: Report, base_url: str = "") -> bytes:
    """The workbook's bytes: a sheet per table, the report's title in its properties."""
    book = Workbook()
    book.remove(book.active)
    book.properties.title = f"{title(report)} ({span(report.window)})"
    for name, (head, rows) in tables(report, base_url).items():
        sheet = book.create_sheet(name[:31])
        sheet.append(head)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
