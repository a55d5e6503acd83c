"""Tests of warta.sources.warc: pages out of WARC archives, damaged archives, and WARC inputs on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import DEMO
from warta.cli import main
from warta.model import Raw
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.files import iter_inputs
from warta.sources.warc import is_warc, iter_warc

PAGE_ONE = "<html><head><title>Banjir</title></head><body><p>Banjir rendam Mojokerto.</p></body></html>"
PAGE_TWO = "<html><body><article><p>Bupati tinjau posko pengungsian.</p></article></body></html>"


def _response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK", ctype: str = "text/html") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    writer.write_record(record)


def _request(writer: WARCWriter, url: str) -> None:
    headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "kabarjatim.test")], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=headers))


def build_warc(gzip: bool, pages: list[tuple[str, str]] | None = None) -> bytes:
    """A WARC with warcinfo, a request, two HTML pages, a 404, an image and a CSS file."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "warta-tests"}))
    pages = pages or [
        ("https://kabarjatim.test/berita/2024/03/05/banjir", PAGE_ONE),
        ("https://kabarjatim.test/berita/2024/03/05/posko", PAGE_TWO),
    ]
    _request(writer, pages[0][0])
    _response(writer, pages[0][0], pages[0][1].encode(), ctype="text/html; charset=utf-8")
    _response(writer, "https://kabarjatim.test/hilang", b"<html><body>Tidak ditemukan</body></html>", "404 Not Found")
    _response(writer, "https://kabarjatim.test/foto.jpg", b"\xff\xd8\xff\xe0" + bytes(500), ctype="image/jpeg")
    for url, html in pages[1:]:
        _response(writer, url, html.encode())
    _response(writer, "https://kabarjatim.test/gaya.css", b"body { color: red }", ctype="text/css")
    return buf.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pages_of(items: list[Raw | Unreadable]) -> list[Raw]:
    return [item for item in items if isinstance(item, Raw)]


@pytest.mark.parametrize(("gzip", "name"), [(True, "arsip.warc.gz"), (False, "arsip.warc")])
def test_two_html_pages_out_of_a_mixed_warc(tmp_path: Path, gzip: bool, name: str) -> None:
    path = write(tmp_path, name, build_warc(gzip))
    items = list(iter_warc(path, Settings()))
    assert all(isinstance(item, Raw) for item in items)
    pages = pages_of(items)
    assert [p.url for p in pages] == [
        "https://kabarjatim.test/berita/2024/03/05/banjir",
        "https://kabarjatim.test/berita/2024/03/05/posko",
    ]
    assert [p.content for p in pages] == [PAGE_ONE, PAGE_TWO]
    assert {p.format for p in pages} == {"html"} and all(p.published is None for p in pages)


def test_origin_is_the_record_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "arsip.warc.gz", build_warc(True))
    for page in pages_of(list(iter_warc(path, Settings()))):
        name, _, offset = page.origin.partition("#")
        assert name == str(path)
        with path.open("rb") as stream:
            stream.seek(int(offset))
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Target-URI") == page.url


def test_text_page_and_declared_charset(tmp_path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    _response(
        writer,
        "https://a.test/catatan.txt",
        "Harga kopi naik – kata pemilik Café.".encode("cp1252"),
        ctype="text/plain; charset=windows-1252",
    )
    [page] = list(iter_warc(write(tmp_path, "t.warc", buf.getvalue()), Settings()))
    assert isinstance(page, Raw) and page.format == "text"
    assert page.content == "Harga kopi naik – kata pemilik Café."


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("cut", [0.55, 0.98])
def test_truncated_warc_gives_the_whole_records_then_one_unreadable(tmp_path: Path, gzip: bool, cut: float) -> None:
    data = build_warc(gzip)
    path = write(tmp_path, "cut.warc.gz" if gzip else "cut.warc", data[: int(len(data) * cut)])
    items = list(iter_warc(path, Settings()))
    assert isinstance(items[-1], Unreadable)
    assert "truncated or corrupt WARC" in items[-1].error and "\n" not in items[-1].error
    assert items[-1].error.startswith(items[-1].origin + ": ")
    assert all(isinstance(item, Raw) for item in items[:-1])
    assert [p.content for p in pages_of(items)] == [PAGE_ONE, PAGE_TWO][: len(items) - 1]


def test_truncated_inside_the_last_page_never_yields_a_partial_page(tmp_path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    _response(writer, "https://a.test/1", PAGE_ONE.encode())
    _response(writer, "https://a.test/2", PAGE_TWO.encode() * 20)
    data = buf.getvalue()
    items = list(iter_warc(write(tmp_path, "cut.warc", data[: len(data) - 300]), Settings()))
    assert [type(item) for item in items] == [Raw, Unreadable]


def test_garbage_in_the_middle_stops_with_one_unreadable(tmp_path: Path) -> None:
    data = build_warc(False)
    middle = len(data) // 2
    items = list(iter_warc(write(tmp_path, "bad.warc", data[:middle] + b"\x00garbage" * 50), Settings()))
    assert isinstance(items[-1], Unreadable) and "corrupt WARC" in items[-1].error


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body><p>bukan arsip</p></body></html>", "truncated or corrupt WARC"),
        (b"", "no HTML or text response"),
    ],
)
def test_not_a_warc_or_nothing_usable(tmp_path: Path, data: bytes, message: str) -> None:
    [item] = list(iter_warc(write(tmp_path, "x.warc", data), Settings()))
    assert isinstance(item, Unreadable) and message in item.error


def test_missing_file_and_directory(tmp_path: Path) -> None:
    [missing] = list(iter_warc(tmp_path / "tidak-ada.warc.gz", Settings()))
    [folder] = list(iter_warc(tmp_path, Settings()))
    assert isinstance(missing, Unreadable) and "no such file" in missing.error
    assert isinstance(folder, Unreadable) and "is a directory" in folder.error


def test_oversized_record_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    big = "<html><body>" + "<p>kata</p>" * 1000 + "</body></html>"
    path = write(
        tmp_path, "big.warc.gz", build_warc(True, [("https://a.test/besar", big), ("https://a.test/2", PAGE_TWO)])
    )
    items = list(iter_warc(path, Settings(max_bytes=2000)))
    assert isinstance(items[0], Unreadable) and "larger than the limit" in items[0].error
    assert [p.content for p in pages_of(items)] == [PAGE_TWO]


def test_a_warc_that_inflates_past_its_budget_stops_with_one_line(tmp_path: Path) -> None:
    """A compressed bomb costs bounded time: past `max_warc_bytes` of declared records the rest is skipped."""
    big = "<html><body>" + "<p>kata</p>" * 1000 + "</body></html>"
    path = write(
        tmp_path, "bom.warc.gz", build_warc(True, [("https://a.test/1", PAGE_TWO), ("https://a.test/besar", big)])
    )
    items = list(iter_warc(path, Settings(max_warc_bytes=5000)))
    assert [p.content for p in pages_of(items)] == [PAGE_TWO]
    assert isinstance(items[-1], Unreadable) and "max_warc_bytes" in items[-1].error and "\n" not in items[-1].error


@pytest.mark.parametrize(
    ("name", "expected"), [("a.warc", True), ("A.WARC.GZ", True), ("a.warc.txt", False), ("a.gz", False)]
)
def test_is_warc(name: str, expected: bool) -> None:
    assert is_warc(name) is expected


def test_iter_inputs_reads_warc_files_and_forced_format(tmp_path: Path) -> None:
    gz = write(tmp_path, "arsip.warc.gz", build_warc(True))
    plain = write(tmp_path, "arsip.bin", build_warc(False))
    assert len(pages_of(list(iter_inputs([str(gz)], Settings())))) == 2
    assert len(pages_of(list(iter_inputs([str(plain)], Settings(), input_format="warc")))) == 2
    [refused] = list(iter_inputs([str(plain)], Settings()))  # without the flag: binary-looking data refused
    assert isinstance(refused, Unreadable)


def test_iter_inputs_reads_a_warc_on_standard_input() -> None:
    items = list(iter_inputs(["-"], Settings(), input_format="warc", stdin=io.BytesIO(build_warc(True))))
    assert [p.origin.partition("#")[0] for p in pages_of(items)] == ["<stdin>", "<stdin>"]


def test_cli_extract_warc_prints_two_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = sorted((DEMO / "articles").glob("kabarjatim-0[12]*.html"))
    pages = [(f"https://kabarjatim.test/{p.stem}", p.read_text(encoding="utf-8")) for p in articles]
    path = write(tmp_path, "x.warc.gz", build_warc(True, pages))
    code = main(["extract", str(path)])
    out, err = capsys.readouterr()
    docs, decoder, rest = [], json.JSONDecoder(), out.strip()
    while rest:
        doc, end = decoder.raw_decode(rest)
        docs.append(doc)
        rest = rest[end:].strip()
    assert code == 0, err
    assert [doc["article"]["url"] for doc in docs] == [url for url, _ in pages]
