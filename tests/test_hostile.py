"""A corpus of hostile inputs, generated at test time (nothing big is committed): binary data, zip and gzip
bombs, deeply nested HTML and JSON, pages over the size limit, broken and mixed encodings, control characters,
bidirectional overrides, very long lines, thousands of quote marks. Each goes through `warta extract` and
`warta ingest` (one line on stderr and exit 1 when refused, never a traceback) and through the library. A gzip
bomb served over HTTP and the worst inputs under hard time and memory limits are in test_hostile_limits.py."""

from __future__ import annotations

import io
import json
import random
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from warta import pipeline
from warta.cli import main
from warta.model import Raw
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.files import iter_inputs

MiB = 1 << 20
SENTENCE = "Bupati Mojokerto Ikfina Fahmawati mengatakan bahwa banjir sudah surut di tiga desa pada Senin pagi. "
ARTICLE = "Banjir surut di Mojokerto\n\n" + SENTENCE * 3 + "“Kami siap membantu warga,” ujarnya.\n"
QUOTE_MARKS = "“”\"«»「」『』‘’„‟‹›'"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
LIMIT = Settings().max_text_chars


# ------------------------------------------------------------------ generators


def _sparse(path: Path, head: bytes, size: int) -> None:
    """A file of `size` bytes that starts with `head` (the rest a hole: no disk space, no time)."""
    with path.open("wb") as stream:
        stream.write(head)
        stream.truncate(size)


def gzip_bomb(path: Path, inflated: int, head: bytes = b"") -> None:
    """A gzip file that inflates to `inflated` bytes (zeros after `head`), about a thousandth of that on disk."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as stream:
        stream.write(squeeze.compress(head))
        for _ in range(inflated // MiB):
            stream.write(squeeze.compress(bytes(MiB)))
        stream.write(squeeze.flush())


def warc_bomb(path: Path, inflated: int) -> None:
    """A .warc.gz whose one HTML response record inflates to `inflated` bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:6f1c1e4e-0000-4000-8000-000000000001>\r\n"
        b"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: http://bom.test/\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http) + inflated).encode() + b"\r\n\r\n"
    )
    gzip_bomb(path, inflated, head + http)


def _zip_bomb() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("berita.html", bytes(64 * MiB))
    return data.getvalue()


def writes_text(text: str | Callable[[], str]) -> Callable[[Path], object]:
    """Write a text (or the text a function makes, when asked: big ones are made only for the test)."""
    return lambda path: path.write_text(text if isinstance(text, str) else text(), encoding="utf-8")


def writes_bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data if isinstance(data, bytes) else data())


@dataclass(frozen=True)
class Hostile:
    """One hostile input: how to write it, the options it is given, and what must happen to it."""

    name: str
    filename: str
    write: Callable[[Path], object]
    refused: str | None = None  # part of the one-line error; None when the input must be processed
    args: tuple[str, ...] = ()
    check: Callable[[dict[str, Any]], bool] = field(default=lambda doc: True)

    def make(self, folder: Path) -> Path:
        path = folder / self.filename
        self.write(path)
        return path


def _clean_text(doc: dict[str, Any]) -> bool:
    """No control, zero-width or bidirectional character is left in the article's text or title."""
    shown = doc["article"]["text"] + (doc["article"]["title"] or "")
    return not any(c in shown for c in BIDI + ZERO_WIDTH + "\x00\x1b\x07")


rng = random.Random(11)
CASES = [
    Hostile("png", "gambar.html", writes_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(4000)), "binary"),
    Hostile("zip", "berita.html", writes_bytes(_zip_bomb), "binary"),
    Hostile("elf", "berita.txt", writes_bytes(b"\x7fELF\x02\x01\x01" + rng.randbytes(4000)), "binary"),
    Hostile("random bytes", "acak.txt", writes_bytes(rng.randbytes(MiB)), "binary"),
    Hostile("gzip bomb (1 GiB inflated)", "berita.html.gz", lambda p: gzip_bomb(p, 1024 * MiB), "binary"),
    Hostile("gzip bomb named .html", "berita.html", lambda p: gzip_bomb(p, 64 * MiB), "binary"),
    Hostile("gzip bomb as text", "berita.gz", lambda p: gzip_bomb(p, 64 * MiB), "binary", ("--input-format", "text")),
    Hostile("page of 100 MB", "besar.html", lambda p: _sparse(p, b"<html><body><p>", 100_000_000), "larger than"),
    Hostile("JSON Lines claiming 1 GB", "besar.jsonl", lambda p: _sparse(p, b'{"text": "', 1 << 30), "larger than"),
    Hostile(
        "100,000 nested divs",
        "dalam.html",
        writes_text(lambda: "<html><body>" + "<div>" * 100_000 + f"<p>{SENTENCE}</p>" + "</div>" * 100_000),
        "nest deeper than 256",
    ),
    Hostile(
        "100,000 unclosed <b>", "tebal.html", writes_text(lambda: "<p>" + "<b>" * 100_000 + SENTENCE * 3), "no article"
    ),
    Hostile(
        "nested JSON Lines value",
        "dalam.jsonl",
        writes_text(lambda: '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"),
        "nested too deeply",
    ),
    Hostile("nested JSON, no suffix", "dalam.txt", writes_text(lambda: '{"text": ' + "[" * 300_000), "max_text_chars"),
    Hostile(
        "JSON-LD nested 100,000 deep",
        "ld.html",
        writes_text(
            lambda: (
                '<html><head><script type="application/ld+json">'
                + '{"@type": "NewsArticle", "x": ' * 50_000
                + "1"
                + "}" * 50_000
                + f"</script></head><body><article><p>{SENTENCE * 3}</p></article></body></html>"
            )
        ),
    ),
    Hostile(
        "record of 19 MB",
        "rekaman.jsonl",
        writes_text(lambda: json.dumps({"text": SENTENCE * 190_000}) + "\n"),
        "max_text_chars",
    ),
    Hostile("text of 10 MB, one line", "panjang.txt", writes_text(lambda: "kata " * 2_000_000), "max_text_chars"),
    Hostile(
        "invalid UTF-8", "rusak.txt", writes_bytes(ARTICLE.encode() + b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x82" * 20), None
    ),
    Hostile(
        "UTF-8 and Windows-1252 mixed",
        "campur.txt",
        writes_bytes(ARTICLE.encode() + "Harga “naik” – Café Rp 5.000.\n".encode("cp1252") * 20),
    ),
    Hostile("declared charset lies", "bohong.html", writes_bytes(b'<meta charset="utf-16">' + ARTICLE.encode()), None),
    Hostile("UTF-16 with BOM", "u16.txt", writes_bytes(ARTICLE.encode("utf-16")), None),
    Hostile("control characters", "kontrol.txt", writes_bytes(bytes(range(1, 32)) * 300), "binary"),
    Hostile(
        "a few control characters",
        "sedikit.txt",
        writes_text(ARTICLE.replace("Mojokerto", "Moj\x1b[31mokerto\x07") + "\x01 akhir.\x7f\n" * 3),
        None,
        check=_clean_text,
    ),
    Hostile("NUL bytes first", "nul.txt", writes_bytes(b"\x00" * 100 + ARTICLE.encode()), "binary"),
    Hostile(
        "NUL bytes after 8 KB",
        "nul-akhir.txt",
        writes_bytes(ARTICLE.encode() * 40 + b"\x00" * 50 + SENTENCE.encode()),
        None,
        check=_clean_text,
    ),
    Hostile(
        "RTL and LTR overrides, zero-width",
        "rtl.txt",
        writes_text(
            "\u202eJudul\u202c berita\n\n"
            + "".join(
                f"{m}Bupati Mojokerto{z} Ikfina\u2069 mengatakan banjir surut. "
                for m, z in zip(BIDI, ZERO_WIDTH * 3, strict=False)
            )
            * 200
        ),
        None,
        check=_clean_text,
    ),
    Hostile("only whitespace", "kosong.txt", writes_text(" \t\n\r\u3000\u00a0" * 5000), "empty"),
    Hostile("only punctuation", "tanda.txt", writes_text("!?.,;:-–—…()[]" * 5000), None),
    Hostile("only quote marks", "kutip.txt", writes_text(QUOTE_MARKS * 1000), None),
    Hostile("10,000 opening quote marks", "buka.txt", writes_text(SENTENCE + "“" * 10_000 + ", kata Bupati."), None),
    Hostile(
        "2,000 balanced quote marks",
        "seimbang.txt",
        writes_text("Judul\n\n" + "“Kami siap membantu warga hari ini,” kata Bupati Mojokerto. " * 1000),
        None,
    ),
    Hostile(
        "10,000 mixed quote marks",
        "campur-kutip.txt",
        writes_text(
            SENTENCE + "".join(rng.choice(QUOTE_MARKS) + rng.choice(["", " ", "a ", ", kata "]) for _ in range(10_000))
        ),
    ),
    Hostile(
        "script and style only",
        "skrip.html",
        writes_text("<script>" + "x" * 100_000 + "</script><style>p{}</style>"),
        "no article",
    ),
    Hostile("unclosed comment", "komentar.html", writes_text(f"<html><body><!-- <p>{SENTENCE * 3}</p>"), "no article"),
    Hostile(
        "a million attributes",
        "atribut.html",
        writes_text(lambda: "<html><body><p " + "a=b " * 1_000_000 + f">{SENTENCE * 3}</p></body></html>"),
    ),
    Hostile(
        "entity expansion (billion laughs)",
        "tawa.html",
        writes_text(
            '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "hahahahahahahahaha">'
            + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
            + f"]><html><body><p>&j; {SENTENCE * 3}</p></body></html>"
        ),
    ),
    Hostile("WARC bomb (256 MiB record)", "bom.warc.gz", lambda p: warc_bomb(p, 256 * MiB), "larger than the limit"),
]
CASE_IDS = [case.name for case in CASES]


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Hostile], Path]:
    """Each hostile input written once per session (the bombs take a second or two to make)."""
    folder = tmp_path_factory.mktemp("hostile")
    paths: dict[str, Path] = {}

    def make(case: Hostile) -> Path:
        if case.name not in paths:
            place = folder / str(len(paths))
            place.mkdir()
            paths[case.name] = case.make(place)
        return paths[case.name]

    return make


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_errors(err: str, lines: int) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == lines, err[:2000]


# ------------------------------------------------------------------ through the command line and the library


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_hostile_input_through_the_command_line(
    case: Hostile, made: Callable[[Hostile], Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, db = made(case), str(tmp_path / "w.db")
    code, out, err = run_cli(capsys, "extract", *case.args, str(path))
    stored, listed, report = run_cli(capsys, "--db", db, "ingest", *case.args, str(path))
    summary = report.strip().splitlines()[-1]
    assert summary.endswith(f"in {db}" if case.refused is None else "left as it was") and "Traceback" not in report
    if case.refused is not None:
        assert code == stored == 1 and out == listed == "" and summary.startswith("nothing stored")
        assert_one_line_errors(err, 1)
        assert_one_line_errors(report, 2)  # the error, then what the store holds
        assert case.refused in err and str(path) in err
    else:
        assert code == stored == 0 and err == "" and summary.startswith("1 articles"), err[:2000]
        docs = [json.loads(line) for line in out.splitlines() if line.strip()] if "\n{" in out else [json.loads(out)]
        assert all(case.check(doc) for doc in docs)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_hostile_input_through_the_library(
    case: Hostile, made: Callable[[Hostile], Path], pipe: pipeline.Pipeline
) -> None:
    fmt = case.args[1] if case.args[:1] == ("--input-format",) else None
    items = list(iter_inputs([str(made(case))], Settings(), fmt, as_is="--as-is" in case.args))
    raws = [item for item in items if isinstance(item, Raw)]
    outcomes = list(pipe.run_many(raws))
    errors = [i.error for i in items if isinstance(i, Unreadable)] + [o.error for o in outcomes if o.error]
    assert all("\n" not in e for e in errors)
    if case.refused is None:
        assert [o.article is not None for o in outcomes] == [True] and not errors
    else:
        assert errors and all(o.article is None for o in outcomes)


def test_hostile_100_mb_on_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _sparse(tmp_path / "stdin", b"<html><body><p>", 100_000_000)
    with (tmp_path / "stdin").open("rb") as stream:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
        code, out, err = run_cli(capsys, "extract", "-")
    assert code == 1 and out == "" and "<stdin>: larger than the limit" in err
    assert_one_line_errors(err, 1)
