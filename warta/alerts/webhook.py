"""Webhook delivery: one POST of an alert's JSON, signed so the receiver can tell it came from this Warta.

Headers: `X-Warta-Timestamp` (Unix seconds), `X-Warta-Signature: sha256=<hex>` (HMAC-SHA256, keyed with the
watchlist's `webhook_secret`, of the bytes `"{timestamp}.{body}"`) and `X-Warta-Delivery` (the delivery's id, the
same on every retry: a receiver ignores an id it has already handled). Any 2xx answer means delivered.
"""

from __future__ import annotations

import hashlib
import hmac
import time

import httpx

from warta.alerts.payload import body
from warta.errors import FetchError
from warta.net.guard import AddressPolicy, Guard
from warta.net.transport import GuardedSyncTransport
from warta.store.queries.watch import WatchMatch

USER_AGENT = "Warta-Alerts/1"
HINT = "allow it with the setting alerts_allow_networks"


def signature(secret: str, timestamp: str, content: bytes) -> str:
    """The `X-Warta-Signature` value of `content` sent at `timestamp`."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + content, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, content: bytes, header: str) -> bool:
    """Whether `header` is the signature of `content` at `timestamp` (what a receiver checks)."""
    return hmac.compare_digest(signature(secret, timestamp, content), header)


def headers(secret: str, delivery: str, content: bytes, now: float | None = None) -> dict[str, str]:
    """The headers of one POST of `content`."""
    timestamp = str(int(time.time() if now is None else now))
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Warta-Timestamp": timestamp,
        "X-Warta-Signature": signature(secret, timestamp, content),
        "X-Warta-Delivery": delivery,
    }


def policy_of(networks: str) -> AddressPolicy:
    """The addresses webhooks may reach beyond the public ones (`Settings.alerts_allow_networks`)."""
    listed = [n.strip() for n in networks.split(",") if n.strip()]
    return AddressPolicy.parse(listed, [], "alerts_allow_networks")


def send(
    url: str, secret: str, alert: WatchMatch, delivery: str, timeout: float, policy: AddressPolicy | None = None
) -> tuple[bool, str]:
    """POST the alert to `url`, connecting only to addresses `policy` allows (the crawler's guard: public ones
    by default): (delivered, what the receiver answered or what went wrong). Never raises for the network or
    the receiver: every outcome is an attempt to record."""
    content = body(alert, delivery)
    guard = Guard(policy or AddressPolicy(), HINT)
    try:
        guard.check_url(url)
        with httpx.Client(transport=GuardedSyncTransport(guard, timeout), timeout=timeout) as client:
            response = client.post(url, content=content, headers=headers(secret, delivery, content))
    except (httpx.HTTPError, httpx.InvalidURL, FetchError) as exc:
        return False, f"{type(exc).__name__}: {exc}"
    status = f"HTTP {response.status_code} {response.reason_phrase}".strip()
    return 200 <= response.status_code < 300, status
