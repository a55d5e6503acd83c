"""Alert delivery (`warta.alerts`, `warta.store.deliveries`) against real servers started here: an HTTP receiver
(http.server in a thread) that acknowledges, or fails on purpose, and an SMTP server (aiosmtpd), plain or with
STARTTLS and a login (a self-signed certificate made here with `cryptography`). On both store backends.

Time is the runner's clock (`run_once(clock=…)`), moved forward by hand past each backoff: no test waits for it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.alert_servers import Receiver, article, self_signed, smtp_server
from tests.ports import free_port
from warta.alerts import atom, config, runner, webhook
from warta.alerts.webhook import verify
from warta.errors import InputError
from warta.settings import Settings
from warta.store import open_store
from warta.store.deliveries import INTERRUPTED, delivery_id
from warta.store.queries import watch_matches
from warta.store.sqlstore import SQLStore
from warta.watch import Watchlist

T0 = datetime.now(UTC) + timedelta(minutes=1)  # the runner's clock starts here, past every delivery's due time


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


def quick(**values: Any) -> Settings:
    """Settings for the tests: short timeout, 3 attempts, a 60 s first backoff, no SMTP TLS unless asked, webhooks
    allowed to the loopback receivers."""
    return Settings(**({"alerts_timeout": 5.0, "alerts_max_attempts": 3, "alerts_backoff": 60.0,
                        "smtp_starttls": False, "alerts_allow_networks": "127.0.0.1/32"} | values))  # fmt: skip


def at(seconds: float) -> runner.Clock:
    """A runner clock standing still at T0 + `seconds`."""
    return lambda: T0 + timedelta(seconds=seconds)


def deliveries(store: SQLStore) -> list[tuple[Any, ...]]:
    """(channel, target, state, attempts, last_error, next_attempt) of every delivery."""
    return store.conn.execute(
        "SELECT channel, target, state, attempts, last_error, next_attempt FROM deliveries ORDER BY alert_id"
    ).fetchall()


def attempts(store: SQLStore) -> list[tuple[Any, ...]]:
    """(alert, attempt, ok, detail) of every logged attempt."""
    return store.conn.execute(
        "SELECT alert_id, attempt, ok, detail FROM delivery_attempts ORDER BY alert_id, attempt"
    ).fetchall()


# ------------------------------------------------------------------------------------------------ webhooks


def test_a_webhook_gets_the_alert_signed_once(store: SQLStore, receiver: Receiver) -> None:
    w = store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook=receiver.url))
    store.save(article(1))
    store.save(article(2, "Gempa"))  # matches nothing
    assert runner.run_once(store, quick(), clock=at(0)) == {"sent": 1}
    assert runner.run_once(store, quick(), clock=at(3600)) == {}  # recorded as sent: never sent again
    assert len(receiver.posts) == 1
    headers, content = receiver.posts[0]
    assert w.webhook_secret
    assert verify(w.webhook_secret, headers["X-Warta-Timestamp"], content, headers["X-Warta-Signature"])
    expected = hmac.new(w.webhook_secret.encode(), f"{headers['X-Warta-Timestamp']}.".encode() + content,
                        hashlib.sha256).hexdigest()  # fmt: skip
    assert headers["X-Warta-Signature"] == f"sha256={expected}"
    assert not verify("another secret", headers["X-Warta-Timestamp"], content, headers["X-Warta-Signature"])
    body = json.loads(content)
    alert = watch_matches(store).items[0]
    assert body["delivery"] == headers["X-Warta-Delivery"] == delivery_id(alert.alert_id, "webhook", receiver.url)
    assert body["alert"] == alert.alert_id
    assert body["watchlist"] == {"id": w.id, "name": "Banjir"}
    assert body["article"] == {"id": "art001", "title": "Banjir di desa 1 <b>&</b>", "outlet": "kabar.test",
                               "url": "https://kabar.test/berita/1?a=1&b=2",
                               "published": "2026-12-01T08:00:00+07:00"}  # fmt: skip
    assert body["reasons"][0]["kind"] == "keyword" and body["reasons"][0]["label"].lower() == "banjir"
    assert w.webhook_secret not in content.decode()
    assert [d[2:4] for d in deliveries(store)] == [("sent", 1)]
    assert [(a[1], a[2]) for a in attempts(store)] == [(1, 1)]
    assert attempts(store)[0][3] == "HTTP 200 OK"


def test_a_failing_webhook_is_retried_with_backoff_and_every_attempt_logged(store: SQLStore) -> None:
    failing = Receiver(failures=2)
    try:
        store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook=failing.url))
        store.save(article(1))
        assert runner.run_once(store, quick(), clock=at(0)) == {"retry": 1}
        assert deliveries(store)[0][5] == (T0 + timedelta(seconds=60)).isoformat(timespec="seconds")
        assert runner.run_once(store, quick(), clock=at(59)) == {}  # not due before its backoff has passed
        assert runner.run_once(store, quick(), clock=at(60)) == {"retry": 1}
        assert deliveries(store)[0][5] == (T0 + timedelta(seconds=180)).isoformat(timespec="seconds")  # doubled
        assert runner.run_once(store, quick(), clock=at(180)) == {"sent": 1}
        assert len(set(failing.ids())) == 1 and len(failing.ids()) == 3 and len(failing.acked) == 1
        assert [(a[1], a[2], a[3]) for a in attempts(store)] == [
            (1, 0, "HTTP 500 Internal Server Error"), (2, 0, "HTTP 500 Internal Server Error"), (3, 1, "HTTP 200 OK")
        ]  # fmt: skip
        assert [d[2:5] for d in deliveries(store)] == [("sent", 3, None)]
    finally:
        failing.close()


def test_a_webhook_that_keeps_failing_ends_failed(store: SQLStore) -> None:
    failing = Receiver(failures=-1)
    try:
        store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook=failing.url))
        store.save(article(1))
        outcomes = [runner.run_once(store, quick(), clock=at(t)) for t in (0, 60, 180, 420, 10**6)]
        assert outcomes == [{"retry": 1}, {"retry": 1}, {"failed": 1}, {}, {}]
        assert len(failing.ids()) == 3 and not failing.acked
        assert [d[2:5] for d in deliveries(store)] == [("failed", 3, "HTTP 500 Internal Server Error")]
        assert [(a[1], a[2]) for a in attempts(store)] == [(1, 0), (2, 0), (3, 0)]
    finally:
        failing.close()


def test_an_unreachable_webhook_is_a_failed_attempt(store: SQLStore) -> None:
    store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook=f"http://127.0.0.1:{free_port()}/x"))
    store.save(article(1))
    assert runner.run_once(store, quick(), clock=at(0)) == {"retry": 1}
    assert "ConnectError" in attempts(store)[0][3]


def test_a_claim_holds_a_delivery_for_its_lease_then_an_interrupted_attempt_is_retried(store: SQLStore) -> None:
    store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook="http://127.0.0.1:9/x"))
    store.save(article(1))
    first = store.claim_deliveries(T0, 120.0)  # a runner took it, then died before recording anything
    assert [d.attempt for d in first] == [1]
    assert store.claim_deliveries(T0 + timedelta(seconds=119), 120.0) == []  # still held: nobody else sends it
    again = store.claim_deliveries(T0 + timedelta(seconds=120), 120.0)
    assert [(d.id, d.attempt) for d in again] == [(first[0].id, 2)]
    assert next((a[1], a[3]) for a in attempts(store)) == (1, INTERRUPTED)
    store.record_delivery(again, True, "HTTP 200 OK", T0 + timedelta(seconds=121), (3, 60.0))
    store.record_delivery(first, False, "late failure", T0 + timedelta(seconds=122), (3, 60.0))  # too late
    assert [d[2:4] for d in deliveries(store)] == [("sent", 2)]


def test_a_delivery_whose_every_attempt_is_interrupted_ends_failed(store: SQLStore) -> None:
    """A send that stops the runner each time (never recorded) is not tried forever: after the last attempt's
    lease it is marked failed."""
    store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook="http://127.0.0.1:9/x"))
    store.save(article(1))
    for attempt in (1, 2, 3):
        taken = store.claim_deliveries(T0 + timedelta(seconds=200 * attempt), 120.0, 3)
        assert [d.attempt for d in taken] == [attempt]
    assert store.claim_deliveries(T0 + timedelta(seconds=800), 120.0, 3) == []
    [(_, _, state, tried, error)] = [(*d[:4], d[4]) for d in store.conn.execute(
        "SELECT alert_id, channel, state, attempts, last_error FROM deliveries")]  # fmt: skip
    assert (state, tried) == ("failed", 3) and "interrupted" in error
    assert [a[3] for a in attempts(store)] == [INTERRUPTED] * 3


# ------------------------------------------------------------------------------------------------ e-mail


def test_an_email_alert_goes_out_at_once_in_indonesian(store: SQLStore) -> None:
    controller, box = smtp_server()
    try:
        settings = quick(smtp_host="127.0.0.1", smtp_port=controller.port, smtp_from="warta@kab.test")
        store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), emails=("humas@kab.test",)))
        store.save(article(1))
        assert runner.run_once(store, settings, clock=at(0)) == {"sent": 1}
    finally:
        controller.stop()
    [(msg, tls, to)] = box.messages
    assert to == ["humas@kab.test"] and not tls
    assert msg["Subject"] == "Peringatan Warta: Banjir — Banjir di desa 1 <b>&</b>"
    assert msg["X-Warta-Delivery"] == delivery_id(watch_matches(store).items[0].alert_id, "email", "humas@kab.test")
    text = msg.get_content()
    assert "Pantauan: Banjir" in text and "Terbit: 1 Desember 2026" in text
    assert "https://kabar.test/berita/1?a=1&b=2" in text and "kata kunci: Banjir" in text


def test_email_alerts_of_an_hourly_watchlist_go_out_as_one_digest(store: SQLStore) -> None:
    controller, box = smtp_server()
    try:
        settings = quick(smtp_host="127.0.0.1", smtp_port=controller.port)
        store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), emails=("a@kab.test",), digest="hourly"))
        store.save_watchlist(Watchlist("Gempa", keywords=("gempa",), emails=("a@kab.test",), digest="hourly"))
        for n in range(3):
            store.save(article(n))
        store.save(article(9, "Gempa"))
        due = datetime.fromisoformat(str(deliveries(store)[0][5]))
        assert runner.run_once(store, settings, clock=lambda: due - timedelta(seconds=1)) == {}  # not its hour yet
        assert runner.run_once(store, settings, clock=lambda: due) == {"sent": 4}
        assert runner.run_once(store, settings, clock=lambda: due + timedelta(days=1)) == {}
    finally:
        controller.stop()
    subjects = sorted(str(msg["Subject"]) for msg, _, _ in box.messages)
    assert subjects == [
        "Peringatan Warta: Banjir — 3 berita baru",
        "Peringatan Warta: Gempa — Gempa di desa 9 <b>&</b>",
    ]
    digest = next(msg for msg, _, _ in box.messages if "3 berita" in str(msg["Subject"]))
    text = digest.get_content()
    assert all(f"Banjir di desa {n} <b>&</b>" in text for n in range(3))
    assert [d[2] for d in deliveries(store)] == ["sent"] * 4


def test_email_over_starttls_with_a_login(store: SQLStore, tmp_path: Path) -> None:
    context, cert = self_signed(tmp_path)
    logins: list[str] = []
    controller, box = smtp_server(context, logins)
    try:
        base = {"smtp_host": "127.0.0.1", "smtp_port": controller.port, "smtp_starttls": True,
                "smtp_user": "warta", "smtp_password": "rahasia"}  # fmt: skip
        store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), emails=("a@kab.test",)))
        store.save(article(1))
        untrusted = runner.run_once(store, quick(**base), clock=at(0))  # the certificate is not one it trusts
        assert untrusted == {"retry": 1} and "CERTIFICATE_VERIFY_FAILED" in attempts(store)[0][3]
        assert runner.run_once(store, quick(**base, smtp_cafile=str(cert)), clock=at(60)) == {"sent": 1}
    finally:
        controller.stop()
    assert logins == ["warta"]
    [(msg, tls, _)] = box.messages
    assert tls and msg["Subject"].startswith("Peringatan Warta: Banjir")


def test_an_unreachable_smtp_server_is_a_failed_attempt_not_a_crash(store: SQLStore) -> None:
    store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), emails=("a@kab.test",)))
    store.save(article(1))
    assert runner.run_once(store, quick(), clock=at(0)) == {"retry": 1}  # no smtp_host
    assert "smtp_host" in attempts(store)[0][3]
    settings = quick(smtp_host="127.0.0.1", smtp_port=free_port())
    assert runner.run_once(store, settings, clock=at(60)) == {"retry": 1}
    assert "ConnectionRefusedError" in attempts(store)[1][3]


# ------------------------------------------------------------------------------------------------ Atom, API


def test_the_atom_feed_of_a_watchlist_parses_with_its_matches(store: SQLStore) -> None:
    w = store.save_watchlist(Watchlist("Banjir <&>", keywords=("banjir",)))
    store.save(article(1))
    store.save(article(2))
    document = atom.feed(w.id, w.name, watch_matches(store, w.name).items, "http://localhost/feed.atom?a=1&b=2")
    root = ET.fromstring(document)
    ns = {"a": atom.ATOM}
    assert root.tag == f"{{{atom.ATOM}}}feed"
    assert root.findtext("a:title", namespaces=ns) == "Pantauan Warta: Banjir <&>"
    entries = root.findall("a:entry", ns)
    assert sorted(e.findtext("a:title", namespaces=ns) or "" for e in entries) == [
        "Banjir di desa 1 <b>&</b>", "Banjir di desa 2 <b>&</b>"
    ]  # fmt: skip
    links = sorted(str(e.find("a:link", ns).get("href")) for e in entries)  # type: ignore[union-attr]
    assert links == ["https://kabar.test/berita/1?a=1&b=2", "https://kabar.test/berita/2?a=1&b=2"]
    for e in entries:
        assert e.findtext("a:id", namespaces=ns) and e.findtext("a:updated", namespaces=ns)
        assert "alasan: kata kunci: Banjir" in (e.findtext("a:summary", namespaces=ns) or "")


def test_the_feed_endpoint_answers_atom(databases: Any) -> None:
    from fastapi.testclient import TestClient

    from warta.app import create_app

    location = databases.new()
    with open_store(location) as store:
        store.save_watchlist(Watchlist("Banjir", keywords=("banjir",)))
        store.save(article(1))
    with TestClient(create_app(location), base_url="http://localhost") as client:
        answer = client.get("/api/v1/watchlists/banjir/feed.atom")
        missing = client.get("/api/v1/watchlists/nothing/feed.atom")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    titles = [e.findtext(f"{{{atom.ATOM}}}title") for e in ET.fromstring(answer.content).iter(f"{{{atom.ATOM}}}entry")]
    assert titles == ["Banjir di desa 1 <b>&</b>"]
    assert missing.status_code == 404


# ------------------------------------------------------------------------------------------------ settings, CLI


def test_alert_settings_come_from_the_alerts_table_of_warta_toml(tmp_path: Path) -> None:
    path = tmp_path / "warta.toml"
    path.write_text('[alerts]\nsmtp_host = "mail.kab.test"\nsmtp_port = 2525\nsmtp_starttls = false\n'
                    'alerts_poll = 5\n', encoding="utf-8")  # fmt: skip
    read = config.from_file(Settings(), path, environ={"WARTA_SMTP_PORT": "465"})
    assert (read.smtp_host, read.smtp_port, read.smtp_starttls, read.alerts_poll) == ("mail.kab.test", 587, False, 5)
    assert config.from_file(Settings(), tmp_path / "none.toml") == Settings()
    for bad, why in (("db = 'x.db'", "no setting 'db'"), ("smtp_port = 'x'", "WARTA_SMTP_PORT"),
                     ("smtp_starttls = 1", "true or false"), ("alerts_poll = -1", "WARTA_ALERTS_POLL")):  # fmt: skip
        path.write_text(f"[alerts]\n{bad}\n", encoding="utf-8")
        with pytest.raises(InputError, match=why):
            config.from_file(Settings(), path, environ={})


def test_the_alerts_commands(
    tmp_path: Path, receiver: Receiver, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from warta.cli import main

    monkeypatch.setenv("WARTA_ALERTS_ALLOW_NETWORKS", "127.0.0.1/32")  # the receiver is on loopback
    db = str(tmp_path / "w.db")
    with open_store(db) as store:
        store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook=receiver.url))
        store.save(article(1))
    assert main(["--db", db, "alerts", "list", "--unseen"]) == 0
    assert "webhook " + receiver.url + " pending" in capsys.readouterr().out
    assert main(["--db", db, "alerts", "run", "--once", "--config", str(tmp_path / "none.toml")]) == 0
    assert "1 sent" in capsys.readouterr().err
    assert main(["--db", db, "alerts", "list", "--format", "jsonl"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["deliveries"][0]["state"] == "sent" and len(receiver.posts) == 1
    assert main(["--db", db, "alerts", "list", "--watchlist", "Tidak Ada"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("warta: no watchlist named") and len(err.splitlines()) == 1


def test_the_runner_beside_serve_and_crawl_runs_only_when_configured(tmp_path: Path, receiver: Receiver) -> None:
    from warta.cli.alerts import alerts_beside

    db = str(tmp_path / "w.db")
    with open_store(db) as store:
        store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook=receiver.url))
        store.save(article(1))
    alerts_beside(Settings(db=db))()  # not configured: starts nothing
    assert not receiver.arrived.wait(0.5)
    halt = alerts_beside(quick(db=db, alerts_runner=True, alerts_poll=0.1))
    try:
        assert receiver.arrived.wait(60)
    finally:
        halt()
    with open_store(db) as store:
        assert [d[2] for d in deliveries(store)] == ["sent"]


def test_a_webhook_to_a_private_address_is_refused_unless_allowed(store: SQLStore) -> None:
    """The crawler's address guard holds for webhooks: loopback, private and link-local targets are refused (a
    failed attempt naming the setting that allows them), and nothing is sent."""
    store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook="http://127.0.0.1:9/hook"))
    store.save(article(1))
    alert = watch_matches(store).items[0]
    for url in ("http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest"):
        ok, detail = webhook.send(url, "rahasia", alert, "delivery-x", 2.0)
        assert not ok and "alerts_allow_networks" in detail, detail
    with pytest.raises(InputError, match="alerts_allow_networks"):
        webhook.policy_of("bukan-jaringan")
