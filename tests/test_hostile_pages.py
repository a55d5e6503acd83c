"""Hostile pages and JSON Lines files of issue 16, generated at test time: pages whose date and author
elements nest around megabytes of text (metadata extraction must stay linear), the per-article deadline, one
slow article beside other HTTP ingests, and JSON Lines files over the size limit (read record by record).
The big pages run through the command line in a child process under a hard time and address-space limit, so
that a regression shows up as a kill; no assertion is made on measured time."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from warta.api.write import Ingester
from warta.cli import main
from warta.model import Raw
from warta.settings import Settings

SENTENCE = "Bupati Mojokerto Ikfina Fahmawati mengatakan bahwa banjir sudah surut di tiga desa pada Senin pagi. "
ARTICLE = "Banjir surut di Mojokerto\n\n" + SENTENCE * 3
TIMEOUT = 60  # seconds: a bound for a kill, far above what the inputs take
ADDRESS_SPACE = 2 << 30
_RUNNER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from warta.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _nested(hint: str, size: int, depth: int = 250) -> str:
    """A page of `depth` nested divs whose class hints at a date or an author, around `size` characters."""
    body = f"<p>{SENTENCE}</p>" * (size // (len(SENTENCE) + 7))
    return "<html><body>" + f'<div class="{hint}">' * depth + body + "</div>" * depth + "</body></html>"


def _bounded(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`warta ARGV` in a child process under the time and address-space limits."""
    return subprocess.run(
        [sys.executable, "-c", _RUNNER.format(limit=ADDRESS_SPACE), *argv],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0)),
    )


# ------------------------------------------------------------------ item 4: nested date and author elements


@pytest.mark.parametrize("hint", ["tanggal date", "author penulis"])
def test_hostile_nested_metadata_elements_around_19_mb(hint: str, tmp_path: Path) -> None:
    """19 MB of text inside 250 nested date (or author) divs: refused with one line, not killed."""
    path = tmp_path / "sarang.html"
    path.write_text(_nested(hint, 19_000_000), encoding="utf-8")
    done = _bounded("extract", str(path))
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "max_text_chars" in done.stderr, done.stderr[-2000:]


@pytest.mark.parametrize("hint", ["tanggal date", "author penulis"])
def test_nested_metadata_elements_keep_the_short_one(hint: str) -> None:
    """The innermost short date or byline is still found inside nested hinted elements."""
    from warta.stages.extract import extract

    inner = "Penulis: Rina Lestari" if "author" in hint else "Jumat, 6 September 2024 18:23 WIB"
    html = (
        "<html><body>" + f'<div class="{hint}">' * 40 + f'<span class="{hint}">{inner}</span>'
        + f"<p>{SENTENCE * 3}</p>" + "</div>" * 40 + "</body></html>"
    )  # fmt: skip
    article = extract(Raw(html, "html", "sarang.html"), Settings())
    if "author" in hint:
        assert article.author == "Rina Lestari"
    else:
        assert article.published == "2024-09-06T18:23:00+07:00"


def test_article_deadline_refuses_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "berita.html"
    path.write_text(f"<html><body><article><p>{SENTENCE * 3}</p></article></body></html>", encoding="utf-8")
    done = _bounded("extract", str(path), env={"WARTA_ARTICLE_TIMEOUT": "0.000001"})
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "article_timeout" in done.stderr and str(path) in done.stderr


def test_one_slow_article_does_not_hold_other_ingests(monkeypatch: pytest.MonkeyPatch) -> None:
    """While one article is still being extracted, another goes through the app's pipeline."""
    import warta.stages.extract as extract_module

    real, release, entered = extract_module.extract, threading.Event(), threading.Event()

    def held(raw: Raw, settings: Settings) -> object:
        if raw.origin == "slow":
            entered.set()
            release.wait(TIMEOUT)
        return real(raw, settings)

    monkeypatch.setattr(extract_module, "extract", held)
    ingester, done = Ingester(Settings()), []
    ingester.run(Raw(ARTICLE, "text", "warm"))  # builds the pipeline first
    slow = threading.Thread(target=lambda: done.append(ingester.run(Raw(ARTICLE, "text", "slow"))))
    slow.start()
    try:
        assert entered.wait(TIMEOUT)
        quick = threading.Thread(target=lambda: done.append(ingester.run(Raw(ARTICLE, "text", "quick"))))
        quick.start()
        quick.join(TIMEOUT)
        assert [a.origin for a in done] == ["quick"]
    finally:
        release.set()
        slow.join(TIMEOUT)
    assert [a.origin for a in done] == ["quick", "slow"]


# ------------------------------------------------------------------ item 10: JSON Lines over the size limit


def _record(i: int, pad: int = 0) -> str:
    return json.dumps({"id": f"r{i}", "text": ARTICLE, "pad": " " * pad}) + "\n"


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_hostile_jsonl_over_20_mb_is_read_record_by_record(command: str, tmp_path: Path) -> None:
    """A 21 MB JSON Lines file of small records (over the 20 MB per-input limit) is read, not refused."""
    path, db = tmp_path / "korpus.jsonl", tmp_path / "w.db"
    path.write_text("".join(_record(i, pad=2_100_000 if i % 2 else 0) for i in range(20)), encoding="utf-8")
    assert path.stat().st_size > Settings().max_bytes
    done = _bounded("--db", str(db), command, str(path))
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 20 and "Traceback" not in done.stderr
    if command == "extract":
        assert [json.loads(line)["article"]["id"] for line in lines] == [f"r{i}" for i in range(20)]


def test_jsonl_record_over_the_limit_is_one_line_naming_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARTA_MAX_BYTES", "5000")
    path = tmp_path / "korpus.jsonl"
    path.write_text(_record(1) + "\n" + _record(2, pad=20_000) + _record(3), encoding="utf-8")
    code = main(["extract", str(path)])
    out, err = capsys.readouterr()
    assert code == 3 and [json.loads(line)["article"]["id"] for line in out.splitlines()] == ["r1", "r3"]
    assert err.count("\n") == 1 and err.startswith(f"warta: {path}:3: record larger than the limit of 5000")
    assert "warta process" in err


def test_ingest_of_nothing_usable_creates_no_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, db = tmp_path / "rusak.jsonl", tmp_path / "w.db"
    path.write_text('{"text": ""}\nnot json\n', encoding="utf-8")
    code = main(["--db", str(db), "ingest", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and not db.exists() and "Traceback" not in err
    assert err.strip().splitlines()[-1] == f"nothing stored; {db} left as it was"


def test_nul_in_as_is_text_is_refused_alike_for_every_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SQLite kept a NUL of `--as-is` text (a JSON Lines record's "\\u0000") and PostgreSQL refused it: now no
    store is asked to keep one, and without --as-is cleaning removes it."""
    from warta.cli import main

    records = tmp_path / "nul.jsonl"
    text = "Bupati Mojokerto meninjau pasar\u0000 pada Senin pagi bersama warga desa."
    records.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "w.db"), "ingest", "--as-is", str(records)]) != 0
    lines = capsys.readouterr().err.strip().splitlines()
    assert sum("NUL" in line for line in lines) == 1 and not (tmp_path / "w.db").exists()
    assert main(["extract", str(records)]) == 0
