"""Tone model speed on one core: texts per second of `ToneModel.predict` (docs/tone.md).

    taskset -c 0 .venv/bin/python bench/tone.py --data FILE:FORMAT [--data …] [--repeat 3]

Reads the texts of labelled files (any `warta train tone` format, every part), loads the shipped model (or
`--model`), and prints the load time and the best of `--repeat` passes over all texts.
"""

from __future__ import annotations

import argparse
import time

from warta.tone.data import read
from warta.tone.model import ToneModel
from warta.tone.training import DataSpec


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", action="append", required=True, metavar="PATH:FORMAT")
    parser.add_argument("--model", default=None, help="model folder (default: the shipped model)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = [r.text for spec in map(DataSpec.parse, args.data) for r in read(spec.path, spec.fmt)]
    start = time.perf_counter()
    model = ToneModel.load(args.model)
    loaded = time.perf_counter() - start
    best = float("inf")
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        model.predict(texts)
        best = min(best, time.perf_counter() - start)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"model loaded in {loaded:.3f}s; {len(texts)} texts, {words:.1f} words on average")
    print(f"{len(texts) / best:.0f} texts/s ({1000 * best / len(texts):.3f} ms a text), best of {args.repeat}")


if __name__ == "__main__":
    main()
