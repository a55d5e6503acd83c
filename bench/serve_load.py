"""Serving under load (issue 21): `warta serve` started for real on a store (SQLite file or PostgreSQL URL;
`--workers` server processes), then 50 concurrent clients (httpx over real HTTP on loopback) for 60 s, each
requesting, one after another, pages and API calls drawn from a fixed mix: entity pages, ego networks, search (API
and page), region dashboards, isu pages, the home page. Reports requests, requests per second, p50/p95/p99/max in
milliseconds (overall and per kind) and errors (anything but HTTP 200, or no answer), then stops the server. The
sample is `bench/store_latency.py`'s, and the server runs with WARTA_TODAY at the store's newest article day so
default periods hold articles.

    python bench/serve_load.py --db bench/cache/load1m.db --workers 2 --out bench/results/serve-load-sqlite.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from queries import QUERIES, percentiles
from serve_bodies import free_port
from store_latency import Sample

from warta.store import open_store
from warta.web.period import TODAY_ENV

CLIENTS, SECONDS = 50, 60.0
TIMEOUT = 30.0  # seconds a request may take before it counts as an error


def mix(s: Sample) -> list[tuple[str, str]]:
    """(kind, path) pairs the clients draw from, weighted as users browse: entities and search most."""
    q = [urlencode({"q": text}) for text in QUERIES]
    pairs = [("entity_page", f"/entitas/{e}") for e in s.persons] * 3
    pairs += [("ego_network", f"/api/v1/graph/ego/{e}?depth=1") for e in s.persons]
    pairs += [("search", f"/api/v1/search?{x}") for x in q] * 10
    pairs += [("search_page", f"/cari?{x}") for x in q] * 10
    pairs += [("region_dashboard", f"/wilayah/{c}") for c in s.codes]
    pairs += [("isu_page", f"/isu/{i}") for i in s.isus]
    pairs += [("home", "/")] * 20
    return pairs


def start(db: str, today: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`warta serve` on loopback with `workers` processes, waited for until it answers."""
    env = {**os.environ, "WARTA_DB": db, TODAY_ENV: today}
    command = [sys.executable, "-m", "warta", "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"warta serve stopped: {(server.stderr.read() if server.stderr else b'').decode()[-500:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/regions?limit=1", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("warta serve did not answer within 120 s")


async def client(http: httpx.AsyncClient, pairs: list[tuple[str, str]], seed: int, until: float,
                 out: dict[str, list[float]], errors: dict[tuple[str, str], int]) -> None:  # fmt: skip
    """One user: request after request until `until`, recording each one's milliseconds, or its error under
    (kind, reason): the HTTP status, or the exception's name (`ReadTimeout` after TIMEOUT seconds)."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        kind, path = rng.choice(pairs)
        started = time.perf_counter()
        try:
            response = await http.get(path)
            reason = "" if response.status_code == 200 else f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            reason = type(exc).__name__
        if reason:
            errors[kind, reason] += 1
        else:
            out[kind].append(1000 * (time.perf_counter() - started))


async def run(port: int, pairs: list[tuple[str, str]], clients: int, seconds: float) -> dict[str, object]:
    """`clients` users for `seconds`; the figures."""
    out: dict[str, list[float]] = defaultdict(list)
    errors: dict[tuple[str, str], int] = defaultdict(int)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=TIMEOUT) as http:
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(client(http, pairs, seed, until, out, errors) for seed in range(clients)))
        elapsed = time.monotonic() - started
    every = [ms for values in out.values() for ms in values]
    failed: dict[str, int] = defaultdict(int)  # errors by kind, whatever their reason
    for (kind, _reason), n in errors.items():
        failed[kind] += n
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(every) + sum(errors.values()),
        "requests_per_s": round((len(every) + sum(errors.values())) / elapsed, 1),
        "errors": sum(errors.values()),
        "error_reasons": {f"{kind}: {reason}": n for (kind, reason), n in sorted(errors.items())},
        "latency_ms": spread(every),
        "by_kind": {kind: {**spread(ms), "errors": failed[kind]} for kind, ms in sorted(out.items())},
    }


def spread(samples: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of `samples` in milliseconds, and their number."""
    return percentiles(samples, (0.5, 0.95, 0.99)) if samples else {"n": 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a SQLite file or a postgresql:// URL")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--workers", type=int, default=1, help="warta serve --workers")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open_store(args.db) as store:
        sample = Sample(store, 100)
    port = free_port()
    server = start(args.db, sample.today, port, args.workers)
    try:
        figures = asyncio.run(run(port, mix(sample), args.clients, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {"db": "postgresql" if args.db.startswith("postgres") else "sqlite", "articles": sample.count,
              "server": f"warta serve --workers {args.workers}", **figures}  # fmt: skip
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
