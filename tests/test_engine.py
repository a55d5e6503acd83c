"""Batch engines (`warta process`): the same stored results as `warta ingest` from local (1 and 2 workers) and
Ray engines, idempotent re-runs, one-line errors, WARC input, Parquet output, and streamed JSON Lines."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.conftest import DEMO
from tests.test_warc import build_warc
from warta.cli import main
from warta.engine import sinks
from warta.engine.ordering import in_order
from warta.engine.partition import iter_jsonl, partitions, records
from warta.engine.ray_engine import NEEDS_RAY
from warta.engine.sinks import PARQUET_SCHEMA
from warta.net.decode import decode
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.files import parse_jsonl
from warta.store import open_store, queries

PAGES = sorted((DEMO / "articles").glob("*.html"))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _write_corpus(path: Path, pages: list[Path]) -> Path:
    """The demo pages as JSON Lines records {"id", "html"}."""
    lines = [json.dumps({"id": p.stem, "html": decode(p.read_bytes(), str(p))}, ensure_ascii=False) for p in pages]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _snapshot(db: Path) -> dict[str, Any]:
    """Everything the store says about its articles: full documents, entities, quotes, counts."""
    with open_store(str(db)) as store:
        ids = sorted(row.id for row in queries.collect(partial(queries.list_articles, store), 10_000))
        return {
            "counts": store.counts(),
            "documents": {article_id: store.article(article_id) for article_id in ids},
            "entities": queries.collect(partial(queries.list_entities, store), 10_000),
            "quotes": queries.collect(partial(queries.list_quotes, store), 10_000),
        }


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 40 demo articles in one JSON Lines file."""
    return _write_corpus(tmp_path_factory.mktemp("corpus") / "demo.jsonl", PAGES)


@pytest.fixture(scope="module")
def ingested(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the plain `warta ingest` path stores for the corpus."""
    db = tmp_path_factory.mktemp("ingest") / "w.db"
    assert main(["--db", str(db), "ingest", str(corpus)]) == 0
    return _snapshot(db)


@pytest.fixture(scope="module")
def ray_session() -> Iterator[None]:
    """One small local Ray instance for this module's Ray tests."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_engine_local_stores_what_ingest_stores(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path, ingested: dict[str, Any], workers: str
) -> None:
    db = tmp_path / "w.db"
    code, out, err = _run(capsys, "--db", str(db), "process", "--input", str(corpus), "--workers", workers)
    assert (code, err) == (0, "")
    assert out.startswith("40 articles, 0 failed") and f"with {workers} workers" in out
    assert _snapshot(db) == ingested


@pytest.mark.usefixtures("ray_session")
def test_engine_ray_stores_what_ingest_stores(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path, ingested: dict[str, Any]
) -> None:
    db = tmp_path / "w.db"
    argv = ["--db", str(db), "process", "--engine", "ray", "--workers", "2", "--input", str(corpus)]
    code, out, err = _run(capsys, *argv, "--partition-size", "5")
    assert (code, err) == (0, "")
    assert "ray engine with 2 workers" in out
    assert _snapshot(db) == ingested


def test_engine_process_twice_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sinks, "STORE_BATCH", 4)  # saved in several batches the second time
    corpus = _write_corpus(tmp_path / "c.jsonl", PAGES[:8])
    db = tmp_path / "w.db"
    argv = ["--db", str(db), "process", "--input", str(tmp_path / "*.jsonl"), "--workers", "2"]
    first = _run(capsys, *argv)
    dump = _dump(db)
    again = _run(capsys, *argv, "--partition-size", "3")
    assert first[0] == again[0] == 0 and corpus.exists()
    assert first[1].split("(now")[1] == again[1].split("(now")[1]  # the same store counts
    assert _dump(db) == dump


def test_engine_bad_lines_are_one_line_errors_in_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "c.jsonl", PAGES[:2])
    good = corpus.read_text(encoding="utf-8").splitlines()
    corpus.write_text("\n".join([good[0], "{not json", "", '{"id": "x"}', "[1, 2]", good[1]]) + "\n")
    code, out, err = _run(capsys, "--db", str(tmp_path / "w.db"), "process", "--input", str(corpus))
    lines = err.splitlines()
    assert code == 3 and out.startswith("2 articles, 3 failed")
    assert [line.split(": ")[1] for line in lines] == [f"{corpus}:{n}" for n in (2, 4, 5)]
    assert all(line.startswith("warta: ") for line in lines) and "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.jsonl", None, "no such file"),
        ("*.nothing", None, "matches no file"),
        ("empty.jsonl", b"", "empty input"),
        ("blank.jsonl", b"\n  \n\n", "empty input"),
        ("binary.jsonl", b"\x00\x01\x02PK\x03\x04" * 200, "binary"),
        ("broken.warc.gz", b"\x1f\x8b\x08\x00 not really gzip" * 10, "WARC"),
    ],
)
def test_engine_unusable_input_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    code, out, err = _run(capsys, "--db", str(tmp_path / "w.db"), "process", "--input", str(tmp_path / name))
    assert code == 1 and out.startswith("0 articles")
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err


def test_engine_warc_input_stores_what_ingest_stores(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pages = [(f"https://kabarjatim.test/{p.stem}", p.read_text(encoding="utf-8")) for p in PAGES[:4]]
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(build_warc(gzip=True, pages=pages))
    assert _run(capsys, "--db", str(tmp_path / "i.db"), "ingest", str(archive))[0] == 0
    code, out, err = _run(capsys, "--db", str(tmp_path / "p.db"), "process", "--input", str(archive))
    assert (code, err) == (0, "") and out.startswith("4 articles")
    assert _snapshot(tmp_path / "p.db") == _snapshot(tmp_path / "i.db")


def test_engine_parquet_has_the_documented_schema_and_the_documents(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, corpus: Path
) -> None:
    out_file = tmp_path / "articles.parquet"
    code, out, _ = _run(
        capsys, "--db", str(tmp_path / "w.db"), "process", "--input", str(corpus), "--out", str(out_file)
    )
    table = pq.read_table(out_file)
    extracted = [json.loads(line) for line in _run(capsys, "extract", str(corpus))[1].splitlines()]
    assert code == 0 and str(out_file) in out and not (tmp_path / "w.db").exists()
    assert table.schema.equals(PARQUET_SCHEMA)
    rows = table.to_pylist()
    assert [json.loads(row["document"]) for row in rows] == extracted
    assert [row["id"] for row in rows] == [doc["article"]["id"] for doc in extracted]
    assert [row["quote_count"] for row in rows] == [len(doc["quotes"]) for doc in extracted]
    assert all(row["text"] == json.loads(row["document"])["article"]["text"] for row in rows)


def test_engine_empty_input_writes_an_empty_parquet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    out_file = tmp_path / "articles.parquet"
    code, _, err = _run(capsys, "process", "--input", str(tmp_path / "empty.jsonl"), "--out", str(out_file))
    assert code == 1 and "empty input" in err
    assert pq.read_table(out_file).num_rows == 0 and not (tmp_path / "articles.parquet.partial").exists()


def test_engine_ray_without_the_extra_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    code, out, err = _run(capsys, "--db", str(tmp_path / "w.db"), "process", "--engine", "ray", "--input", str(corpus))
    assert (code, out, err) == (1, "", f"warta: {NEEDS_RAY}\n")
    assert not (tmp_path / "w.db").exists()


@pytest.mark.parametrize("option", ["--workers", "--partition-size"])
def test_engine_counts_must_be_positive(capsys: pytest.CaptureFixture[str], option: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["process", "--input", "x.jsonl", option, "0"])
    assert exit_info.value.code == 2 and "at least 1" in capsys.readouterr().err


def test_engine_jsonl_streams_in_blocks_numbered_as_the_whole_file(tmp_path: Path, settings: Settings) -> None:
    lines = ['{"text": "Satu."}', "", "{bad", '{"text": "Dua."}', "   ", "", '{"id": 3}', '{"text": "Tiga."}']
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = [(i.origin, getattr(i, "error", None)) for i in parse_jsonl(path.read_text(), str(path))]
    for block_lines in (1, 2, 3, 1000):
        streamed = [(i.origin, getattr(i, "error", None)) for i in iter_jsonl(path, settings, block_lines)]
        assert streamed == whole


def test_engine_oversized_record_is_skipped_with_its_line(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "Satu."}\n{"text": "' + "x" * 500 + '"}\n{"text": "Dua."}\n', encoding="utf-8")
    items = list(iter_jsonl(path, Settings(max_bytes=100)))
    assert [i.origin for i in items] == [f"{path}:{n}" for n in (1, 2, 3)]
    assert isinstance(items[1], Unreadable) and "larger than the limit" in items[1].error


def test_engine_partitions_keep_input_order(tmp_path: Path, settings: Settings) -> None:
    for name in ("b.jsonl", "a.jsonl"):
        (tmp_path / name).write_text("".join(f'{{"text": "{name} {n}."}}\n' for n in range(3)))
    items = list(records([str(tmp_path / "*.jsonl"), str(tmp_path / "a.jsonl")], settings))
    chunks = list(partitions(items, 4))
    assert [i.origin for i in items] == [f"{tmp_path / f}:{n}" for f in ("a.jsonl", "b.jsonl") for n in (1, 2, 3)]
    assert [len(c) for c in chunks] == [4, 2]


def test_engine_in_order_bounds_what_is_in_flight() -> None:
    in_flight: list[int] = []
    pending: set[int] = set()

    def submit(n: int) -> int:
        pending.add(n)
        in_flight.append(len(pending))
        return n

    def collect(n: int) -> int:
        pending.discard(n)
        return n * 10

    assert list(in_order(submit, collect, range(7), window=3)) == [n * 10 for n in range(7)]
    assert max(in_flight) == 3
