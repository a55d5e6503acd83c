"""What tone, category and isu cost: the pipeline and the save, with and without them (issue 18, `make bench`).

    python bench/isu_tone_cost.py [--articles demo/articles] [--rounds 5] [--out bench/results/isu_tone_cost.json]

Both variants run in this one process over the same HTML pages, in interleaved rounds (without, with, without,
… and the other way round every second round), each round into a new SQLite store, one transaction an article
as `warta ingest` saves:

- **without**: the default stages minus `tone` and `category`; saved with the isu filing left out (the store's
  `warta.store.isu.assign` replaced by a no-op for that round);
- **with**: every default stage; saved with the isu filing: the article's isu features (`warta.isu.features`:
  stemming its words) and filing them (`warta.store.isu.file`: candidates through the term index, the rule,
  the isu rows).

Times are this process's CPU time (`time.process_time`: other jobs on a shared machine change it less than the
wall-clock time, which is written beside). Writes CPU milliseconds per article by stage and for the save (`isu`:
the part of the save spent in `warta.store.isu.assign`; `isu_features`: the features computed once more apart,
to split it), and the ratios: `ratio`, the median over the rounds of pipeline and save, with over without (the
target is 1.20 or less); `ratio_of_sums`; `ratio_pipeline`, the stages alone, the isu features counted with
them; and the tone features' CPU microseconds per sentence, text by text and an article at once. The store
holds only the pages of one round, so the filing here is that of a small store: `bench/isu.py --store`
measures it at 100,000 articles.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from warta import pipeline
from warta.isu import features
from warta.model import Article, Raw
from warta.pipeline import EXTRACT_PROVIDES, Pipeline
from warta.settings import Settings
from warta.stages.extract import extract
from warta.store import isu as store_isu
from warta.store import open_store

now = time.process_time  # CPU time of this process: other jobs on the machine change it less than wall time
COSTLY = ("tone", "category")  # the stages measured, beside the isu filing on save
TARGET_RATIO = 1.20


class Clock:
    """Seconds spent, by name."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def add(self, name: str, seconds: float) -> None:
        """Count `seconds` under `name`."""
        self.spent[name] = self.spent.get(name, 0.0) + seconds

    def timed(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function`, its time counted under `name`."""

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = now()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(name, now() - start)

        return wrapper


def _no_isu(*args: Any, **kwargs: Any) -> str:
    return ""


@contextmanager
def isu_filing(clock: Clock, enabled: bool) -> Iterator[None]:
    """Inside: the store files saved articles into isus (timed as "isu"), or not."""
    assign = store_isu.assign
    store_isu.assign = clock.timed("isu", assign) if enabled else _no_isu
    try:
        yield
    finally:
        store_isu.assign = assign


def process(pipe: Pipeline, raw: Raw, clock: Clock) -> Article:
    """Run the pipeline over one page, each stage timed (as `Pipeline.run` does, without its error wrapping)."""
    start = now()
    article = replace(extract(raw, pipe.settings), provided=EXTRACT_PROVIDES)
    clock.add("extract", now() - start)
    for stage in pipe.stages:
        start = now()
        article = stage(article)
        clock.add(stage.name, now() - start)
        article = replace(article, provided=article.provided | stage.provides)
    return article


def one_round(pipe: Pipeline, raws: list[Raw], with_isu: bool, db: Path, clock: Clock) -> None:
    """Process and save every page into a new SQLite store at `db`."""
    with open_store(str(db)) as store, isu_filing(clock, with_isu):
        for raw in raws:
            article = process(pipe, raw, clock)
            if with_isu:  # the features alone, once more, to split the isu time (not counted in the totals)
                start = now()
                features(article)
                clock.add("isu_features", now() - start)
            start = now()
            store.save(article)
            clock.add("save", now() - start)


def measure(paths: list[Path], rounds: int) -> dict[str, object]:
    """Both variants over the pages, `rounds` interleaved rounds each after one warm-up round each."""
    full = pipeline.build(Settings())
    pipes = {
        "without": pipeline.build(full.settings, [s.name for s in full.stages if s.name not in COSTLY]),
        "with": full,
    }
    raws = [Raw(content=p.read_bytes(), format="html", origin=str(p)) for p in paths]
    clocks: dict[str, list[Clock]] = {name: [] for name in pipes}
    wall = dict.fromkeys(pipes, 0.0)
    with tempfile.TemporaryDirectory(prefix="warta-cost-") as tmp:
        for name, pipe in pipes.items():  # warm-up: knowledge base, models, Sastrawi's cache, compiled patterns
            one_round(pipe, raws, name == "with", Path(tmp, f"warm-{name}.db"), Clock())
        for number in range(rounds):
            for name in sorted(pipes, reverse=number % 2 == 1):
                clocks[name].append(Clock())
                start = time.perf_counter()
                one_round(pipes[name], raws, name == "with", Path(tmp, f"{name}-{number}.db"), clocks[name][-1])
                wall[name] += time.perf_counter() - start
    result = summary(clocks, len(raws))
    result["wall_seconds"] = {name: round(seconds, 2) for name, seconds in wall.items()}
    return result


APART = ("isu", "isu_features")  # "isu" is part of "save"; "isu_features" was timed on a second call


def _total(clock: Clock) -> float:
    return sum(v for k, v in clock.spent.items() if k not in APART)


def summary(clocks: dict[str, list[Clock]], pages: int) -> dict[str, object]:
    """CPU milliseconds per article by stage, and the ratios: the median of the rounds' ratios (each round
    with its neighbour of the other variant) and the ratio of the sums."""
    spent = {name: Clock() for name in clocks}
    for name, rounds in clocks.items():
        for clock in rounds:
            for key, seconds in clock.spent.items():
                spent[name].add(key, seconds)
    done = pages * len(clocks["with"])
    totals = {name: _total(clock) for name, clock in spent.items()}
    stages = {name: totals[name] - spent[name].spent["save"] for name in spent}
    with_ = spent["with"].spent
    ratios = sorted(_total(w) / _total(wo) for w, wo in zip(clocks["with"], clocks["without"], strict=True))
    return {
        "articles_per_variant": done,
        "cpu_ms_per_article": {
            name: {k: round(1000 * v / done, 3) for k, v in clock.spent.items()} for name, clock in spent.items()
        },
        "cpu_ms_per_article_isu_filing": round(1000 * (with_["isu"] - with_["isu_features"]) / done, 3),
        "cpu_ms_per_article_total": {name: round(1000 * t / done, 3) for name, t in totals.items()},
        "ratio": round(statistics.median(ratios), 3),
        "ratio_of_rounds": [round(r, 3) for r in ratios],
        "ratio_of_sums": round(totals["with"] / totals["without"], 3),
        "ratio_pipeline": round((stages["with"] + with_["isu_features"]) / stages["without"], 3),
        "target_ratio": TARGET_RATIO,
        "python": sys.version.split()[0],
        "machine": platform.machine(),
    }


def featurize_figures(paths: list[Path], repeat: int) -> dict[str, object]:
    """CPU microseconds per sentence of the tone features, text by text (`featurize`) and an article's sentences
    at once (`featurize_arrays`, as `ToneModel.predict` does; absent before it existed), best of `repeat`."""
    from warta.tone import features

    pipe = pipeline.build(Settings(), ["clean", "sentences"])
    articles = [pipe.run(Raw(content=p.read_bytes(), format="html", origin=str(p))) for p in paths]
    texts = [[a.text[s.start : s.end] for s in a.sentences] for a in articles]
    config = features.FeatureConfig()
    ways: dict[str, Callable[[list[str]], object]] = {
        "one_by_one": lambda ts: [features.featurize(t, config) for t in ts]
    }
    if hasattr(features, "featurize_arrays"):
        ways["batch"] = lambda ts: features.featurize_arrays(ts, config)
    best = dict.fromkeys(ways, float("inf"))
    for _ in range(repeat + 1):  # the first pass fills the caches
        for name, way in ways.items():
            start = now()
            for sentences in texts:
                way(sentences)
            best[name] = min(best[name], now() - start)
    count = sum(map(len, texts))
    return {
        "sentences": count,
        "featurize_cpu_us_per_sentence": {k: round(1e6 * v / count, 1) for k, v in best.items()},
    }


def main() -> None:
    """Command line: `python bench/isu_tone_cost.py [--articles DIR] [--rounds N] [--out FILE]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", default="demo/articles", help="folder of HTML pages")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", default="bench/results/isu_tone_cost.json")
    args = parser.parse_args()
    paths = sorted(Path(args.articles).glob("*.html"))
    if not paths:
        raise SystemExit(f"{args.articles}: no HTML pages")
    figures = {**measure(paths, max(1, args.rounds)), **featurize_figures(paths, max(1, args.rounds))}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
