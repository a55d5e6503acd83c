"""Tests of warta.sources.files: reading files, standard input and JSON Lines, decoding bytes."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warta.errors import InputError
from warta.model import Raw
from warta.net.decode import decode, detect_format
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.files import iter_inputs

PAGES = Path(__file__).parent / "data" / "pages"
TEXT = "Harga kopi di Café Sentosa naik menjadi Rp 5.000 – harga lama Rp 4.000, kata pemilik.\n"


def read_all(specs: list[str], **options: object) -> list[Raw | Unreadable]:
    """Every item `iter_inputs` yields for the specs."""
    return list(iter_inputs(specs, Settings(), **options))  # type: ignore[arg-type]


def write(tmp_path: Path, name: str, data: bytes) -> str:
    """Write bytes into a file under tmp_path and return its path."""
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig", "utf-16"])
def test_decode_encodings(encoding: str) -> None:
    assert decode((TEXT * 3).encode(encoding), "f") == TEXT * 3


def test_decode_latin1_text() -> None:
    text = "Kafe Café menjual roti à la française seharga Rp 5.000, kata Sébastien.\n"
    assert decode(text.encode("latin-1"), "f") == text


def test_decode_declared_charset_wins() -> None:
    assert decode("Café – harga".encode("cp1252"), "u", declared="windows-1252") == "Café – harga"
    assert decode("Café".encode("latin-1"), "u", declared="ISO-8859-1") == "Café"


def test_decode_meta_charset() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café – harga</p></body></html>'
    assert "Café – harga" in decode(page.encode("cp1252"), "p")


def test_decode_bad_declared_charset_falls_back() -> None:
    assert decode("Café".encode(), "u", declared="no-such-charset") == "Café"


@pytest.mark.parametrize(
    "data",
    [
        b"\x1f\x8b\x08\x00rest",
        b"PK\x03\x04zipdata",
        b"%PDF-1.7\n%...",
        b"\x89PNG\r\n\x1a\n....",
        b"\xff\xd8\xff\xe0JFIF",
        b"\x7fELF\x02\x01\x01",
        b"teks\x00dengan\x00nul",
        bytes(range(1, 9)) * 50,
    ],
)
def test_decode_rejects_binary(data: bytes) -> None:
    with pytest.raises(InputError, match="binary data, not a news page or text"):
        decode(data, "f.bin")


@pytest.mark.parametrize("data", [b"", b"   \n\t \r\n"])
def test_decode_rejects_empty(data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        decode(data, "f.txt")


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("apa saja", ".html", "html"),
        ("apa saja", ".jsonl", "jsonl"),
        ("<!DOCTYPE html><title>x</title>", "", "html"),
        ("  <html><body>x</body></html>", ".txt", "html"),
        ("Judul\n\n<article>isi</article>", "", "html"),
        ('\n{"text": "isi"}\n{"text": "dua"}', "", "jsonl"),
        ("Judul berita\n\nIsi berita {dengan kurung}.", "", "text"),
        ("{bukan json", "", "text"),
    ],
)
def test_detect_format(text: str, suffix: str, expected: str) -> None:
    assert detect_format(text, suffix) == expected


def test_files_in_order_with_failures(tmp_path: Path) -> None:
    good = write(tmp_path, "a.txt", TEXT.encode("cp1252"))
    empty = write(tmp_path, "empty.txt", b"")
    binary = write(tmp_path, "x.pdf", b"%PDF-1.4 binary")
    items = read_all([good, str(tmp_path / "missing.txt"), empty, str(tmp_path), binary, str(PAGES / "login.html")])
    assert [type(item).__name__ for item in items] == ["Raw", "Unreadable", "Unreadable", "Unreadable",
                                                       "Unreadable", "Raw"]  # fmt: skip
    first, missing, blank, directory, pdf, page = items
    assert isinstance(first, Raw) and first.content == TEXT and first.format == "text"
    assert isinstance(missing, Unreadable) and "no such file" in missing.error
    assert isinstance(blank, Unreadable) and "empty" in blank.error
    assert isinstance(directory, Unreadable) and "directory" in directory.error
    assert isinstance(pdf, Unreadable) and "binary data" in pdf.error
    assert isinstance(page, Raw) and page.format == "html" and page.origin.endswith("login.html")


def test_huge_file_is_rejected_fast(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as stream:
        stream.write(b"<html><body>" + b"<p>Berita panjang sekali.</p>" * (50_000_000 // 29))
    started = time.monotonic()
    (item,) = read_all([str(path)])
    assert isinstance(item, Unreadable)
    assert "larger than the limit of 20000000 bytes" in item.error
    assert time.monotonic() - started < 2


def test_stdin_limit_and_format() -> None:
    settings = Settings(max_bytes=100)
    (too_big,) = iter_inputs(["-"], settings, stdin=io.BytesIO(b"a" * 101))
    assert isinstance(too_big, Unreadable) and too_big.origin == "<stdin>" and "limit of 100" in too_big.error
    (raw,) = iter_inputs(["-"], settings, input_format="html", stdin=io.BytesIO(b"Judul\n\nIsi."))
    assert isinstance(raw, Raw) and raw.format == "html" and raw.content == "Judul\n\nIsi."


@pytest.mark.parametrize(("as_is", "fmt", "expected"), [(True, "text", True), (True, "html", False),
                                                        (False, "text", False)])  # fmt: skip
def test_as_is_applies_to_text_only(tmp_path: Path, as_is: bool, fmt: str, expected: bool) -> None:
    path = write(tmp_path, "a.txt", TEXT.encode())
    (raw,) = read_all([path], input_format=fmt, as_is=as_is)
    assert isinstance(raw, Raw) and raw.as_is is expected


def test_jsonl_with_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "r1", "url": "https://a.example/1", "title": "Satu", "published": "2022-06-06",
                    "text": "Isi pertama."}),
        "{rusak",
        "",
        "[1, 2]",
        json.dumps({"id": 7, "html": "<p>Isi kedua</p>"}),
        json.dumps({"id": "r3", "title": "Tanpa isi"}),
        json.dumps({"text": "Isi ketiga.", "title": None}),
    ]  # fmt: skip
    path = write(tmp_path, "batch.jsonl", "\n".join(lines).encode())
    items = read_all([path], as_is=True)
    assert [(type(i).__name__, i.origin) for i in items] == [
        ("Raw", f"{path}:1"), ("Unreadable", f"{path}:2"), ("Unreadable", f"{path}:4"),
        ("Raw", f"{path}:5"), ("Unreadable", f"{path}:6"), ("Raw", f"{path}:7")]  # fmt: skip
    first, bad_json, not_object, html, no_text, third = items
    assert isinstance(first, Raw)
    assert (first.id, first.url, first.title, first.published, first.content, first.format, first.as_is) == (
        "r1", "https://a.example/1", "Satu", "2022-06-06", "Isi pertama.", "text", True)  # fmt: skip
    assert isinstance(bad_json, Unreadable) and "invalid JSON" in bad_json.error
    assert isinstance(not_object, Unreadable) and "not a JSON object" in not_object.error
    assert isinstance(html, Raw) and (html.id, html.format, html.as_is) == ("7", "html", False)
    assert isinstance(no_text, Unreadable) and '"text" or "html"' in no_text.error
    assert isinstance(third, Raw) and third.title is None


def test_jsonl_sniffed_from_stdin() -> None:
    data = b'{"text": "Isi satu."}\n{"text": "Isi dua."}\n'
    items = list(iter_inputs(["-"], Settings(), stdin=io.BytesIO(data)))
    assert [i.origin for i in items] == ["<stdin>:1", "<stdin>:2"]


def test_unknown_format_is_an_error() -> None:
    with pytest.raises(InputError, match="unknown input format"):
        read_all(["x"], input_format="pdf")


@given(st.binary(max_size=300))
def test_decode_gives_text_or_input_error(data: bytes) -> None:
    try:
        assert decode(data, "f").strip()
    except InputError as exc:
        assert str(exc).startswith("f: ")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x0c", "\x1c", "\x85", "\r"])
def test_jsonl_line_breaks_inside_records_are_text(tmp_path: Path, separator: str) -> None:
    record = json.dumps({"id": "r1", "text": f"Baris satu.{separator}Baris dua."}, ensure_ascii=False)
    path = write(tmp_path, "odd.jsonl", (record + "\r\n" + json.dumps({"text": "Dua."}) + "\n").encode())
    items = read_all([path])
    assert [(type(i).__name__, i.origin) for i in items] == [("Raw", f"{path}:1"), ("Raw", f"{path}:2")]
    first = items[0]
    assert isinstance(first, Raw) and first.content == f"Baris satu.{separator}Baris dua."


def test_jsonl_over_the_limit_is_streamed_when_named_or_sniffed(tmp_path: Path) -> None:
    """JSON Lines over `max_bytes` (by name, by --input-format, or sniffed) is read record by record; other
    text over it is still refused whole; blank lines keep their numbers; a binary one is one error."""
    records = "".join(json.dumps({"id": f"r{i}", "text": f"Isi berita {i}."}) + "\n\n" for i in range(60))
    settings = Settings(max_bytes=1000)
    for name, fmt in [("a.jsonl", None), ("a.dump", None), ("a.txt", "jsonl")]:
        path = write(tmp_path, name, records.encode())
        items = list(iter_inputs([path], settings, fmt))
        assert [i.origin for i in items] == [f"{path}:{2 * i + 1}" for i in range(60)]
    prose = write(tmp_path, "b.txt", ("Kalimat berita. " * 100).encode())
    assert [type(i) for i in iter_inputs([prose], settings)] == [Unreadable]
    binary = write(tmp_path, "c.jsonl", b"\x00\x01" * 200 + b"\n" + records.encode())
    assert [(type(i), i.origin) for i in iter_inputs([binary], settings)] == [(Unreadable, binary)]
