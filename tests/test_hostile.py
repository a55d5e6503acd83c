"""A corpus of hostile inputs, generated at test time (nothing big is committed): binary data, zip and gzip
bombs, deeply nested HTML and JSON, pages over the size limit, broken and mixed encodings, control characters,
bidirectional overrides, very long lines, thousands of quote marks. Each goes through `warta extract` and
`warta ingest` (one line on stderr and exit 1 when refused, never a traceback) and through the library; the
worst go through the command line in a child process under a hard time and address-space limit, so that a
regression shows up as a kill (speed itself is measured by `make bench`, not here)."""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from warta import pipeline
from warta.cli import main
from warta.errors import FetchError
from warta.model import Raw
from warta.settings import Settings
from warta.sources.files import Unreadable, iter_inputs
from warta.sources.web import fetch

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


def _gzip_bomb(path: Path, inflated: int, head: bytes = b"") -> None:
    """A gzip file that inflates to `inflated` bytes (zeros after `head`), about a thousandth of that on disk."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as stream:
        stream.write(squeeze.compress(head))
        for _ in range(inflated // MiB):
            stream.write(squeeze.compress(bytes(MiB)))
        stream.write(squeeze.flush())


def _warc_bomb(path: Path, inflated: int) -> None:
    """A .warc.gz whose one HTML response record inflates to `inflated` bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:6f1c1e4e-0000-4000-8000-000000000001>\r\n"
        b"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: http://bom.test/\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http) + inflated).encode() + b"\r\n\r\n"
    )
    _gzip_bomb(path, inflated, head + http)


def _zip_bomb() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("berita.html", bytes(64 * MiB))
    return data.getvalue()


def _names(count: int, seed: int = 7) -> list[str]:
    """Made-up two-word person names, all different."""
    rng = random.Random(seed)
    syllables = ["ba", "di", "su", "ko", "ra", "ni", "to", "wa", "ya", "an", "har", "jo", "sep", "tri", "wan", "yu"]
    names: dict[str, None] = {}
    while len(names) < count:
        names[" ".join("".join(rng.choices(syllables, k=3)).capitalize() for _ in range(2))] = None
    return list(names)


def _fill(unit: Callable[[int], str], size: int = LIMIT - 100) -> str:
    """Units `unit(0)`, `unit(1)`, … up to `size` characters."""
    parts, total, i = [], 0, 0
    while total < size:
        parts.append(unit(i))
        total += len(parts[-1])
        i += 1
    return "".join(parts)[:size]


def _text(text: str | Callable[[], str]) -> Callable[[Path], object]:
    """Write a text (or the text a function makes, when asked: big ones are made only for the test)."""
    return lambda path: path.write_text(text if isinstance(text, str) else text(), encoding="utf-8")


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], object]:
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


NAMES = _names(12_000)
rng = random.Random(11)
CASES = [
    Hostile("png", "gambar.html", _bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(4000)), "binary"),
    Hostile("zip", "berita.html", _bytes(_zip_bomb), "binary"),
    Hostile("elf", "berita.txt", _bytes(b"\x7fELF\x02\x01\x01" + rng.randbytes(4000)), "binary"),
    Hostile("random bytes", "acak.txt", _bytes(rng.randbytes(MiB)), "binary"),
    Hostile("gzip bomb (1 GiB inflated)", "berita.html.gz", lambda p: _gzip_bomb(p, 1024 * MiB), "binary"),
    Hostile("gzip bomb named .html", "berita.html", lambda p: _gzip_bomb(p, 64 * MiB), "binary"),
    Hostile("gzip bomb as text", "berita.gz", lambda p: _gzip_bomb(p, 64 * MiB), "binary", ("--input-format", "text")),
    Hostile("page of 100 MB", "besar.html", lambda p: _sparse(p, b"<html><body><p>", 100_000_000), "larger than"),
    Hostile("JSON Lines claiming 1 GB", "besar.jsonl", lambda p: _sparse(p, b'{"text": "', 1 << 30), "larger than"),
    Hostile(
        "100,000 nested divs",
        "dalam.html",
        _text(lambda: "<html><body>" + "<div>" * 100_000 + f"<p>{SENTENCE}</p>" + "</div>" * 100_000),
        "nest deeper than 256",
    ),
    Hostile("100,000 unclosed <b>", "tebal.html", _text(lambda: "<p>" + "<b>" * 100_000 + SENTENCE * 3), "no article"),
    Hostile(
        "nested JSON Lines value",
        "dalam.jsonl",
        _text(lambda: '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n"),
        "nested too deeply",
    ),
    Hostile("nested JSON, no suffix", "dalam.txt", _text(lambda: '{"text": ' + "[" * 300_000), "max_text_chars"),
    Hostile(
        "JSON-LD nested 100,000 deep",
        "ld.html",
        _text(
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
        _text(lambda: json.dumps({"text": SENTENCE * 190_000}) + "\n"),
        "max_text_chars",
    ),
    Hostile("text of 10 MB, one line", "panjang.txt", _text(lambda: "kata " * 2_000_000), "max_text_chars"),
    Hostile("invalid UTF-8", "rusak.txt", _bytes(ARTICLE.encode() + b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x82" * 20), None),
    Hostile(
        "UTF-8 and Windows-1252 mixed",
        "campur.txt",
        _bytes(ARTICLE.encode() + "Harga “naik” – Café Rp 5.000.\n".encode("cp1252") * 20),
    ),
    Hostile("declared charset lies", "bohong.html", _bytes(b'<meta charset="utf-16">' + ARTICLE.encode()), None),
    Hostile("UTF-16 with BOM", "u16.txt", _bytes(ARTICLE.encode("utf-16")), None),
    Hostile("control characters", "kontrol.txt", _bytes(bytes(range(1, 32)) * 300), "binary"),
    Hostile(
        "a few control characters",
        "sedikit.txt",
        _text(ARTICLE.replace("Mojokerto", "Moj\x1b[31mokerto\x07") + "\x01 akhir.\x7f\n" * 3),
        None,
        check=_clean_text,
    ),
    Hostile("NUL bytes first", "nul.txt", _bytes(b"\x00" * 100 + ARTICLE.encode()), "binary"),
    Hostile(
        "NUL bytes after 8 KB",
        "nul-akhir.txt",
        _bytes(ARTICLE.encode() * 40 + b"\x00" * 50 + SENTENCE.encode()),
        None,
        check=_clean_text,
    ),
    Hostile(
        "RTL and LTR overrides, zero-width",
        "rtl.txt",
        _text(
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
    Hostile("only whitespace", "kosong.txt", _text(" \t\n\r\u3000\u00a0" * 5000), "empty"),
    Hostile("only punctuation", "tanda.txt", _text("!?.,;:-–—…()[]" * 5000), None),
    Hostile("only quote marks", "kutip.txt", _text(QUOTE_MARKS * 1000), None),
    Hostile("10,000 opening quote marks", "buka.txt", _text(SENTENCE + "“" * 10_000 + ", kata Bupati."), None),
    Hostile(
        "2,000 balanced quote marks",
        "seimbang.txt",
        _text("Judul\n\n" + "“Kami siap membantu warga hari ini,” kata Bupati Mojokerto. " * 1000),
        None,
    ),
    Hostile(
        "10,000 mixed quote marks",
        "campur-kutip.txt",
        _text(
            SENTENCE + "".join(rng.choice(QUOTE_MARKS) + rng.choice(["", " ", "a ", ", kata "]) for _ in range(10_000))
        ),
    ),
    Hostile(
        "script and style only",
        "skrip.html",
        _text("<script>" + "x" * 100_000 + "</script><style>p{}</style>"),
        "no article",
    ),
    Hostile("unclosed comment", "komentar.html", _text(f"<html><body><!-- <p>{SENTENCE * 3}</p>"), "no article"),
    Hostile(
        "a million attributes",
        "atribut.html",
        _text(lambda: "<html><body><p " + "a=b " * 1_000_000 + f">{SENTENCE * 3}</p></body></html>"),
    ),
    Hostile(
        "entity expansion (billion laughs)",
        "tawa.html",
        _text(
            '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "hahahahahahahahaha">'
            + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
            + f"]><html><body><p>&j; {SENTENCE * 3}</p></body></html>"
        ),
    ),
    Hostile("WARC bomb (256 MiB record)", "bom.warc.gz", lambda p: _warc_bomb(p, 256 * MiB), "larger than the limit"),
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


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _assert_one_line_errors(err: str, lines: int) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == lines, err[:2000]


# ------------------------------------------------------------------ through the command line and the library


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_hostile_input_through_the_command_line(
    case: Hostile, made: Callable[[Hostile], Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, db = made(case), str(tmp_path / "w.db")
    code, out, err = _run(capsys, "extract", *case.args, str(path))
    stored, listed, report = _run(capsys, "--db", db, "ingest", *case.args, str(path))
    summary = report.strip().splitlines()[-1]
    assert summary.endswith(f"in {db}" if case.refused is None else "left as it was") and "Traceback" not in report
    if case.refused is not None:
        assert code == stored == 1 and out == listed == "" and summary.startswith("nothing stored")
        _assert_one_line_errors(err, 1)
        _assert_one_line_errors(report, 2)  # the error, then what the store holds
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
        code, out, err = _run(capsys, "extract", "-")
    assert code == 1 and out == "" and "<stdin>: larger than the limit" in err
    _assert_one_line_errors(err, 1)


# ------------------------------------------------------------------ a gzip bomb served with Content-Encoding


class _BombHandler(BaseHTTPRequestHandler):
    """Serves a page that inflates to 1 GiB of zeros (about 1 MB on the wire), declared as gzip content."""

    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _bomb_server(tmp_path: Path) -> Iterator[str]:
    _gzip_bomb(tmp_path / "bom.gz", 1024 * MiB, b"<html><body><p>")
    _BombHandler.body = (tmp_path / "bom.gz").read_bytes()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BombHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/berita"
    finally:
        server.shutdown()
        server.server_close()


def test_hostile_gzip_content_encoding_stops_at_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with _bomb_server(tmp_path) as url:
        with pytest.raises(FetchError, match="larger than the limit"):
            fetch(url, Settings())
        code, out, err = _run(capsys, "extract", url)
    assert code == 1 and out == "" and "larger than the limit" in err
    _assert_one_line_errors(err, 1)


# ------------------------------------------------------------------ the worst inputs, under hard limits

TIMEOUT = 60  # seconds: generous, the worst input measured takes about a tenth of it
ADDRESS_SPACE = 2 << 30  # bytes of virtual memory for the child process
_RUNNER = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from warta.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"warta-bound: {{seconds:.2f}} s, {{peak:.0f}} MiB", file=sys.stderr)
sys.exit(code)
"""
WORST = [
    Hostile(
        "19 MB page of paragraphs",
        "halaman.html",
        _text(lambda: "<html><body>" + f"<p>{SENTENCE}</p>" * 180_000),
        "max_text_chars",
    ),
    Hostile("text at the limit, no sentence end", "satu.txt", _text(lambda: _fill(lambda i: "kata warga desa ")), None),
    Hostile("titles only", "jabatan.txt", _text(lambda: _fill(lambda i: "Bupati ")), None),
    Hostile("titles and units", "kepala.txt", _text(lambda: _fill(lambda i: "Kepala Dinas Kesehatan ")), None),
    Hostile(
        "12,000 names in one sentence",
        "hadir.txt",
        _text(lambda: "Hadir " + _fill(lambda i: NAMES[i % len(NAMES)] + ", ") + " hari ini."),
        None,
    ),
    Hostile(
        "a sentence per name",
        "nama.txt",
        _text(lambda: _fill(lambda i: f"{NAMES[i % len(NAMES)]} mengatakan bahwa warga aman. ")),
        None,
    ),
    Hostile(
        "implied speakers",
        "nya.txt",
        _text(lambda: _fill(lambda i: f"Bersama {NAMES[i % 999]}. “Kami siap membantu warga,” ujarnya. ")),
        None,
    ),
    Hostile(
        "quote marks at the limit",
        "kutip.txt",
        _text(lambda: _fill(lambda i: QUOTE_MARKS[i % len(QUOTE_MARKS)] + " kata, ")),
        None,
    ),
    Hostile(
        "unclosed quotes in every paragraph",
        "paragraf.txt",
        _text(lambda: _fill(lambda i: "“Kami hadir di sini\n\n")),
        None,
    ),
    Hostile(
        "spaces and newlines, as is",
        "spasi.txt",
        _text(lambda: "Bupati Mojokerto hadir." + " \n" * (LIMIT // 2 - 40) + ", kata dia."),
        None,
        ("--as-is",),
    ),
    Hostile("WARC bomb (1 GiB record)", "bom.warc.gz", lambda p: _warc_bomb(p, 1024 * MiB), "larger than the limit"),
]


@pytest.mark.parametrize("case", WORST, ids=[case.name for case in WORST])
def test_hostile_worst_inputs_within_time_and_memory(case: Hostile, tmp_path: Path) -> None:
    path = case.make(tmp_path)
    runner = _RUNNER.format(limit=ADDRESS_SPACE)
    done = subprocess.run(
        [sys.executable, "-c", runner, "extract", *case.args, str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0)),
    )
    timing = next((line for line in done.stderr.splitlines() if line.startswith("warta-bound:")), "")
    print(f"{case.name}: {timing}")
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    assert timing, f"killed or crashed (exit {done.returncode}): {done.stderr[-2000:]}"
    assert done.returncode == (1 if case.refused else 0), done.stderr[-2000:]
    if case.refused:
        assert case.refused in done.stderr
