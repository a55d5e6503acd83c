"""The alert delivery queue's write side (migration 0014: `deliveries`, `delivery_attempts`): claiming what is
due, and recording how each attempt went. The queue itself is filled by `warta.store.watch` in the article's own
save transaction; the alert runner (`warta.alerts.runner`) sends.

A claim, in one write transaction, takes the oldest due delivery (state `pending`, `next_attempt` passed), counts
the attempt, logs it in `delivery_attempts` as under way and holds the delivery for a lease (its `next_attempt`
moved to the lease's end), so no other runner takes it meanwhile. The send happens after the claim's commit,
outside any transaction; its outcome is recorded right after in a second transaction: `sent` (never claimed
again), or a failure with the next attempt after an exponential backoff, `failed` after the last attempt. A
runner killed between the two leaves the delivery `pending` with its lease: once the lease has passed it is
claimed again (at least once), and the interrupted attempt's log row says its outcome was never recorded.

E-mail deliveries of one watchlist and address whose watchlist gathers its alerts (an hourly or daily digest)
are claimed together, to go out as one message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from warta.dates import utc_stamp
from warta.ids import make_id
from warta.watch import from_json

if TYPE_CHECKING:
    from warta.store.connection import Connection

SENDING = "sending: no outcome recorded yet"
INTERRUPTED = "no outcome recorded: the runner stopped during this attempt"
MAX_BACKOFF = 86_400.0  # seconds: a retry waits at most a day
MAX_GROUP = 500  # alerts in one e-mail digest


@dataclass(frozen=True)
class Delivery:
    """One claimed delivery: an alert to one channel target, at its `attempt`-th attempt."""

    alert_id: str
    channel: str
    target: str
    attempt: int
    watchlist_id: str
    digest: str

    @property
    def id(self) -> str:
        """The delivery's idempotency id (the same on every attempt): `X-Warta-Delivery` of a webhook POST."""
        return delivery_id(self.alert_id, self.channel, self.target)

    @property
    def key(self) -> tuple[str, str, str]:
        """The delivery's primary key in `deliveries`."""
        return (self.alert_id, self.channel, self.target)


def delivery_id(alert_id: str, channel: str, target: str) -> str:
    """The stable id of an alert's delivery to one channel target."""
    return make_id("delivery", alert_id, channel, target)


_DUE = """
SELECT d.alert_id, d.channel, d.target, d.attempts, a.watchlist_id, w.spec
FROM deliveries d JOIN alerts a ON a.id = d.alert_id JOIN watchlists w ON w.id = a.watchlist_id
WHERE d.state = 'pending' AND d.next_attempt <= :now {more}
ORDER BY d.next_attempt, d.alert_id, d.channel, d.target LIMIT :limit
"""


GAVE_UP = "gave up: every attempt was interrupted (the runner stopped while sending)"


def claim(conn: Connection, when: datetime, lease: float, most: int | None = None) -> list[Delivery]:
    """Inside the caller's write transaction: claim the oldest due delivery, with the other e-mail deliveries of
    its digest (same watchlist and address) when its watchlist gathers them; [] when nothing is due. A due
    delivery that has had `most` attempts already, none of them recorded (a send that stops the runner each
    time), is marked failed instead of tried again."""
    now = utc_stamp(when)
    if most is not None:
        _give_up(conn, now, most)
    first = conn.execute(_DUE.replace("{more}", ""), {"now": now, "limit": 1}).fetchall()
    if not first:
        return []
    rows = first
    _, channel, target, _, wid, spec = first[0]
    if channel == "email" and from_json(str(spec)).digest != "immediate":
        more = "AND d.channel = 'email' AND d.target = :target AND a.watchlist_id = :wid"
        rows = conn.execute(
            _DUE.replace("{more}", more), {"now": now, "limit": MAX_GROUP, "target": target, "wid": wid}
        ).fetchall()
    held = utc_stamp(when + timedelta(seconds=lease))
    claimed = [_take(conn, row, now, held) for row in rows]
    return claimed


def _give_up(conn: Connection, now: str, most: int) -> None:
    """Mark failed the due deliveries with `most` attempts or more, their last one interrupted."""
    spent = "state = 'pending' AND next_attempt <= :now AND attempts >= :most"
    keys = "SELECT alert_id, channel, target FROM deliveries WHERE " + spent
    conn.execute(
        "UPDATE delivery_attempts SET detail = :interrupted "
        f"WHERE detail = :sending AND (alert_id, channel, target) IN ({keys})",
        {"now": now, "most": most, "interrupted": INTERRUPTED, "sending": SENDING},
    )
    conn.execute(
        f"UPDATE deliveries SET state = 'failed', last_error = :why WHERE {spent}",
        {"now": now, "most": most, "why": GAVE_UP},
    )


def _take(conn: Connection, row: Sequence[object], now: str, held: str) -> Delivery:
    """Count one attempt at a due delivery, hold it until `held` and log the attempt as under way."""
    alert, channel, target, attempts, wid, spec = row
    attempt = int(str(attempts)) + 1
    key = (str(alert), str(channel), str(target))
    conn.execute(
        "UPDATE delivery_attempts SET detail = ? WHERE alert_id = ? AND channel = ? AND target = ? AND detail = ?",
        (INTERRUPTED, *key, SENDING),
    )
    conn.execute(
        "UPDATE deliveries SET attempts = ?, next_attempt = ? WHERE alert_id = ? AND channel = ? AND target = ?",
        (attempt, held, *key),
    )
    conn.execute(
        "INSERT INTO delivery_attempts (alert_id, channel, target, attempt, at, ok, detail) "
        "VALUES (?, ?, ?, ?, ?, 0, ?)",
        (*key, attempt, now, SENDING),
    )
    return Delivery(*key, attempt, str(wid), from_json(str(spec)).digest)


def record(
    conn: Connection,
    claimed: Sequence[Delivery],
    ok: bool,
    detail: str,
    when: datetime,
    retry: tuple[int, float],
) -> None:
    """Inside the caller's write transaction: the outcome of one send of the `claimed` deliveries (a digest's
    are sent together). `detail`: the receiver's answer or the error; `retry`: (attempts at most, seconds before
    the first retry). A success marks each delivery sent, whatever happened to it meanwhile; a failure counts
    only when the attempt is still the delivery's latest (no other runner took it over after a lapsed lease)."""
    detail = " ".join(detail.split())[:500] or ("ok" if ok else "failed")
    for d in claimed:
        conn.execute(
            "UPDATE delivery_attempts SET ok = ?, detail = ? "
            "WHERE alert_id = ? AND channel = ? AND target = ? AND attempt = ?",
            (int(ok), detail, *d.key, d.attempt),
        )
        if ok:
            conn.execute(
                "UPDATE deliveries SET state = 'sent', sent_at = ?, last_error = NULL "
                "WHERE alert_id = ? AND channel = ? AND target = ? AND state = 'pending'",
                (utc_stamp(when), *d.key),
            )
        else:
            _failed(conn, d, detail, when, retry)


def _failed(conn: Connection, d: Delivery, detail: str, when: datetime, retry: tuple[int, float]) -> None:
    """A failed attempt: retried after a backoff doubling from `retry[1]`, or `failed` after `retry[0]`."""
    most, first = retry
    state = "failed" if d.attempt >= most else "pending"
    wait = min(MAX_BACKOFF, first * 2 ** min(d.attempt - 1, 40))
    conn.execute(
        "UPDATE deliveries SET state = ?, next_attempt = ?, last_error = ? "
        "WHERE alert_id = ? AND channel = ? AND target = ? AND state = 'pending' AND attempts = ?",
        (state, utc_stamp(when + timedelta(seconds=wait)), detail, *d.key, d.attempt),
    )
