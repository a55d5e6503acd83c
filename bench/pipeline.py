"""Pipeline throughput on the demo articles: one process, HTML input, every stage.

Writes articles per second, tokens per second and peak memory to a JSON file (`make bench`).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

from warta import pipeline
from warta.model import Raw
from warta.settings import Settings


def run(paths: list[Path], rounds: int) -> dict[str, object]:
    """Process every page `rounds` times after one warm-up pass; return the figures."""
    pipe = pipeline.build(Settings())
    raws = [Raw(content=p.read_bytes(), format="html", origin=str(p)) for p in paths]
    for raw in raws:  # warm-up: loads the knowledge base and compiles patterns
        pipe.run(raw)
    tokens = 0
    start = time.perf_counter()
    for _ in range(rounds):
        for raw in raws:
            tokens += len(pipe.run(raw).text.split())
    elapsed = time.perf_counter() - start
    done = rounds * len(raws)
    return {
        "articles": done,
        "seconds": round(elapsed, 3),
        "articles_per_second": round(done / elapsed, 1),
        "tokens_per_second": round(tokens / elapsed),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "target_articles_per_second": 50,
        "python": sys.version.split()[0],
        "machine": platform.machine(),
    }


def main() -> None:
    """Command line: `python bench/pipeline.py --out FILE`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", default="demo/articles", help="folder of HTML pages")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", default="bench/results/pipeline.json")
    args = parser.parse_args()
    paths = sorted(Path(args.articles).glob("*.html"))
    figures = run(paths, args.rounds)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
