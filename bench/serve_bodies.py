"""`warta serve` under many slow large uploads (issue 16, item 1): starts the server over a fresh store, sends N
uploads announcing `--size` bytes (default 150 of 19 MB), each trickled at `--rate` bytes a second, without a
token (or with a write token: `--authorized`), while a reader GETs /api/v1/articles over and over; samples the
server's resident memory. Writes JSON to `--out`: the server's RSS before and at its highest, the reads' p50
and p99 latency, and how the uploads ended (status codes; "open" for one the server neither answered nor
closed by the end of `--seconds`).

    .venv/bin/python bench/serve_bodies.py --out bench/results/serve_bodies.json [--n 150] [--authorized]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from warta.store import open_store

CHUNK = 65_536


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def rss_mb(pid: int) -> float:
    """The process's resident memory in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def upload(port: int, size: int, rate: float, token: str | None, stop: float) -> str:
    """One slow upload; the status the server answered, "closed" if it closed without one, "open" at `stop`."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return "connect-failed"
    head = "POST /api/v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    head += f"Content-Length: {size}\r\n" + (f"Authorization: Bearer {token}\r\n" if token else "") + "\r\n"
    answer = asyncio.ensure_future(reader.read(64))
    try:
        writer.write(head.encode())
        sent = 0
        while sent < size and not answer.done() and time.monotonic() < stop:
            piece = min(CHUNK, size - sent)
            writer.write(b" " * piece)
            await writer.drain()
            sent += piece
            await asyncio.wait([answer], timeout=piece / rate)
        await asyncio.wait([answer], timeout=max(0.0, stop - time.monotonic()))
        if not answer.done():
            return "open"
        first = answer.result()
        return first.split(b" ")[1].decode() if first.startswith(b"HTTP/1.1 ") else "closed"
    except OSError:
        return answer.result().split(b" ")[1].decode() if answer.done() and answer.result() else "reset"
    finally:
        answer.cancel()
        writer.close()


async def reads(port: int, stop: float) -> list[float]:
    """Latencies in ms of GET /api/v1/articles, one after another, each on a new connection, until `stop`."""
    latencies: list[float] = []
    request = b"GET /api/v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            response = await asyncio.wait_for(reader.read(), timeout=30)
            writer.close()
        except (TimeoutError, OSError):
            response = b""
        if response.startswith(b"HTTP/1.1 200"):
            latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.02)
    return latencies


async def sample(pid: int, stop: float, into: list[float]) -> None:
    while time.monotonic() < stop:
        into.append(rss_mb(pid))
        await asyncio.sleep(0.1)


async def attack(port: int, pid: int, args: argparse.Namespace, token: str | None) -> dict[str, Any]:
    stop = time.monotonic() + args.seconds
    memory: list[float] = []
    sampler = asyncio.ensure_future(sample(pid, stop, memory))
    reader = asyncio.ensure_future(reads(port, stop))
    ends = await asyncio.gather(*(upload(port, args.size, args.rate, token, stop) for _ in range(args.n)))
    latencies = await reader
    await sampler
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [float("nan")] * 99
    return {
        "rss_max_mb": round(max(memory), 1),
        "rss_end_mb": round(memory[-1], 1),
        "reads": len(latencies),
        "read_p50_ms": round(quantiles[49], 1),
        "read_p99_ms": round(quantiles[98], 1),
        "uploads": dict(Counter(ends)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=150, help="uploads at once (default 150)")
    parser.add_argument("--size", type=int, default=19_000_000, help="bytes each upload announces (19 MB)")
    parser.add_argument("--rate", type=float, default=262_144, help="bytes a second each upload sends (256 KiB)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long the attack lasts (default 20)")
    parser.add_argument("--authorized", action="store_true", help="send a valid write token with each upload")
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warta-bench-") as folder:
        db, port = str(Path(folder) / "w.db"), free_port()
        with open_store(db) as store:
            token = store.create_token("bench", "write")[1]
        argv = [sys.executable, "-m", "warta", "--db", db, "serve", "--port", str(port)]
        server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ)
        try:
            for _ in range(300):
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.1)
            time.sleep(1.0)
            baseline = rss_mb(server.pid)
            result = asyncio.run(attack(port, server.pid, args, token if args.authorized else None))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    report = {"n": args.n, "size": args.size, "rate": args.rate, "seconds": args.seconds,
              "authorized": args.authorized, "rss_baseline_mb": round(baseline, 1), **result}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
