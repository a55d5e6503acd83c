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
from dataclasses import replace
from pathlib import Path

from warta import pipeline
from warta.model import Raw
from warta.pipeline import EXTRACT_PROVIDES
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
        "target_articles_per_second": 30,
        "python": sys.version.split()[0],
        "machine": platform.machine(),
    }


def ner_figures(paths: list[Path]) -> dict[str, object]:
    """The NER model alone: load time, file size, and tokens per second over the demo articles' sentences."""
    from warta.ner.crf import NerModel
    from warta.ner.folder import MODEL_FILE, SHIPPED
    from warta.ner.tokens import tokenize

    start = time.perf_counter()
    model = NerModel(SHIPPED)
    load = time.perf_counter() - start
    pipe = pipeline.build(Settings(ner_model="none"))
    articles = []  # each article's sentences, tagged together as the entities stage tags them
    for p in paths:
        article = pipe.run(Raw(content=p.read_bytes(), format="html", origin=str(p)))
        articles.append([[t.text for t in tokenize(article.text, s.start, s.end)] for s in article.sentences])
    tokens_total = sum(len(tokens) for sentences in articles for tokens in sentences)
    passes = []
    for _ in range(2):  # the first pass meets every word for the first time; the second finds them cached
        start = time.perf_counter()
        for sentences in articles:
            model.tag_all(sentences)
        passes.append(time.perf_counter() - start)
    return {
        "ner_model_load_seconds": round(load, 3),
        "ner_model_mib": round((SHIPPED / MODEL_FILE).stat().st_size / 2**20, 1),
        "ner_tokens_per_second_cold": round(tokens_total / passes[0]),
        "ner_tokens_per_second_warm": round(tokens_total / passes[1]),
        "target_ner_tokens_per_second": 20000,
    }


def stage_shares(paths: list[Path], rounds: int) -> dict[str, object]:
    """Seconds per article in each stage (extraction included), and the quotes stage's share of the whole."""
    from warta.stages.extract import extract

    pipe = pipeline.build(Settings())
    raws = [Raw(content=p.read_bytes(), format="html", origin=str(p)) for p in paths]
    spent = {"extract": 0.0, **{stage.name: 0.0 for stage in pipe.stages}}
    for _ in range(rounds):
        for raw in raws:
            start = time.perf_counter()
            article = replace(extract(raw, pipe.settings), provided=EXTRACT_PROVIDES)
            spent["extract"] += time.perf_counter() - start
            for stage in pipe.stages:
                start = time.perf_counter()
                article = stage(article)
                spent[stage.name] += time.perf_counter() - start
    done = rounds * len(raws)
    total = sum(spent.values())
    return {
        "ms_per_article_by_stage": {name: round(1000 * t / done, 3) for name, t in spent.items()},
        "quotes_share_of_pipeline_percent": round(100 * spent["quotes"] / total, 1),
        "target_quotes_share_percent": 20,
    }


def main() -> None:
    """Command line: `python bench/pipeline.py --out FILE`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", default="demo/articles", help="folder of HTML pages")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", default="bench/results/pipeline.json")
    args = parser.parse_args()
    paths = sorted(Path(args.articles).glob("*.html"))
    figures = {**run(paths, args.rounds), **ner_figures(paths), **stage_shares(paths, args.rounds)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
