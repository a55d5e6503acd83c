"""A Ray cluster of two nodes on loopback, each a separate `ray start --block` process in its own session and
temp dir (tests/test_ray_cluster.py, bench/ray_cluster.py), and the hand-built news corpus they process.

The head node has one CPU and the custom resource `head`; the worker node one CPU and `worker`. Each node's
processes (GCS, raylet, agents, and the actors its raylet starts) share the session of its `ray start`, so a
node is killed whole with one `killpg` and the cluster is stopped by killing the two sessions this module
started. `ray stop` is not used: it stops every Ray process of the machine, including other users' clusters.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.ports import free_port

RAY = Path(sys.executable).with_name("ray")
STARTED = "Ray runtime started"
START_TIMEOUT = 90.0
# Loopback only: no token between the nodes; a dead node is noticed after about two seconds, not thirty.
ENV = {
    "RAY_AUTH_MODE": "disabled",
    "RAY_health_check_period_ms": "500",
    "RAY_health_check_timeout_ms": "1000",
    "RAY_health_check_failure_threshold": "4",
    "RAY_USAGE_STATS_ENABLED": "0",
}


def session_pids(session: int) -> list[int]:
    """The live processes of a session (field 6 of /proc/PID/stat), its leader last."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            if int(fields[3]) == session and fields[0] != "Z":  # a zombie has ended already
                pids.append(int(entry.name))
    return sorted(pids, key=lambda pid: pid == session)


def _command(pid: int) -> str:
    """A process's command line ('' once it has ended)."""
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Node:
    """One `ray start --block` process, in its own session, with its own temp dir and log."""

    def __init__(self, name: str, options: list[str]) -> None:
        self.name = name
        self.temp_dir = Path(tempfile.mkdtemp(prefix=f"wr{name[0]}"))  # short: Ray's socket paths have a limit
        self.log = self.temp_dir / "start.log"
        argv = [str(RAY), "start", "--block", "--node-ip-address=127.0.0.1", f"--temp-dir={self.temp_dir}"]
        argv.append(f"--dashboard-agent-listen-port={free_port()}")  # not the fixed default, shared by both nodes
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*argv, *options],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **ENV},
                start_new_session=True,
            )

    def wait_started(self) -> None:
        """Return once the node has joined the cluster; `RuntimeError` with the log's tail otherwise."""
        deadline = time.monotonic() + START_TIMEOUT
        while STARTED not in self.log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the Ray {self.name} node did not start:\n{tail}")
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL every process of the node's session (the node dies as a machine would): the processes
        `ray start` began, and the actors its raylet started, which have process groups of their own."""
        for _ in range(20):  # again while any is left: one may have been started while the others were killed
            pids = session_pids(self.process.pid)
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait()
            time.sleep(0.05)

    def processes(self, title: str) -> list[int]:
        """The node's processes whose command line starts with `title` (Ray names a busy actor's process
        `ray::Class.method`)."""
        return [pid for pid in session_pids(self.process.pid) if _command(pid).startswith(title)]

    def remove(self) -> None:
        """Kill the node and remove its temp dir."""
        self.kill()
        shutil.rmtree(self.temp_dir, ignore_errors=True)


class Cluster:
    """A head node and a worker node on loopback; `address` is what `RAY_ADDRESS` names."""

    def __init__(self) -> None:
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.nodes: list[Node] = []

    def start(self) -> None:
        """Start the head, then the worker node, each once the one before has started."""
        head = ["--head", f"--port={self.port}", "--num-cpus=1", '--resources={"head": 1}', "--include-dashboard=false"]
        head.append(f"--dashboard-port={free_port()}")
        worker = [f"--address={self.address}", "--num-cpus=1", '--resources={"worker": 1}']
        for name, options in (("head", head), ("worker", worker)):
            self.nodes.append(Node(name, options))
            self.nodes[-1].wait_started()

    def env(self) -> dict[str, str]:
        """The environment of a `warta` process that joins this cluster."""
        return {**os.environ, **ENV, "RAY_ADDRESS": self.address}

    @property
    def worker(self) -> Node:
        """The worker node."""
        return self.nodes[1]

    def stop(self) -> None:
        """Kill both nodes (worker first) and remove their temp dirs; safe when partly started."""
        for node in reversed(self.nodes):
            node.remove()
        self.nodes = []


@contextmanager
def cluster() -> Iterator[Cluster]:
    """A started two-node cluster, stopped whatever happens."""
    nodes = Cluster()
    try:
        nodes.start()
        yield nodes
    finally:
        nodes.stop()


# Hand-built news: every article combines these sentences with an official, a place and a topic chosen by its
# number, so that a corpus of any size has distinct articles with persons, roles, places and quotes.
OFFICIALS = [
    ("Bupati", "Sidoarjo", "Hendra Wijaya"),
    ("Wali Kota", "Surabaya", "Sri Lestari"),
    ("Gubernur", "Jawa Timur", "Bambang Priyanto"),
    ("Bupati", "Mojokerto", "Dewi Anggraini"),
    ("Wali Kota", "Malang", "Rina Kusumawati"),
    ("Bupati", "Gresik", "Yusuf Hidayat"),
    ("Bupati", "Banyuwangi", "Maya Puspitasari"),
    ("Wali Kota", "Kediri", "Joko Santoso"),
]
TOPICS = [
    ("banjir", "posko pengungsian", "tanggul yang jebol di tepi sungai"),
    ("harga beras", "operasi pasar", "pasokan dari gudang Bulog"),
    ("jalan rusak", "perbaikan jalan", "anggaran pemeliharaan tahun ini"),
    ("sekolah", "bantuan seragam", "siswa dari keluarga kurang mampu"),
    ("kesehatan", "posyandu keliling", "pemeriksaan gratis bagi lansia"),
]


def article(number: int) -> dict[str, str]:
    """Article `number` of the hand-built corpus, as a JSON Lines record with text."""
    role, place, name = OFFICIALS[number % len(OFFICIALS)]
    topic, action, detail = TOPICS[(number // len(OFFICIALS)) % len(TOPICS)]
    day = 1 + number % 28
    text = (
        f"{role} {place} {name} meninjau {action} pada hari Senin terkait {topic} di wilayahnya.\n\n"
        f"Dalam kunjungan ke-{number} itu, {name} didampingi kepala dinas dan camat setempat.\n\n"
        f"“Kami ingin memastikan {detail} benar-benar sampai kepada warga,” kata {name}.\n\n"
        f"Ketua DPRD {place} menyatakan dukungan terhadap langkah pemerintah daerah soal {topic}.\n\n"
        f"“Pengawasan akan kami lakukan bersama,” ujarnya di kantor DPRD {place}."
    )
    return {
        "id": f"kluster-{number}",
        "title": f"{role} {place} tinjau {action} ({number})",
        "published": f"2026-11-{day:02d}T08:00:00+07:00",
        "text": text,
    }


def write_corpus(path: Path, articles: int) -> Path:
    """`articles` hand-built records in one JSON Lines file."""
    with path.open("w", encoding="utf-8") as out:
        for number in range(articles):
            out.write(json.dumps(article(number), ensure_ascii=False) + "\n")
    return path
