"""The address guard on real connections: servers on 127.0.0.1 with the guard allowing exactly one of them,
fake resolvers standing in for DNS; redirects, DNS rebinding, TLS names, deadlines, the crawler end to end, and
`warta extract URL`."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.conftest import DEMO, Databases
from tests.test_crawl_guard import FakeDNS
from warta.cli import main
from warta.crawl.config import CrawlConfig, Source
from warta.crawl.crawler import Crawler
from warta.crawl.fetch import Fetcher, FetchLimits, Response
from warta.errors import FetchError
from warta.net.guard import AddressPolicy, Guard, command_line_policy
from warta.net.transport import GuardedTransport
from warta.pipeline import Pipeline
from warta.settings import Settings
from warta.sources.web import COMMAND_LINE_HINT, fetch
from warta.store import open_store
from warta.store.frontier import Frontier
from warta.store.sqlstore import SQLStore

PAGE = (DEMO / "articles" / "kabarjatim-01-smart-city-mojokerto.html").read_bytes()
SMALL = b"<html><body><article><p>Bupati meresmikan pasar.</p></article></body></html>"


class Local:
    """An HTTP(S) server on 127.0.0.1: `routes` maps a path to (status, headers, body); `/host` echoes the Host
    header, `/drip` sends its body a byte every 0.1 s. `hits` lists the paths asked for."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {"/ok": (200, {}, SMALL)}
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits.append(self.path)
                status, headers, body = server.routes.get(self.path, (404, {}, b"not found"))
                if self.path == "/host":
                    status, body = 200, (self.headers.get("Host") or "").encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for byte in body if self.path == "/drip" else [body]:
                        self.wfile.write(bytes([byte]) if isinstance(byte, int) else byte)
                        self.wfile.flush()
                        if self.path == "/drip":
                            time.sleep(0.1)
                except OSError:
                    pass  # the client gave up, as it should

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = int(self.httpd.server_address[1])
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()  # quick shutdown

    def url(self, path: str, host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def redirect(self, path: str, target: str) -> None:
        self.routes[path] = (302, {"Location": target}, b"")

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Local]:
    srv = Local()
    yield srv
    srv.close()


@pytest.fixture
def other() -> Iterator[Local]:
    """A second server on another port: whatever reaches it got past the guard."""
    srv = Local()
    yield srv
    srv.close()


def only(server: Local) -> AddressPolicy:
    """The policy allowing exactly this server: its address and its port."""
    return AddressPolicy((ipaddress.ip_network("127.0.0.1/32"),), (server.port,))


def get(url: str, policy: AddressPolicy, dns: FakeDNS | None = None, **limits: float) -> Response:
    async def run() -> Response:
        guard = Guard(policy, resolver=dns)
        async with Fetcher(FetchLimits(delay=0.0, allow=policy, **limits), guard=guard) as fetcher:  # type: ignore[arg-type]
            return await fetcher.get(url)

    return asyncio.run(run())


# Real connections --------------------------------------------------------------------------------------------


def test_default_policy_refuses_loopback_without_connecting(server: Local) -> None:
    for url in (server.url("/ok"), server.url("/ok", host="localhost"), server.url("/ok", host="0x7f.1")):
        response = get(url, AddressPolicy())
        assert response.refused and not response.retryable and response.status == 0
        assert (response.error or "").startswith("refused: ") and "loopback" in (response.error or "")
    assert server.hits == []


def test_allowed_server_is_fetched_and_redirects_within_it_followed(server: Local) -> None:
    server.redirect("/hop", "/ok")
    response = get(server.url("/hop"), only(server))
    assert response.ok and response.body == SMALL and server.hits == ["/hop", "/ok"]


def test_connection_goes_to_the_checked_address_with_the_name_kept(server: Local) -> None:
    dns = FakeDNS(news_test=[["127.0.0.1"]])  # a name only the fake resolver knows
    response = get(server.url("/host", host="news.test"), only(server), dns)
    assert response.ok and response.body == f"news.test:{server.port}".encode()


def test_dns_rebinding_between_check_and_connect_is_refused(server: Local) -> None:
    dns = FakeDNS(news_test=[["127.0.0.1"], ["10.0.0.5"]])  # allowed when checked, private when connecting

    async def run() -> tuple[Response | None, Response]:
        async with Fetcher(FetchLimits(delay=0.0, allow=only(server)), guard=Guard(only(server), resolver=dns)) as f:
            url = server.url("/ok", host="news.test")
            return await f.check(url), await f.get(url)

    checked, response = asyncio.run(run())
    assert checked is None  # the first answer passed the check …
    assert response.refused and "news.test resolves to 10.0.0.5, a private address" in (response.error or "")
    assert server.hits == [] and dns.asked == ["news.test", "news.test"]  # … the second was refused, not used


def test_one_private_answer_among_allowed_ones_refuses(server: Local) -> None:
    response = get(server.url("/ok", host="news.test"), only(server), FakeDNS(news_test=[["127.0.0.1", "10.0.0.5"]]))
    assert response.refused and server.hits == []


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("http://127.0.0.2:{port}/ok", "127.0.0.2 is a loopback address"),
        ("http://127.0.0.1:{other}/ok", "allowed only on port {port}, not {other}"),
        ("http://2130706434:{port}/ok", "127.0.0.2, a loopback"),
        ("http://0x7f.0.0.2:{port}/ok", "127.0.0.2, a loopback"),
        ("http://[::1]:{port}/ok", "::1 is a loopback"),
        ("http://localhost:{other}/ok", "localhost resolves to"),
        ("http://169.254.169.254/latest/meta-data/iam/security-credentials/", "cloud metadata"),
        ("http://[::ffff:a9fe:a9fe]/latest/meta-data/", "cloud metadata"),
        ("http://[fe80::1%25lo]:{port}/ok", "link-local"),
        ("http://10.0.0.5/admin", "10.0.0.5 is a private address"),
        ("http://rebind.test:{port}/ok", "rebind.test resolves to 10.0.0.5"),
        ("ftp://127.0.0.1:{port}/ok", "not an http(s) URL"),
        ("file:///etc/passwd", "not an http(s) URL"),
    ],
)
def test_redirects_to_refused_addresses_are_refused(server: Local, other: Local, target: str, message: str) -> None:
    fill = {"port": server.port, "other": other.port}
    server.redirect("/go", target.format(**fill))
    response = get(
        server.url("/go"), only(server), FakeDNS(rebind_test=[["10.0.0.5"]], localhost=[["127.0.0.1", "::1"]])
    )
    assert response.refused and not response.retryable
    error = response.error or ""
    assert error.startswith("refused: ") and "(redirected to " in error and message.format(**fill) in error
    assert server.hits == ["/go"] and other.hits == []


def test_a_replaced_transport_still_gets_the_url_checks() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://[::ffff:169.254.169.254]/latest/meta-data/"})

    async def run() -> Response:
        async with Fetcher(FetchLimits(delay=0.0), httpx.MockTransport(answer)) as fetcher:
            assert await fetcher.check("http://0x7f.1/") is not None  # literal: refused without DNS
            return await fetcher.get("https://news.example/berita/1")

    response = asyncio.run(run())
    assert response.refused and "cloud metadata" in (response.error or "")
    assert seen == ["https://news.example/berita/1"]


def test_a_slow_drip_ends_at_the_deadline(server: Local) -> None:
    server.routes["/drip"] = (200, {}, SMALL)  # 77 bytes, one every 0.1 s: never a read timeout, 8 s in all
    started = time.monotonic()
    response = get(server.url("/drip"), only(server), read_timeout=1.0, total_timeout=1.0)
    assert "deadline" in (response.error or "") and response.retryable
    assert time.monotonic() - started < 3.0


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_tls_keeps_the_name_for_sni_and_the_certificate(tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    names: list[str | None] = []
    tls.sni_callback = lambda sock, name, context: names.append(name)
    server = Local(tls)
    try:
        guard = Guard(only(server), resolver=FakeDNS(news_test=[["127.0.0.1"]]))
        transport = GuardedTransport(guard, verify=ssl.create_default_context(cafile=str(cert)))

        async def run() -> Response:
            async with Fetcher(FetchLimits(delay=0.0), transport, guard) as fetcher:
                return await fetcher.get(server.url("/host", host="news.test", scheme="https"))

        response = asyncio.run(run())
    finally:
        server.close()
    assert response.ok and response.body == f"news.test:{server.port}".encode() and names == ["news.test"]


# The crawler, end to end -----------------------------------------------------------------------------------


def _states(store: SQLStore) -> dict[str, tuple[str, str | None, int]]:
    rows = store.conn.execute("SELECT url, state, error, attempts FROM crawl_urls").fetchall()
    return {url: (state, error, attempts) for url, state, error, attempts in rows}


def test_crawl_with_the_default_config_touches_no_local_server(
    server: Local, databases: Databases, pipe: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/berita/2024/03/05/pasar-baru-sooko"] = (200, {}, PAGE)
    source = Source("lokal", feeds=(server.url("/rss.xml"),), urls=(server.url("/berita/2024/03/05/pasar-baru-sooko"),))
    location = databases.new()
    with open_store(location) as store:
        report = asyncio.run(Crawler(CrawlConfig(FetchLimits(delay=0.0), 3, 1, (source,)), store, pipe).run([source]))
        states = _states(store)
        (status,) = Frontier(store).status()
    assert report.counts == {"failed": 2} and server.hits == []  # not even robots.txt
    article = states[server.url("/berita/2024/03/05/pasar-baru-sooko")]
    assert article[0] == "failed" and article[1] == (
        "refused: 127.0.0.1 is a loopback address; allow it with allow_networks in warta.toml"
    )
    assert states[server.url("/rss.xml")][0] == "queued"  # an entry point: checked again on its schedule
    assert (status.failed, status.done, status.queued) == (1, 0, 1)  # queued counts entry points too
    assert (status.last_error or "").startswith("refused: 127.0.0.1 is a loopback address")
    assert main(["--db", location, "crawl", "status"]) == 0
    assert "refused: 127.0.0.1 is a loopback address" in capsys.readouterr().out


def test_crawl_allowed_server_stores_and_refuses_redirects_out_of_it(
    server: Local, other: Local, store: SQLStore, pipe: Pipeline
) -> None:
    server.routes["/berita/2024/03/05/pasar-baru-sooko"] = (200, {}, PAGE)
    server.redirect("/berita/2024/03/05/ke-metadata-awan", "http://169.254.169.254/latest/meta-data/")
    server.redirect("/berita/2024/03/05/ke-port-lain", other.url("/berita/2024/03/05/pasar-baru-sooko"))
    urls = (
        server.url("/berita/2024/03/05/pasar-baru-sooko"),
        server.url("/berita/2024/03/05/ke-metadata-awan"),
        server.url("/berita/2024/03/05/ke-port-lain"),
        "http://10.0.0.5/berita/2024/03/05/alamat-privat",
    )
    source = Source("lokal", urls=urls)
    config = CrawlConfig(FetchLimits(delay=0.0, allow=only(server)), 3, 1, (source,))
    report = asyncio.run(Crawler(config, store, pipe).run([source]))
    assert report.counts == {"stored": 1, "failed": 3}  # no retries
    states = _states(store)
    assert states[urls[0]][0] == "done"
    for url, part in zip(urls[1:], ("cloud metadata", f"not {other.port}", "10.0.0.5 is a private"), strict=True):
        state, error, attempts = states[url]
        assert state == "failed" and attempts == 1 and (error or "").startswith("refused: ") and part in (error or "")
    assert other.hits == []


# `warta extract URL` -------------------------------------------------------------------------------------------


def test_extract_fetches_a_local_address_the_user_wrote(server: Local) -> None:
    assert command_line_policy("http://127.0.0.1:8000/").networks == (ipaddress.ip_network("127.0.0.1/32"),)
    assert command_line_policy("http://169.254.169.254/").networks == ()  # never the metadata service
    assert command_line_policy("https://news.example/").networks == ()
    server.redirect("/hop", "/ok")
    for url in (server.url("/hop"), server.url("/ok", host="localhost")):
        raw = fetch(url, Settings())
        assert "Bupati meresmikan pasar" in raw.content


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("http://127.0.0.2:{port}/ok", "127.0.0.2 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://[::ffff:10.0.0.5]/", "10.0.0.5, a private address"),
    ],
)
def test_extract_refuses_a_redirect_to_another_local_address(server: Local, target: str, message: str) -> None:
    server.redirect("/go", target.format(port=server.port))
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/go"), Settings())
    text = str(caught.value)
    assert text.startswith(server.url("/go") + ": refused: ") and message in text and COMMAND_LINE_HINT in text


def test_extract_refuses_metadata_and_names_resolving_to_local_addresses(server: Local) -> None:
    with pytest.raises(FetchError, match="cloud metadata"):
        fetch("http://169.254.169.254/latest/meta-data/", Settings())
    url = server.url("/ok", host="news.test")
    guard = Guard(command_line_policy(url), COMMAND_LINE_HINT, sync_resolver=FakeDNS(news_test=[["127.0.0.1"]]).sync)
    with pytest.raises(FetchError, match=re.escape("news.test resolves to 127.0.0.1, a loopback address")):
        fetch(url, Settings(), guard)
    assert server.hits == []


def test_extract_ends_a_slow_drip_at_the_deadline(server: Local) -> None:
    server.routes["/drip"] = (200, {}, SMALL)
    started = time.monotonic()
    with pytest.raises(FetchError, match="no answer within"):
        fetch(server.url("/drip"), Settings(fetch_timeout=0.5))  # 2 s for the whole fetch
    assert time.monotonic() - started < 4.0
