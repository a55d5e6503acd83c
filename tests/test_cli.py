"""The command line: documents out, store round trips, and one-line errors with exit codes for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DEMO
from warta.cli import main

PAGE = DEMO / "articles" / "kabarjatim-01-smart-city-mojokerto.html"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_extract_prints_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "extract", str(PAGE))
    doc = json.loads(out)
    assert code == 0
    assert set(doc) == {"article", "mentions", "entities", "quotes", "edges", "extracted"}
    assert all(doc["article"]["text"][m["start"] : m["end"]] == m["text"] for m in doc["mentions"])


def test_cli_extract_text_summary_has_the_seed_sections(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "extract", "--format", "text", str(PAGE))
    assert code == 0
    assert "Tokoh" in out and "Extracted" in out and "Bupati Mojokerto" in out


def test_cli_extract_several_inputs_in_order_as_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    pages = sorted((DEMO / "articles").glob("suaranusantara-0[1-3]*.html"))
    code, out, _ = _run(capsys, "extract", *map(str, pages))
    titles = [json.loads(line)["article"]["title"] for line in out.splitlines()]
    assert code == 0 and len(titles) == 3
    expected = [json.loads((DEMO / "expected" / f"{p.stem}.json").read_text())["title"] for p in pages]
    assert titles == expected


def test_cli_as_is_keeps_offsets_into_the_given_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = "Bupati Sleman meninjau banjir.  \n\n\n“Kami siap membantu warga,” ujarnya kepada wartawan.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    code, out, _ = _run(capsys, "extract", "--as-is", "--input-format", "text", str(path))
    doc = json.loads(out)
    assert code == 0 and doc["article"]["text"] == text
    assert [text[q["start"] : q["end"]] for q in doc["quotes"]] == ["Kami siap membantu warga"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02PK\x03\x04" * 200, "binary"),
        (b"<html><body><form><input name=q></form></body></html>", "no article"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    code, out, err = _run(capsys, "extract", str(path))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


def test_cli_batch_goes_on_after_a_failure(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = _run(capsys, "extract", str(tmp_path / "missing.html"), str(PAGE))
    assert code == 3
    assert len(out.splitlines()) == 1 and "missing.html" in err


def test_cli_ingest_twice_changes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    pages = sorted(map(str, (DEMO / "articles").glob("kabarjatim-0*.html")))
    code, _, first = _run(capsys, "--db", db, "ingest", *pages)
    entities_before = _run(capsys, "--db", db, "entities")[1]
    code_again, _, again = _run(capsys, "--db", db, "ingest", *pages)
    assert code == code_again == 0
    assert "9 articles" in first and first == again
    assert _run(capsys, "--db", db, "entities")[1] == entities_before
    assert "Bupati Mojokerto" in _run(capsys, "--db", db, "entities", "--type", "person")[1]


def test_cli_store_queries(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    _run(capsys, "--db", db, "ingest", str(PAGE))
    article_id = json.loads(_run(capsys, "extract", str(PAGE))[1])["article"]["id"]
    code, out, _ = _run(capsys, "--db", db, "show", article_id, "--format", "text")
    assert code == 0 and "Tokoh" in out
    code, out, _ = _run(capsys, "--db", db, "quotes", "--speaker", "Bupati")
    assert code == 0 and "Quick win" in out
    code, out, _ = _run(capsys, "--db", db, "search", "quick win")
    assert code == 0 and article_id in out


@pytest.mark.parametrize("argv", [["show", "no-such-article"], ["search", "zzzzqqq"]])
def test_cli_not_found_exits_1_without_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    code, _, err = _run(capsys, "--db", str(tmp_path / "w.db"), *argv)
    assert code == 1 and "Traceback" not in err


def test_cli_refuses_a_file_that_is_not_a_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n" * 100)
    code, _, err = _run(capsys, "--db", str(notes), "ingest", str(PAGE))
    assert code == 1 and "not a Warta database" in err
    assert notes.read_text() == "my notes\n" * 100


def test_cli_eval_expected_scores_the_demo_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "eval", "expected", "--articles", str(DEMO / "articles"), "--expected", str(DEMO / "expected")
    )
    assert code == 0 and out.startswith("40 articles") and "quote_speakers" in out


def test_cli_eval_expected_refuses_a_missing_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{}")
    code, _, err = _run(capsys, "eval", "expected", "--articles", str(tmp_path), "--expected", str(tmp_path))
    assert code == 1 and "missing" in err
