"""Servers the alert tests start (tests/test_alerts.py, tests/test_alerts_crash.py): an HTTP receiver of webhooks
that acknowledges, slowly or not, or fails on purpose; an SMTP server (aiosmtpd), plain or with STARTTLS and a
login over a self-signed certificate made here with `cryptography`; and the hand-built articles they are about."""

from __future__ import annotations

import contextlib
import ssl
import threading
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.ports import free_port
from warta.model import Article


def article(n: int, word: str = "Banjir") -> Article:
    """A hand-built article about `word` (a keyword the watchlists below watch)."""
    return Article(
        f"art{n:03d}", f"{word} melanda desa nomor {n}. Warga <mengungsi> & menunggu bantuan.",
        title=f"{word} di desa {n} <b>&</b>", url=f"https://kabar.test/berita/{n}?a=1&b=2", source="kabar.test",
        published="2026-12-01T08:00:00+07:00",
    )  # fmt: skip


class Receiver:
    """An HTTP server on 127.0.0.1 that records each POST (headers, body) and answers 500 to the first
    `failures` POSTs of each delivery id (every one when `failures` < 0), 200 after; `delay` seconds before
    answering. `acked`: the delivery ids answered 200, in order."""

    def __init__(self, failures: int = 0, delay: float = 0.0) -> None:
        self.failures = failures
        self.delay = delay
        self.posts: list[tuple[dict[str, str], bytes]] = []
        self.acked: list[str] = []
        self.arrived = threading.Event()  # set as each POST arrives (the test may clear it)
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                content = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                delivery = self.headers.get("X-Warta-Delivery", "")
                with receiver.lock:
                    receiver.posts.append((dict(self.headers.items()), content))
                    seen = sum(1 for h, _ in receiver.posts if h.get("X-Warta-Delivery") == delivery)
                receiver.arrived.set()
                if receiver.delay:
                    threading.Event().wait(receiver.delay)
                ok = 0 <= receiver.failures < seen
                if ok:
                    with receiver.lock:
                        receiver.acked.append(delivery)  # before the answer, which the sender may read at once
                with contextlib.suppress(OSError):  # the sender may be gone (killed)
                    self.send_response(200 if ok else 500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        return Handler

    def ids(self) -> list[str]:
        """The delivery ids of the POSTs received, in order."""
        with self.lock:
            return [h.get("X-Warta-Delivery", "") for h, _ in self.posts]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    """aiosmtpd's handler: keeps each message with whether its session was under TLS."""

    def __init__(self) -> None:
        self.messages: list[tuple[EmailMessage, bool, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append((msg, session.ssl is not None, list(envelope.rcpt_tos)))
        return "250 OK"


def smtp_server(tls: ssl.SSLContext | None = None, logins: list[str] | None = None) -> tuple[Any, Mailbox]:
    """A started aiosmtpd controller on a free port (with STARTTLS required and a login when `tls`)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = data.login == b"warta" and data.password == b"rahasia"
        if logins is not None and ok:
            logins.append(data.login.decode())
        return AuthResult(success=ok)

    box = Mailbox()
    extra: dict[str, Any] = {}
    if tls is not None:
        extra = {"tls_context": tls, "require_starttls": True, "authenticator": authenticate, "auth_require_tls": True}
    controller = Controller(box, hostname="127.0.0.1", port=free_port(), **extra)
    controller.start()
    return controller, box


def self_signed(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context with a new self-signed certificate for 127.0.0.1, and the certificate's file."""
    pytest.importorskip("cryptography")
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file
