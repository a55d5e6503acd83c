"""Reports (`warta.report`) over hand-built articles whose counts are known, on both backends: the period and the
one before, volume and tone, tokoh and officials, bodies with tone, outlets, the negative articles most relevant
first; a watchlist's report; Markdown and XLSX read back; the `warta report` command's one-line errors; the API.

Region 35.16 (Kabupaten Mojokerto). The week is 8–14 March 2026, the week before 1–7 March:

    c1 03-10 negatif  a.test  Budi quoted (banjir)          p1 03-02 netral   a.test  Budi quoted
    c2 03-12 positif  b.test  Budi quoted                   p2 03-05 negatif  b.test  Dinkes (negatif; banjir)
    c3 03-14 negatif  a.test  Ani quoted; Dinkes (negatif)
    c4 03-14 netral   a.test  Dinkes (netral)
    o1 03-11 negatif  c.test  Kota Surabaya only (banjir)   old 02-20 netral a.test (before both weeks)
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

from warta.cli import main
from warta.errors import InputError, NotFoundError
from warta.model import Article, Entity, Mention, Quote, Role, Tone
from warta.report.data import Change, ReportScope, build_report, representative
from warta.report.render import render, to_markdown
from warta.report.sheets import tables
from warta.report.words import SECTIONS, span
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore
from warta.watch import Watchlist

if TYPE_CHECKING:
    from tests.conftest import Databases

DAY = dt.date(2026, 3, 14)
REGION = Entity("city-mojokerto", "Kabupaten Mojokerto", "city", kb={"region_code": "35.16"})
SURABAYA = Entity("city-surabaya", "Kota Surabaya", "city", kb={"region_code": "35.78"})
DINKES = "org-dinkes"
KADIN = Role("Kepala Dinas Kesehatan", "Dinas Kesehatan Kabupaten Mojokerto", DINKES)


def tone(label: str) -> Tone:
    return Tone(label, {"positif": 0.6, "negatif": -0.7, "netral": 0.0}[label], 0.9)


def article(aid: str, day: str, label: str, source: str, speaker: str | None = None, body: str | None = None,
            region: Entity = REGION, words: str = "") -> Article:  # fmt: skip
    """An article of `region`, quoting `speaker` ("budi", "ani") and naming the Dinkes with tone `body`."""
    text = f"{region.name} hari ini. {words}Warga berkumpul."
    entities = [region]
    mentions = [Mention(0, len(region.name), region.name, region.type, region.id)]
    quotes = []
    if speaker:
        said = f' "Kami bekerja untuk warga {aid}," kata {speaker.capitalize()}.'
        start = len(text) + 2
        text += said
        roles = (KADIN,) if speaker == "budi" else ()
        entities.append(Entity(f"person-{speaker}", speaker.capitalize(), "person", roles=roles))
        quotes.append(Quote(f"q-{aid}", start, start + len(f"Kami bekerja untuk warga {aid},") - 1,
                            f"Kami bekerja untuk warga {aid}", "direct", "kata", f"person-{speaker}"))  # fmt: skip
    if body:
        name = "Dinas Kesehatan Kabupaten Mojokerto"
        mentions.append(Mention(len(text) + 1, len(text) + 1 + len(name), name, "government_body", DINKES))
        text += " " + name + "."
        entities.append(Entity(DINKES, name, "government_body", kb={"region_code": "35.16"}, tone=tone(body)))
    return Article(aid, text, title=f"Judul {aid}", source=source, published=f"{day}T08:00:00+07:00",
                   url=f"https://{source}/{aid}", mentions=tuple(mentions), entities=tuple(entities),
                   quotes=tuple(quotes), tone=tone(label))  # fmt: skip


ARTICLES = [
    article("c1", "2026-03-10", "negatif", "a.test", "budi", words="Banjir melanda. "),
    article("c2", "2026-03-12", "positif", "b.test", "budi"),
    article("c3", "2026-03-14", "negatif", "a.test", "ani", body="negatif"),
    article("c4", "2026-03-14", "netral", "a.test", body="netral"),
    article("p1", "2026-03-02", "netral", "a.test", "budi"),
    article("p2", "2026-03-05", "negatif", "b.test", body="negatif", words="Banjir melanda. "),
    article("o1", "2026-03-11", "negatif", "c.test", region=SURABAYA, words="Banjir melanda. "),
    article("old", "2026-02-20", "netral", "a.test"),
]


@pytest.fixture
def known(store: SQLStore) -> SQLStore:
    store.save_watchlist(Watchlist(name="Banjir", keywords=("banjir",)))
    store.save_many(ARTICLES)
    return store


def test_weekly_region_report_compares_with_the_week_before(known: SQLStore) -> None:
    report = build_report(known, ReportScope(region="35.16", period="week", date=DAY))
    assert (report.window.since, report.window.until) == ("2026-03-08", "2026-03-14")
    assert (report.previous.since, report.previous.until) == ("2026-03-01", "2026-03-07")
    assert report.volume == Change(4, 2) and report.volume.percent == 100.0
    assert (report.tone.positif, report.tone.negatif, report.tone.netral) == (1, 2, 1)
    assert (report.tone_before.positif, report.tone_before.negatif, report.tone_before.netral) == (0, 1, 1)
    assert [(d.day.isoformat(), d.articles) for d in report.days if d.articles] == [
        ("2026-03-10", 1), ("2026-03-12", 1), ("2026-03-14", 2)]  # fmt: skip
    assert len(report.days) == 7 and sum(d.articles for d in report.days_before) == 2


def test_tokoh_officials_bodies_outlets_and_negatives(known: SQLStore) -> None:
    report = build_report(known, ReportScope(region="35.16", period="week", date=DAY))
    assert [(s.name, s.quotes) for s in report.speakers] == [("Budi", Change(2, 1)), ("Ani", Change(1, 0))]
    assert [q.article_id for q in report.speakers[0].said] == ["c2", "c1"]  # newest first
    budi = report.officials[0]
    assert budi.name == "Budi" and budi.quotes == Change(2, 1) and KADIN.title in budi.roles[0]
    [dinkes] = report.bodies
    assert (dinkes.id, dinkes.group, dinkes.articles) == (DINKES, "own", Change(2, 1))
    assert (dinkes.tone.positif, dinkes.tone.negatif, dinkes.tone.netral) == (0, 1, 1)
    assert [(o.name, o.articles, o.negatif) for o in report.outlets] == [
        ("a.test", Change(3, 1), 2), ("b.test", Change(1, 1), 0)]  # fmt: skip
    assert [a.id for a in report.negatives] == ["c3", "c1"]  # c3 names the region and its Dinkes: more relevant
    assert sum(i.articles.now for i in report.isus) == 4  # every article of the week is in one isu


def test_day_and_month_periods(known: SQLStore) -> None:
    day = build_report(known, ReportScope(region="35.16", period="day", date=DAY))
    assert day.volume == Change(2, 0) and day.previous.until == "2026-03-13"
    month = build_report(known, ReportScope(region="35.16", period="month", date=DAY))
    assert month.window.since == "2026-02-13" and month.volume == Change(7, 0)


def test_watchlist_report_reads_its_matches(known: SQLStore) -> None:
    report = build_report(known, ReportScope(watchlist="Banjir", period="week", date=DAY))
    assert report.kind == "watchlist" and report.title == "Pantauan Banjir"
    assert report.volume == Change(2, 1)  # c1 and o1 (another region too); p2 the week before
    assert {a.id for a in report.negatives} == {"c1", "o1"} and report.officials == []
    with pytest.raises(NotFoundError):
        build_report(known, ReportScope(watchlist="Tidak ada", period="week", date=DAY))


def test_bad_scopes(known: SQLStore) -> None:
    for scope in (ReportScope(), ReportScope(region="35.16", watchlist="Banjir"), ReportScope(region="abc"),
                  ReportScope(region="35.16", period="year")):  # fmt: skip
        with pytest.raises(InputError):
            build_report(known, scope)
    with pytest.raises(NotFoundError):
        build_report(known, ReportScope(region="99.99"))


def test_markdown_and_xlsx_hold_the_tables(known: SQLStore) -> None:
    report = build_report(known, ReportScope(region="35.16", period="week", date=DAY))
    text = to_markdown(report, "http://warta.test")
    assert text.startswith("# Laporan Mingguan: Kabupaten Mojokerto\n")
    assert all(f"## {heading}" in text for heading in SECTIONS.values())
    assert "8–14 Maret 2026" in text and "1–7 Maret 2026" in text and "naik 100% dari 2" in text
    assert "[Judul c3](http://warta.test/artikel/c3)" in text and "| a.test | 3 | 1 | +200% | 2 |" in text
    book = load_workbook(io.BytesIO(render(report, "xlsx", "http://warta.test")))
    assert book.sheetnames == list(SECTIONS.values())
    outlets = [list(row) for row in book["Media"].iter_rows(values_only=True)]
    assert outlets == [["Media", "Berita", "Sebelumnya", "Negatif"], ["a.test", 3, 1, 2], ["b.test", 1, 1, 0]]
    negatives = list(book["Perlu ditanggapi"].iter_rows(values_only=True))
    assert negatives[1][0] == "Judul c3" and negatives[1][4] == "http://warta.test/artikel/c3"
    assert set(tables(report)) == set(book.sheetnames)


def test_representative_statement_holds_the_topic_words() -> None:
    quote = queries.ScopedQuote
    quotes = [quote("p-a", "A", "Kami akan membangun tanggul baru tahun depan.", None, "x1", None, None),
              quote("p-b", "B", "Tanggul jebol karena hujan deras semalam di Sooko.", None, "x2", None, None),
              quote("p-a", "A", "Terima kasih.", None, "x3", None, None)]  # fmt: skip
    best = representative(quotes, ["Banjir Sooko · tanggul jebol", "tanggul jebol", "hujan deras"])
    assert best is not None and best.article_id == "x2"
    assert representative([], ["banjir"]) is None


def test_span_in_indonesian() -> None:
    from warta.report.data import Window

    assert span(Window(dt.date(2026, 11, 28), dt.date(2026, 12, 4))) == "28 November – 4 Desember 2026"
    assert span(Window(dt.date(2026, 12, 7), dt.date(2026, 12, 7))) == "7 Desember 2026"
    assert span(Window(dt.date(2025, 12, 29), dt.date(2026, 1, 4))) == "29 Desember 2025 – 4 Januari 2026"


def test_cli_writes_the_file_and_says_bad_input_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "w.db")
    with open_store(db) as store:
        store.save_many(ARTICLES)
    out = tmp_path / "laporan.md"
    assert main(["--db", db, "report", "--region", "35.16", "--period", "week", "--date", "2026-03-14",
                 "--format", "md", "--out", str(out), "--base-url", "http://warta.test"]) == 0  # fmt: skip
    assert "## Perlu ditanggapi" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    bad = {
        "--region 99.99": "no region with code '99.99'",
        "--region 35.16 --date 2026-02-30": "--date '2026-02-30': not a date",
        f"--region 35.16 --out {tmp_path}/no/such/laporan.md": "no folder",
        f"--region 35.16 --out {tmp_path}": "is a folder",
        "--watchlist Tidak": "no watchlist",
    }
    for args, message in bad.items():
        argv = ["--db", db, "report", *args.split()]
        if "--out" not in args:
            argv += ["--out", str(tmp_path / "x.md")]
        assert main(argv) != 0
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err and "Traceback" not in err, err
    assert not (tmp_path / "x.md").exists()


def test_api_returns_each_format(databases: Databases) -> None:
    from fastapi.testclient import TestClient

    from warta.app import create_app

    location = databases.new()
    with open_store(location) as opened:
        opened.save_many(ARTICLES)
    week = "region=35.16&period=week&date=2026-03-14"
    with TestClient(create_app(location), base_url="http://localhost") as client:
        for fmt, media in (("md", "text/markdown"), ("html", "text/html"), ("xlsx", "application/vnd.openxml"),
                           ("pdf", "application/pdf")):  # fmt: skip
            response = client.get(f"/api/v1/report?{week}&format={fmt}")
            assert response.status_code == 200 and response.headers["content-type"].startswith(media)
            disposition = response.headers["content-disposition"]
            assert disposition == f'attachment; filename="laporan-35.16-week-2026-03-14.{fmt}"'
        text = client.get(f"/api/v1/report?{week}&format=md").text
        assert "(http://localhost/artikel/c3)" in text
        assert client.get("/api/v1/report?region=99.99").status_code == 404
        answer = client.get("/api/v1/report?region=35.16&watchlist=Banjir")
        assert answer.status_code == 400 and "region" in answer.json()["error"]["message"]
        assert client.get(f"/api/v1/report?{week}&format=doc").status_code == 422
