"""Tests of warta.sources.web against a real HTTP server on 127.0.0.1 (no network needed)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from warta.errors import FetchError, InputError
from warta.model import Raw
from warta.settings import Settings
from warta.sources import Unreadable
from warta.sources.files import iter_inputs
from warta.sources.web import fetch

PAGE = "<html><body><article><p>Café – harga Rp 5.000 naik.</p></article></body></html>"
# path → (status, headers, body)
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/berita": (200, {"Content-Type": "text/html; charset=windows-1252"}, PAGE.encode("cp1252")),
    "/teks": (200, {"Content-Type": "text/plain"}, b"Judul\n\nIsi berita."),
    "/xhtml": (200, {"Content-Type": "application/xhtml+xml"}, PAGE.encode()),
    "/tanpa-tipe": (200, {}, PAGE.encode()),
    "/gambar": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
    "/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
    "/hilang": (404, {"Content-Type": "text/html"}, b"<p>tidak ada</p>"),
    "/rusak": (500, {"Content-Type": "text/html"}, b"<p>galat</p>"),
    "/kosong": (200, {"Content-Type": "text/html"}, b"   "),
    "/ua": (200, {"Content-Type": "text/plain"}, b""),
    "/besar": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 20_000 + b"</p>"),
    "/redir-1": (302, {"Location": "/berita"}, b""),
    "/redir-3": (302, {"Location": "/redir-2"}, b""),
    "/redir-2": (302, {"Location": "/redir-1"}, b""),
}


class Handler(BaseHTTPRequestHandler):
    """Serves ROUTES; "/ua" echoes the User-Agent; "/stream" sends a body without Content-Length."""

    def do_GET(self) -> None:
        if self.path == "/stream":
            self._stream()
            return
        status, headers, body = ROUTES.get(self.path, (404, {}, b""))
        if self.path == "/ua":
            body = (self.headers.get("User-Agent") or "").encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b"<p>" + b"y" * 1000 + b"</p>")
        except OSError:
            pass  # the client stopped reading, as it should

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@contextmanager
def server() -> Iterator[str]:
    """A local HTTP server in a thread; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


SETTINGS = Settings(fetch_timeout=5.0, max_redirects=2, max_bytes=10_000, user_agent="WartaTest/1")


@pytest.mark.parametrize(
    ("path", "fmt", "expected"),
    [
        ("/berita", "html", "Café – harga Rp 5.000"),
        ("/xhtml", "html", "Café – harga"),
        ("/tanpa-tipe", "html", "Café – harga"),
        ("/teks", "text", "Isi berita."),
        ("/ua", "text", "WartaTest/1"),
    ],
)
def test_fetch_ok(path: str, fmt: str, expected: str) -> None:
    with server() as base:
        raw = fetch(base + path, SETTINGS)
    assert raw.format == fmt and expected in str(raw.content)
    assert raw.url == base + path and raw.origin == base + path


def test_redirect_gives_final_url() -> None:
    with server() as base:
        raw = fetch(base + "/redir-1", SETTINGS)
    assert raw.url == base + "/berita" and raw.origin == base + "/redir-1"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/hilang", "HTTP status 404"),
        ("/rusak", "HTTP status 500"),
        ("/gambar", "content type image/png"),
        ("/pdf", "content type application/pdf"),
        ("/redir-3", "more than 2 redirects"),
        ("/besar", "larger than the limit of 10000 bytes"),
        ("/stream", "larger than the limit of 10000 bytes"),
    ],
)
def test_fetch_errors(path: str, message: str) -> None:
    with server() as base, pytest.raises(FetchError, match=message):
        fetch(base + path, SETTINGS)


def test_empty_page_is_an_input_error() -> None:
    with server() as base, pytest.raises(InputError, match="empty"):
        fetch(base + "/kosong", SETTINGS)


def test_unreachable_host() -> None:
    with server() as base:
        port = base.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch(f"http://127.0.0.1:{port}/berita", SETTINGS)


def test_iter_inputs_mixes_urls_and_failures() -> None:
    with server() as base:
        items = list(iter_inputs([base + "/teks", base + "/hilang", base + "/berita"], SETTINGS, as_is=True))
    assert [type(i).__name__ for i in items] == ["Raw", "Unreadable", "Raw"]
    first, missing, page = items
    assert isinstance(first, Raw) and first.as_is is True
    assert isinstance(missing, Unreadable) and "404" in missing.error
    assert isinstance(page, Raw) and page.as_is is False
