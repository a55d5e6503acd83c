"""The whole pipeline against trafilatura's `extract` alone, on real page layouts (issue 21).

One process, one core, after a warm-up pass, over the saved news pages (a folder outside the repository, `.html`
or gzip `.html.gz`) and the demo pages: (a) `trafilatura.extract` on each page's bytes with the options of Warta's
extract stage, (b) `warta.pipeline.build(Settings()).run(Raw(bytes, "html", origin))`, every stage on. Writes
pages per second of each, their ratio (pipeline / trafilatura throughput; target >= 0.7), milliseconds per page
in each stage, and the worker's peak RSS with every model loaded (target < 300 MiB). The JSON names files and
figures only, never a page's text.

    python bench/pipeline_vs_extract.py --pages ../shared/data/news-pages/html \
        --out bench/results/pipeline_vs_extract.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

import trafilatura

from warta import pipeline
from warta.errors import WartaError
from warta.model import Article, Raw
from warta.pipeline import Pipeline, Stage
from warta.settings import Settings

TARGET_RATIO = 0.7
TARGET_RSS_MIB = 300
DEFAULT_PAGES = "../shared/data/news-pages/html"


class Timed:
    """A stage that adds the seconds it spends to a shared tally under its name."""

    def __init__(self, stage: Stage, tally: dict[str, float]) -> None:
        self.stage, self.tally = stage, tally
        self.name, self.requires, self.provides = stage.name, stage.requires, stage.provides

    def __call__(self, article: Article) -> Article:
        start = time.perf_counter()
        try:
            return self.stage(article)
        finally:
            self.tally[self.name] += time.perf_counter() - start


def read_pages(folder: Path) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every `.html` and `.html.gz` page of `folder`, sorted by name."""
    out = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".html.gz"):
            out.append((path.name, gzip.decompress(path.read_bytes())))
        elif path.name.endswith(".html"):
            out.append((path.name, path.read_bytes()))
    return out


def trafilatura_alone(content: bytes) -> str | None:
    """trafilatura's `extract` with the options of Warta's extract stage (warta/stages/extract.py)."""
    return trafilatura.extract(
        content, include_comments=False, favor_precision=True, with_metadata=True, include_tables=False
    )


def time_trafilatura(pages: list[tuple[str, bytes]], rounds: int) -> list[float]:
    """Seconds of one pass over every page, for each round."""
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _name, content in pages:
            trafilatura_alone(content)
        out.append(time.perf_counter() - start)
    return out


def time_pipeline(pipe: Pipeline, raws: list[Raw], rounds: int, tally: dict[str, float]) -> tuple[list[float], int]:
    """Seconds of one pass of the pipeline over every page for each round, and the pages refused per pass
    (the `Timed` stages add their seconds to their tally)."""
    out, refused = [], 0
    for _ in range(rounds):
        refused = 0
        start = time.perf_counter()
        for raw in raws:
            try:
                pipe.run(raw)
            except WartaError:
                refused += 1
        out.append(time.perf_counter() - start)
    return out, refused


def one_core() -> str:
    """Pin the process to one core (Linux); say which."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"core {core}"
    return "not pinned (no sched_setaffinity)"


def measure(built: Pipeline, pages: list[tuple[str, bytes]], rounds: int) -> dict[str, object]:
    """Warm up both, then time `rounds` alternating passes of trafilatura alone and of the pipeline; the time
    of `run` outside the stages is extraction's."""
    tally = {"extract": 0.0, **{stage.name: 0.0 for stage in built.stages}}
    pipe = Pipeline([Timed(stage, tally) for stage in built.stages], built.settings)
    raws = [Raw(content=content, format="html", origin=name) for name, content in pages]
    time_trafilatura(pages, 1)  # warm-up: imports, parsers, the knowledge base and the models
    time_pipeline(pipe, raws, 1, tally)
    tally.update(dict.fromkeys(tally, 0.0))
    alone: list[float] = []
    whole: list[float] = []
    refused = 0
    for _ in range(rounds):  # alternate, so that a busy moment on a shared machine touches both
        alone += time_trafilatura(pages, 1)
        passes, refused = time_pipeline(pipe, raws, 1, tally)
        whole += passes
    tally["extract"] = sum(whole) - sum(v for k, v in tally.items() if k != "extract")
    n = len(pages)
    alone_rate, whole_rate = n / statistics.median(alone), n / statistics.median(whole)
    done = rounds * n
    return {
        "trafilatura_pages_per_second": round(alone_rate, 1),
        "pipeline_pages_per_second": round(whole_rate, 1),
        "ratio": round(whole_rate / alone_rate, 3),
        "target_ratio": TARGET_RATIO,
        "ratio_pass": whole_rate / alone_rate >= TARGET_RATIO,
        "rounds_seconds": {"trafilatura": [round(s, 3) for s in alone], "pipeline": [round(s, 3) for s in whole]},
        "refused_pages_per_pass": refused,
        "ms_per_page_by_stage": {name: round(1000 * t / done, 2) for name, t in tally.items()},
    }


def profile(pages: list[tuple[str, bytes]], rounds: int, top: int) -> None:
    """Print the `top` functions by cumulative time under cProfile (ms per page, share of `Pipeline.run`)."""
    import cProfile
    import pstats

    pipe = pipeline.build(Settings())
    raws = [Raw(content=content, format="html", origin=name) for name, content in pages]
    time_pipeline(pipe, raws, 1, {})  # warm-up
    profiler = cProfile.Profile()
    profiler.runcall(time_pipeline, pipe, raws, rounds, {})
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = sorted(((row[3], where) for where, row in stats.items() if where[2] != "time_pipeline"), reverse=True)
    whole, done = rows[0][0], rounds * len(pages)
    print(f"{'ms/page':>8} {'share':>6}  function")
    for seconds, (path, line, function) in rows[:top]:
        place = path.split("site-packages/")[-1].replace(str(Path.cwd()) + "/", "")
        print(f"{1000 * seconds / done:8.2f} {100 * seconds / whole:5.1f}%  {function}  {place}:{line}")


def main() -> None:
    """Command line; exits with one line when the pages' folder is missing."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default=DEFAULT_PAGES, help="folder of saved news pages (.html, .html.gz)")
    parser.add_argument("--demo", default="demo/articles", help="folder of the demo pages")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", default="bench/results/pipeline_vs_extract.json")
    parser.add_argument("--profile", type=int, default=0, metavar="TOP", help="print a cProfile's top lines instead")
    args = parser.parse_args()
    folder = Path(args.pages)
    if not folder.is_dir():
        raise SystemExit(f"pipeline_vs_extract: no folder of saved pages at {folder}; pass --pages FOLDER")
    real, demo = read_pages(folder), read_pages(Path(args.demo))
    pinned = one_core()
    if args.profile:
        profile(real + demo, args.rounds, args.profile)
        return
    figures: dict[str, object] = {"pages": {"real": len(real), "demo": len(demo)}, "process": f"one, {pinned}"}
    built = pipeline.build(Settings())  # one worker: its models are loaded once
    figures["real_pages"] = measure(built, real, args.rounds)
    figures["real_and_demo_pages"] = measure(built, real + demo, args.rounds)
    figures["real_page_files"] = [name for name, _ in real]
    figures["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["target_rss_mib"] = TARGET_RSS_MIB
    figures["rss_pass"] = float(str(figures["peak_rss_mib"])) < TARGET_RSS_MIB
    figures["trafilatura"] = trafilatura.__version__
    figures["python"], figures["machine"] = sys.version.split()[0], platform.machine()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k != "real_page_files"}, indent=2))


if __name__ == "__main__":
    main()
