"""`warta.evaluation.tone_real`: tone gold on real text, scored on team-written mini pages and a mini PFSA-ID
file built in tmp_path (no data from ../shared), and the repo's gold files checked for format and for holding
no text."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from warta.errors import InputError
from warta.evaluation import pfsa
from warta.evaluation.real_gold import opening_key
from warta.evaluation.tone_news import target_labels
from warta.evaluation.tone_real import (
    MISSING,
    Confusion,
    GoldRow,
    PageText,
    TargetQuery,
    evaluate,
    match_sentences,
    page_text,
    quote_text,
    read_rows,
)
from warta.pipeline import Pipeline

# Team-written pages: one sentence per paragraph, the tone in a cue word the fake predictor below reads.
PAGE_ONE = [
    "Pemerintah Kota Mawar meresmikan jembatan baru yang kokoh dan megah.",
    "Warga menyambut gembira jembatan itu karena jarak ke pasar menjadi singkat.",
    "Jembatan tersebut memiliki panjang delapan puluh meter.",
    "Sayangnya, proyek itu sempat terlambat dua bulan akibat hujan deras.",
]
PAGE_THREE = [
    "Polres Melati menangkap dua tersangka pencurian kabel di gudang PT Lampu Terang.",
    "Kerugian perusahaan itu ditaksir mencapai ratusan juta rupiah.",
    "Kapolres Melati memuji warga yang cepat melapor kepada polisi.",
]
CUES = {"gembira": "positif", "megah": "positif", "memuji": "positif", "terlambat": "negatif", "kerugian": "negatif"}


def _predict(texts: list[str]) -> list[str]:
    """A fake predictor: the label of the first cue word in the text, else netral."""
    labels = []
    for text in texts:
        found = [label for cue, label in CUES.items() if cue in text.casefold()]
        labels.append(found[0] if found else "netral")
    return labels


def _html(title: str, sentences: list[str]) -> str:
    body = "".join(f"<p>{s}</p>" for s in sentences)
    head = f'<html lang="id"><head><title>{title}</title></head>'
    return f"{head}<body><article><h1>{title}</h1>{body}</article></body></html>"


def _row(source: str, part: str, sentence: str, text: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"source": source, "part": part, "key": opening_key(sentence), "start": text.index(sentence),
            "label": label, **extra}  # fmt: skip


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A pages folder (one plain page, one gzip page) and a gold folder with rows for both."""
    pages, gold = tmp_path / "html", tmp_path / "gold"
    pages.mkdir()
    gold.mkdir()
    (pages / "001-contoh.html").write_text(_html("Jembatan Baru Kota Mawar", PAGE_ONE), encoding="utf-8")
    (pages / "003-contoh.html.gz").write_bytes(gzip.compress(_html("Pencuri Kabel Ditangkap", PAGE_THREE).encode()))
    mawar = [{"name": "Pemerintah Kota Mawar", "label": "positif"}]
    lampu = [{"name": "PT Lampu Terang", "label": "negatif"}]
    one, three = page_text(pages, "001-contoh.html"), page_text(pages, "003-contoh.html.gz")
    s1, s3 = "news-pages/html/001-contoh.html", "news-pages/html/003-contoh.html.gz"
    rows = [
        {"source": s1, "part": "dev", "article": True, "label": "positif",
         "targets": mawar},
        _row(s1, "dev", PAGE_ONE[0], one.text, "positif", targets=mawar),
        _row(s1, "dev", PAGE_ONE[1], one.text, "positif"),
        _row(s1, "dev", PAGE_ONE[2], one.text, "netral"),
        _row(s1, "dev", PAGE_ONE[3], one.text, "negatif"),
        {"source": s3, "part": "held-out", "article": True, "label": "negatif", "targets": []},
        _row(s3, "held-out", PAGE_THREE[0], three.text, "negatif", targets=lampu),
        _row(s3, "held-out", PAGE_THREE[1], three.text, "negatif"),
        _row(s3, "held-out", PAGE_THREE[2], three.text, "positif"),
    ]  # fmt: skip
    (gold / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return pages, gold


def test_pages_are_split_as_the_pipeline_does(setup: tuple[Path, Path]) -> None:
    pages, _ = setup
    page = page_text(pages, "001-contoh.html")
    assert [page.text[s:e] for s, e in page.sentences] == PAGE_ONE
    assert page.title.startswith("Jembatan Baru")


def test_scores_every_section_on_all_parts(setup: tuple[Path, Path]) -> None:
    pages, gold = setup
    report = evaluate(gold, _predict, pages=pages, predict_targets=lambda queries: _predict([q.text for q in queries]))
    sentences = report.sections["sentences"]
    assert sentences.total == 7 and not report.unmatched
    # the cue predictor misses one sentence: the first of page three has no cue word
    assert sentences.counts[("negatif", "netral")] == 1 and sentences.counts[("positif", "positif")] == 3
    assert round(100 * sentences.accuracy, 2) == round(100 * 6 / 7, 2)
    assert report.sections["articles"].total == 2
    assert report.sections["targets"].counts == {("positif", "positif"): 2, ("negatif", "netral"): 1}
    assert "sentences" in report.table() and report.summary()["sentences"]["unmatched"] == 0


def test_part_filter_and_unmatched_rows(setup: tuple[Path, Path]) -> None:
    pages, gold = setup
    held = evaluate(gold, _predict, pages=pages, part="held-out")
    assert held.sections["sentences"].total == 3 and held.sections["articles"].total == 1
    assert held.sections["targets"].total == 0  # no target predictor given
    lines = (gold / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[2])
    broken["key"] = "000000000000"
    lines[2] = json.dumps(broken)
    (gold / "pages.jsonl").write_text("\n".join(lines), encoding="utf-8")
    report = evaluate(gold, _predict, pages=pages, part="dev")
    assert len(report.unmatched) == 1 and report.sections["sentences"].counts[("positif", MISSING)] == 1


def test_duplicate_openings_match_the_nearest_start() -> None:
    text = "Harga cabai naik lagi. Harga cabai naik lagi. Harga cabai naik lagi."
    page_spans = ((0, 22), (23, 45), (46, 68))
    key = opening_key("Harga cabai naik lagi")
    rows = [GoldRow("sentence", "s", "netral", "dev", key=key, start=start) for start in (46, 0)]
    found = match_sentences(rows, PageText("", text, page_spans))
    assert found == [text[46:68], text[0:22]]


def test_confusion_figures() -> None:
    c = Confusion()
    for gold, pred in [("positif", "positif"), ("positif", "netral"), ("negatif", "negatif"), ("netral", "netral")]:
        c.add(gold, pred)
    per = c.per_class()
    assert per["positif"][:2] == (1.0, 0.5) and per["netral"][:2] == (0.5, 1.0)
    assert c.accuracy == 0.75 and abs(c.macro_f1 - (2 / 3 + 1.0 + 2 / 3) / 3) < 1e-9


def _pfsa_file(path: Path, articles: int) -> None:
    lines = []
    for n in range(1, articles + 1):
        words = f"Menteri Sumber {n} membuka pasar baru .".split()
        lines += [f"{w}\t{'U-ISSUE' if i == 0 else 'O'}" for i, w in enumerate(words)] + [""]
        quote = "” Pasar ini bagus sekali , ” kata Menteri .".split()
        lines += [f"{w}\tO" for w in quote] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_pfsa_articles_and_quotes(tmp_path: Path) -> None:
    corpus, gold = tmp_path / "dev-40.txt", tmp_path / "gold"
    gold.mkdir()
    _pfsa_file(corpus, 19)
    text = pfsa.render(pfsa.read(corpus)[0]).text
    start = text.index("Pasar ini")
    end = text.index(",", start)
    row = GoldRow("quote", "x", "positif", "dev", key=opening_key(text[start:end]), start=start, end=end)
    assert quote_text(text, row) == "Pasar ini bagus sekali"
    assert quote_text(text, GoldRow("quote", "x", "positif", "dev", key="0" * 12, start=start, end=end)) is None
    rows = [
        {"source": "pfsa-id/dev-40.txt", "number": 1, "article": True, "label": "positif", "part": "dev"},
        {"source": "pfsa-id/dev-40.txt", "number": 1, "key": opening_key(text[start:end]), "start": start,
         "end": end, "label": "positif", "part": "dev"},
        {"source": "pfsa-id/dev-40.txt", "number": 19, "article": True, "label": "netral", "part": "held-out"},
    ]  # fmt: skip
    (gold / "pfsa.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = evaluate(gold, lambda texts: ["positif"] * len(texts), pfsa_file=corpus)
    assert report.sections["quotes"].counts[("positif", "positif")] == 1
    assert report.sections["articles"].counts == {("positif", "positif"): 1, ("netral", "positif"): 1}
    assert evaluate(gold, _predict, pfsa_file=corpus, part="dev").sections["articles"].total == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"source": "news-pages/html/001-a.html", "article": True, "label": "baik"}, "label"),
        ({"source": "news-pages/html/003-a.html", "article": True, "label": "netral", "part": "dev"}, "held-out"),
        ({"source": "lain/001.html", "article": True, "label": "netral"}, "unknown source"),
        ({"source": "news-pages/html/001-a.html", "label": "netral"}, "key"),
    ],
)
def test_bad_rows_are_one_line_errors(tmp_path: Path, row: dict[str, Any], message: str) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"pages.jsonl:1: .*{message}"):
        read_rows(path)


def test_bad_predictor_and_arguments(setup: tuple[Path, Path]) -> None:
    pages, gold = setup
    with pytest.raises(InputError, match="labels"):
        evaluate(gold, lambda texts: ["baik"] * len(texts), pages=pages)
    with pytest.raises(InputError, match="part"):
        evaluate(gold, _predict, pages=pages, part="semua")
    with pytest.raises(InputError, match="no such folder"):
        evaluate(gold / "nope", _predict, pages=pages)


HEX = re.compile(r"^[0-9a-f]{12}$")


@pytest.mark.parametrize("name", ["pages.jsonl", "pfsa.jsonl"])
def test_repo_gold_is_valid_and_holds_no_text(name: str) -> None:
    path = ROOT / "eval" / "tone" / "real" / name
    if name == "pfsa.jsonl" and not path.exists():
        pytest.skip("no PFSA-ID tone gold yet")
    rows = read_rows(path)
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == len(raw) and any(r.kind == "article" for r in rows)
    allowed = {"source", "part", "article", "label", "targets", "key", "start", "end", "number"}
    for data in raw:
        assert set(data) <= allowed
        assert "key" not in data or HEX.match(data["key"])
        assert all(len(t["name"].split()) <= 6 for t in data.get("targets", []))  # names, not sentences


def test_a_target_named_by_a_first_name_is_found_in_its_whole_article(pipe: Pipeline) -> None:
    body = (
        "Bupati Lamongan, Hartono Wibisono, meresmikan pasar baru di Babat. "
        "Sehari kemudian polisi menangkap Hartono atas dugaan suap proyek pasar itu."
    )
    sentence = body[body.index("Sehari") :]
    in_page = TargetQuery(sentence, "Hartono", "Pasar Baru Babat", body, body.index("Sehari"))
    alone = TargetQuery(sentence, "Hartono")
    assert target_labels(pipe, [in_page, alone]) == ["negatif", "netral"]
