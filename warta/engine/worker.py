"""What runs in a worker process (a local process or a Ray actor): the pipeline, built once, over partitions.

A partition goes in as `Raw` records (and `Unreadable` placeholders, kept so that errors stay in input
order); what comes back is compact: per input, the article document as a JSON string or a one-line error.
No `Article` object crosses a process boundary.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from warta import pipeline
from warta.document import to_document
from warta.errors import WartaError
from warta.model import Raw
from warta.settings import Settings
from warta.sources import Unreadable

log = logging.getLogger(__name__)

# A short article run once at start-up, so that whatever the stages load lazily is loaded before timing.
WARM_UP = Raw(
    content="Bupati Mojokerto meninjau posko banjir di Kecamatan Pacet.\n\n"
    "“Kami siap membantu warga,” kata Sekretaris Daerah Kabupaten Mojokerto Teguh Gunarko.",
    format="text",
    origin="<warm-up>",
)


@dataclass(frozen=True)
class Result:
    """What processing one input gave: its article document as JSON, or a one-line error."""

    origin: str
    document: str | None = None
    error: str | None = None


class PartitionWorker:
    """The pipeline of `settings`, built once (and warmed up); processes whole partitions in order."""

    def __init__(self, settings: Settings) -> None:
        self.pipe = pipeline.build(settings)
        self.pipe.run(WARM_UP)

    def run(self, items: list[Raw | Unreadable]) -> list[Result]:
        """One `Result` per item, in order."""
        return [self.one(item) for item in items]

    def one(self, item: Raw | Unreadable) -> Result:
        """Process one input; every failure becomes an error message, never an exception."""
        if isinstance(item, Unreadable):
            return Result(item.origin, error=item.error)
        try:
            article = self.pipe.run(item)
        except WartaError as exc:
            return Result(item.origin, error=str(exc))
        except Exception as exc:  # a bug on one input must not stop a batch: report it as that input's error
            log.debug("%s failed", item.origin, exc_info=True)
            return Result(item.origin, error=f"failed ({type(exc).__name__}: {exc}); please report it")
        if article.errors:
            return Result(item.origin, error="; ".join(article.errors))
        return Result(item.origin, document=json.dumps(to_document(article), ensure_ascii=False))

    def pid(self) -> int:
        """The id of the process this worker runs in."""
        return os.getpid()

    def stats(self) -> WorkerStats:
        """This worker process's CPU time and peak memory so far."""
        return process_stats(os.getpid())


@dataclass(frozen=True)
class WorkerStats:
    """A worker process's CPU time (user + system) and peak resident memory so far; zeros where unknown."""

    pid: int
    cpu_seconds: float
    peak_rss_mib: float


def process_stats(pid: int) -> WorkerStats:
    """A process's `WorkerStats`, from /proc/PID/stat and the VmHWM line of /proc/PID/status (Linux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return WorkerStats(pid, 0.0, 0.0)
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    peak = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
    return WorkerStats(pid, round(cpu, 2), round(peak / 1024, 1))
