"""The Atom 1.0 feed of a watchlist: its newest alerts, each entry an article it matched (title, link to the
article, why it matched). Built with ElementTree: every text is an element's text or an attribute's value,
escaped by the serializer, never pasted into markup."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime

from warta.alerts.payload import published_day, reasons_line
from warta.store.queries.watch import WatchMatch

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
FEED_SIZE = 50  # entries in a feed
ET.register_namespace("", ATOM)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        child.text = text
    return child


def _time(value: str | None, fallback: str) -> str:
    """An RFC 3339 time for Atom: `value` when it is a time with its zone, else `fallback`."""
    try:
        parsed = datetime.fromisoformat(value or "")
    except ValueError:
        return fallback
    return parsed.isoformat(timespec="seconds") if parsed.tzinfo else fallback


def feed(watchlist_id: str, name: str, alerts: Sequence[WatchMatch], self_url: str) -> bytes:
    """The feed document (UTF-8, with its XML declaration) of a watchlist's `alerts`, newest first."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "id"})
    _el(root, "id", f"urn:warta:watchlist:{watchlist_id}")
    _el(root, "title", f"Pantauan Warta: {name}")
    _el(root, "updated", max((_time(a.matched, now) for a in alerts), default=now))
    _el(_el(root, "author"), "name", "Warta")
    _el(root, "link", rel="self", type=MEDIA_TYPE, href=self_url)
    _el(root, "generator", "Warta")
    for alert in alerts:
        _entry(root, alert, now)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def _entry(root: ET.Element, alert: WatchMatch, now: str) -> None:
    entry = _el(root, "entry")
    _el(entry, "id", f"urn:warta:alert:{alert.alert_id}")
    _el(entry, "title", alert.title or "(tanpa judul)")
    if alert.url:
        _el(entry, "link", rel="alternate", type="text/html", href=alert.url)
    _el(entry, "updated", _time(alert.matched, now))
    if alert.published and _time(alert.published, ""):
        _el(entry, "published", _time(alert.published, now))
    summary = f"{alert.outlet or '-'} · {published_day(alert)} · alasan: {reasons_line(alert)}"
    _el(entry, "summary", summary, type="text")
