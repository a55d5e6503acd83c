"""The alert runner: claims due deliveries from the store, sends each (webhook or e-mail) outside any
transaction, and records its outcome right after (`warta.store.deliveries` has the rules). `run_once` empties
the queue of what is due now; `run_forever` does so every `alerts_poll` seconds until its stop event is set;
`start_background` runs it in a thread beside `warta serve` or `warta crawl --forever`."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from warta.alerts import email, webhook
from warta.errors import WartaError
from warta.settings import Settings
from warta.store.deliveries import Delivery
from warta.store.queries.watch import WatchMatch, alerts_by_id, watchlist
from warta.store.sqlstore import SQLStore

log = logging.getLogger("warta.alerts")
Clock = Callable[[], datetime]
Job = Callable[[SQLStore, Settings, datetime], Mapping[str, int]]  # work the runner does beside the deliveries


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def run_once(
    store: SQLStore,
    settings: Settings,
    stop: threading.Event | None = None,
    clock: Clock = utc_now,
    jobs: Sequence[Job] = (),
) -> dict[str, int]:
    """Send every delivery due now, one claim at a time, until none is due (or `stop` is set), then run `jobs`
    (the scheduled reports, `warta.report.schedule.send_due`). Returns counts of deliveries: `sent`, `retry`
    (failed, tried again later) and `failed` (failed for the last time), and the jobs' counts."""
    counts: Counter[str] = Counter()
    retry = (settings.alerts_max_attempts, settings.alerts_backoff)
    while stop is None or not stop.is_set():
        claimed = store.claim_deliveries(clock(), settings.alerts_lease, retry[0])
        if not claimed:
            break
        ok, detail = send(store, claimed, settings)
        store.record_delivery(claimed, ok, detail, clock(), retry)
        outcome = "sent" if ok else "failed" if claimed[0].attempt >= retry[0] else "retry"
        counts[outcome] += len(claimed)
        log.info("%s %s to %s: %s (%s)", outcome, claimed[0].channel, claimed[0].target, detail, len(claimed))
    for job in jobs:
        counts.update(job(store, settings, clock()))
    return dict(counts)


def send(store: SQLStore, claimed: Sequence[Delivery], settings: Settings) -> tuple[bool, str]:
    """Send claimed deliveries (one webhook POST, or one e-mail for a digest): (delivered, detail)."""
    found = alerts_by_id(store, [d.alert_id for d in claimed])
    alerts: list[WatchMatch] = [found[d.alert_id] for d in claimed if d.alert_id in found]
    if len(alerts) < len(claimed):
        return False, "the alert is gone (its watchlist was removed)"
    first = claimed[0]
    if first.channel == "webhook":
        try:
            secret = watchlist(store, first.watchlist_id).webhook_secret or ""
        except WartaError as exc:
            return False, str(exc)
        policy = webhook.policy_of(settings.alerts_allow_networks)
        return webhook.send(first.target, secret, alerts[0], first.id, settings.alerts_timeout, policy)
    if first.channel == "email":
        msg = email.message(alerts, first.target, email.digest_id([d.id for d in claimed]), settings.smtp_from)
        return email.send(msg, settings)
    return False, f"unknown channel {first.channel!r}"


def run_forever(
    store: SQLStore, settings: Settings, stop: threading.Event, clock: Clock = utc_now, jobs: Sequence[Job] = ()
) -> Counter[str]:
    """`run_once` every `alerts_poll` seconds until `stop` is set; a store error is logged and tried again at the
    next poll (the queue is in the store: nothing is lost). Returns the counts of the whole run."""
    total: Counter[str] = Counter()
    while not stop.is_set():
        try:
            total.update(run_once(store, settings, stop, clock, jobs))
        except WartaError as exc:
            log.warning("alert runner: %s", exc)
        stop.wait(settings.alerts_poll)
    return total


def start_background(settings: Settings, jobs: Sequence[Job] = ()) -> Callable[[], None]:
    """Run the runner in a daemon thread on its own connection to `settings.db`; returns the function that
    stops it (it finishes the send under way, records it, and returns)."""
    from warta.store import open_store

    stop = threading.Event()

    def work() -> None:
        try:
            with open_store(settings.db) as store:
                run_forever(store, settings, stop, jobs=jobs)
        except WartaError as exc:
            log.error("alert runner stopped: %s", exc)

    thread = threading.Thread(target=work, name="warta-alerts", daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(timeout=settings.alerts_timeout * 4 + 5)

    return halt
