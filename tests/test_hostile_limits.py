"""Hostile inputs under hard limits: a gzip bomb served with Content-Encoding stops at the size limit, and the
worst inputs go through the command line in a child process under a hard time and address-space limit, so that a
regression shows up as a kill (speed itself is measured by `make bench`, not here). The inputs are made as in
test_hostile.py."""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.test_hostile import (
    LIMIT,
    QUOTE_MARKS,
    SENTENCE,
    Hostile,
    MiB,
    assert_one_line_errors,
    gzip_bomb,
    run_cli,
    warc_bomb,
    writes_text,
)
from warta.errors import FetchError
from warta.settings import Settings
from warta.sources.web import fetch


def made_up_names(count: int, seed: int = 7) -> list[str]:
    """Made-up two-word person names, all different."""
    rng = random.Random(seed)
    syllables = ["ba", "di", "su", "ko", "ra", "ni", "to", "wa", "ya", "an", "har", "jo", "sep", "tri", "wan", "yu"]
    names: dict[str, None] = {}
    while len(names) < count:
        names[" ".join("".join(rng.choices(syllables, k=3)).capitalize() for _ in range(2))] = None
    return list(names)


def fill(unit: Callable[[int], str], size: int = LIMIT - 100) -> str:
    """Units `unit(0)`, `unit(1)`, … up to `size` characters."""
    parts, total, i = [], 0, 0
    while total < size:
        parts.append(unit(i))
        total += len(parts[-1])
        i += 1
    return "".join(parts)[:size]


NAMES = made_up_names(12_000)


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
    gzip_bomb(tmp_path / "bom.gz", 1024 * MiB, b"<html><body><p>")
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
        code, out, err = run_cli(capsys, "extract", url)
    assert code == 1 and out == "" and "larger than the limit" in err
    assert_one_line_errors(err, 1)


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
        writes_text(lambda: "<html><body>" + f"<p>{SENTENCE}</p>" * 180_000),
        "max_text_chars",
    ),
    Hostile(
        "text at the limit, no sentence end", "satu.txt", writes_text(lambda: fill(lambda i: "kata warga desa ")), None
    ),
    Hostile("titles only", "jabatan.txt", writes_text(lambda: fill(lambda i: "Bupati ")), None),
    Hostile("titles and units", "kepala.txt", writes_text(lambda: fill(lambda i: "Kepala Dinas Kesehatan ")), None),
    Hostile(
        "12,000 names in one sentence",
        "hadir.txt",
        writes_text(lambda: "Hadir " + fill(lambda i: NAMES[i % len(NAMES)] + ", ") + " hari ini."),
        None,
    ),
    Hostile(
        "a sentence per name",
        "nama.txt",
        writes_text(lambda: fill(lambda i: f"{NAMES[i % len(NAMES)]} mengatakan bahwa warga aman. ")),
        None,
    ),
    Hostile(
        "implied speakers",
        "nya.txt",
        writes_text(lambda: fill(lambda i: f"Bersama {NAMES[i % 999]}. “Kami siap membantu warga,” ujarnya. ")),
        None,
    ),
    Hostile(
        "quote marks at the limit",
        "kutip.txt",
        writes_text(lambda: fill(lambda i: QUOTE_MARKS[i % len(QUOTE_MARKS)] + " kata, ")),
        None,
    ),
    Hostile(
        "unclosed quotes in every paragraph",
        "paragraf.txt",
        writes_text(lambda: fill(lambda i: "“Kami hadir di sini\n\n")),
        None,
    ),
    Hostile(
        "spaces and newlines, as is",
        "spasi.txt",
        writes_text(lambda: "Bupati Mojokerto hadir." + " \n" * (LIMIT // 2 - 40) + ", kata dia."),
        None,
        ("--as-is",),
    ),
    Hostile("WARC bomb (1 GiB record)", "bom.warc.gz", lambda p: warc_bomb(p, 1024 * MiB), "larger than the limit"),
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
