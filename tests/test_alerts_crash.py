"""The kill -9 test of the alert runner (issue 20): `warta alerts run --forever` runs as a subprocess over a store
with queued alerts, is killed with SIGKILL while a receiver holds one of its POSTs unanswered, and is started
again. Then, by `X-Warta-Delivery` id:

- every alert reached the receiver that acknowledges (slowly), and no delivery recorded as sent before the kill
  is POSTed again after it; only one POSTed but not yet recorded may come twice (at least once, never lost);
- a receiver that fails each delivery twice on purpose gets each at least once after its retries, and one that
  always fails ends `failed` after the last attempt; every attempt is in `delivery_attempts`, the one the kill
  interrupted said to have no recorded outcome.

On both store backends. The waits below wait for events (a POST, the queue emptied), each with a generous bound
for a slow machine; nothing is timed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.alert_servers import Receiver, article
from tests.conftest import ROOT, Databases
from warta.store import open_store
from warta.store.deliveries import INTERRUPTED, delivery_id
from warta.watch import Watchlist

ALERTS = 12
ENV = {"WARTA_ALERTS_POLL": "0.2", "WARTA_ALERTS_LEASE": "3", "WARTA_ALERTS_BACKOFF": "0.3",
       "WARTA_ALERTS_MAX_ATTEMPTS": "3", "WARTA_ALERTS_TIMEOUT": "2",
       "WARTA_ALERTS_ALLOW_NETWORKS": "127.0.0.1/32"}  # fmt: skip


def wait_for(condition: Callable[[], bool], what: str, bound: float = 120.0) -> None:
    """Wait until `condition()` holds; fail naming `what` after `bound` seconds."""
    end = time.monotonic() + bound
    while not condition():
        assert time.monotonic() < end, f"still waiting for {what}"
        time.sleep(0.05)


def start(location: str, folder: Path) -> subprocess.Popen[bytes]:
    """`warta alerts run --forever` over the store at `location`."""
    env = os.environ | ENV | {"PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "warta", "--db", location, "alerts", "run", "--forever", "--config", "none.toml"]
    return subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def states(location: str) -> dict[str, tuple[str, str, int]]:
    """Each delivery's (target, state, attempts) by its delivery id."""
    with open_store(location) as store:
        rows = store.conn.execute("SELECT alert_id, channel, target, state, attempts FROM deliveries").fetchall()
    return {delivery_id(r[0], r[1], r[2]): (str(r[2]), str(r[3]), int(r[4])) for r in rows}


def logged(location: str) -> dict[str, list[tuple[int, str]]]:
    """Each delivery's logged attempts (ok, detail) by its delivery id, in order."""
    with open_store(location) as store:
        rows = store.conn.execute(
            "SELECT alert_id, channel, target, ok, detail FROM delivery_attempts ORDER BY attempt"
        ).fetchall()
    found: dict[str, list[tuple[int, str]]] = {}
    for r in rows:
        found.setdefault(delivery_id(r[0], r[1], r[2]), []).append((int(r[3]), str(r[4])))
    return found


def fill(location: str, slow: Receiver, flaky: Receiver, broken: Receiver) -> set[str]:
    """Watchlists posting to the three receivers and the articles they match; the slow receiver's deliveries."""
    with open_store(location) as store:
        store.save_watchlist(Watchlist("Banjir", keywords=("banjir",), webhook=slow.url))
        store.save_watchlist(Watchlist("Gempa", keywords=("gempa",), webhook=flaky.url))
        store.save_watchlist(Watchlist("Longsor", keywords=("longsor",), webhook=broken.url))
        for n in range(ALERTS):
            store.save(article(n))
        for n in range(3):
            store.save(article(100 + n, "Gempa"))
            store.save(article(200 + n, "Longsor"))
    return {d for d, (target, _, _) in states(location).items() if target == slow.url}


def kill_mid_post(location: str, folder: Path, slow: Receiver) -> None:
    """Run the runner until four deliveries are acknowledged, then kill -9 it while a POST is held."""
    runner = start(location, folder)
    try:
        wait_for(lambda: len(slow.acked) >= 4, "four acknowledged deliveries")
        slow.arrived.clear()
        wait_for(slow.arrived.is_set, "a POST under way")  # the receiver holds it 0.3 s before answering
        runner.send_signal(signal.SIGKILL)
        runner.wait(timeout=60)
    finally:
        runner.kill()


def run_until_empty(location: str, folder: Path) -> None:
    """Run the runner again until no delivery is pending, then stop it cleanly (SIGTERM, exit 0)."""
    again = start(location, folder)
    try:
        wait_for(lambda: all(s != "pending" for _, s, _ in states(location).values()), "the queue emptied")
        again.send_signal(signal.SIGTERM)
        _, err = again.communicate(timeout=60)
        assert again.returncode == 0, err.decode()
    finally:
        again.kill()


def check_log(location: str, flaky: Receiver, broken: Receiver) -> dict[str, list[tuple[int, str]]]:
    """Every attempt logged; the flaky receiver's deliveries sent and acknowledged, the broken one's failed."""
    final, log = states(location), logged(location)
    for d, (target, state, tries) in final.items():
        assert len(log[d]) == tries
        if target == broken.url:
            assert (state, tries) == ("failed", 3) and not any(ok for ok, _ in log[d])
        else:
            assert state == "sent" and log[d][-1][0] == 1
    assert {d for d, (t, _, _) in final.items() if t == flaky.url} <= set(flaky.acked)
    return log


def test_kill_9_mid_delivery_loses_nothing_and_sends_nothing_recorded_twice(
    databases: Databases, tmp_path: Path
) -> None:
    slow, flaky, broken = Receiver(delay=0.3), Receiver(failures=2), Receiver(failures=-1)
    location = databases.new()
    try:
        ours = fill(location, slow, flaky, broken)
        assert len(ours) == ALERTS
        kill_mid_post(location, tmp_path, slow)
        posted_before = slow.ids()
        recorded = {d for d, (_, state, _) in states(location).items() if state == "sent"}
        in_flight = set(posted_before) - recorded
        assert recorded & ours and in_flight & ours  # killed between a POST and its record

        run_until_empty(location, tmp_path)
        after = slow.ids()[len(posted_before) :]
        assert not set(after) & recorded  # recorded as sent before the kill: never POSTed again
        assert set(slow.acked) >= ours  # every alert reached the receiver that acknowledges
        repeated = {d for d in ours if slow.ids().count(d) > 1}
        assert repeated <= in_flight  # only one POSTed and not recorded when killed may come twice
        assert in_flight & ours <= set(after)  # and it did come again (at least once)

        log = check_log(location, flaky, broken)
        interrupted = {d for d, entries in log.items() if any(detail == INTERRUPTED for _, detail in entries)}
        assert interrupted >= in_flight & ours
    finally:
        for receiver in (slow, flaky, broken):
            receiver.close()
