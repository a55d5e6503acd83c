"""Knowledge-base resolution speed: every knowledge-base-typed mention of the demo articles resolved with its
article's region and date (`warta.kb.resolve`), after a warm-up pass that loads the data.

Writes microseconds per mention to a JSON file (`make bench`); the target is under 50.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from warta import pipeline
from warta.kb.resolve import resolve
from warta.model import Raw
from warta.settings import Settings

KB_TYPES = frozenset({"ministry", "agency", "political_party", "company", "province", "city", "district"})
TARGET_US = 50


def queries(paths: list[Path]) -> list[tuple[str, str | None, str | None]]:
    """(surface, article region code, article date) for every knowledge-base-typed mention."""
    pipe = pipeline.build(Settings())
    out = []
    for path in paths:
        article = pipe.run(Raw(content=path.read_bytes(), format="html", origin=str(path)))
        codes = [str(e.kb["region_code"]) for e in article.entities if e.type == "city" and "region_code" in e.kb]
        region = codes[0] if codes else None
        out += [(m.text, region, article.published) for m in article.mentions if m.type in KB_TYPES]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", default="demo/articles")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    found = queries(sorted(Path(args.articles).glob("*.html")))
    for q in found:  # warm-up
        resolve(*q)
    start = time.perf_counter()
    resolved = 0
    for _ in range(args.rounds):
        for q in found:
            resolved += bool(resolve(*q))
    seconds = time.perf_counter() - start
    calls = len(found) * args.rounds
    figures = {
        "mentions": len(found),
        "calls": calls,
        "resolved_share_percent": round(100 * resolved / calls, 1) if calls else 0.0,
        "kb_resolve_us_per_mention": round(1e6 * seconds / calls, 2) if calls else 0.0,
        "target_kb_resolve_us_per_mention": TARGET_US,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
