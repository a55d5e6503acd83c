"""A weekly report (`warta.report`) of each region of the store of 100,000 generated articles (`bench/store100k.py`)
built and rendered to HTML and to PDF: seconds per step and in all, against the issue 20 target (a weekly report
of a 100,000-article store in under 10 s). Writes the figures to a JSON file (`make bench`).

The week ends on the store's newest article day (as bench/pages.py anchors its pages with WARTA_TODAY); the
report's "made on" date follows it too.

    python bench/report.py --out bench/results/report.json [--regions 35.16,34.04]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from store100k import CITY_CODES, build

from warta.dates import TODAY_ENV
from warta.report.data import ReportScope, build_report
from warta.report.render import to_html, to_pdf
from warta.store import open_store

TARGET_SECONDS = 10.0  # issue 20: a weekly report of a 100,000-article store renders in under 10 s


def one(db: Path, code: str, day: dt.date) -> dict[str, object]:
    """The seconds to build the week's report of `code` and render it to HTML and to PDF, and its size."""
    started = time.perf_counter()
    with open_store(str(db)) as store:
        report = build_report(store, ReportScope(region=code, period="week", date=day))
    built = time.perf_counter()
    html = to_html(report, "http://localhost:8000")
    htmled = time.perf_counter()
    pdf = to_pdf(report, "http://localhost:8000")
    done = time.perf_counter()
    total = done - started
    return {
        "articles": report.volume.now,
        "articles_before": report.volume.before,
        "isus": len(report.isus),
        "negatives": len(report.negatives),
        "build_s": round(built - started, 2),
        "html_s": round(htmled - built, 2),
        "pdf_s": round(done - htmled, 2),
        "total_s": round(total, 2),
        "html_bytes": len(html.encode("utf-8")),
        "pdf_bytes": len(pdf),
        "pass": total < TARGET_SECONDS,
    }


def main() -> None:
    """Build (or reuse) the store, time each region's weekly report, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", default="bench/cache/store100k.db")
    parser.add_argument("--regions", default=",".join(CITY_CODES), help="comma-separated Kemendagri codes")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    built = build(db, args.articles)
    with open_store(str(db)) as store:
        newest = store.conn.execute("SELECT max(substr(published, 1, 10)) FROM articles").fetchone()[0]
        count = int(store.conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    day = dt.date.fromisoformat(str(newest))
    os.environ[TODAY_ENV] = day.isoformat()
    one(db, CITY_CODES[0], day)  # warm-up: imports, templates, fonts, the database's pages
    reports: dict[str, dict[str, object]] = {}
    for code in [c for c in args.regions.split(",") if c]:
        reports[code] = one(db, code, day)
        print(code, json.dumps(reports[code]), flush=True)
    result = {
        "articles": count,
        "build_seconds": round(built, 1),
        "week_ends": day.isoformat(),
        "note": "weekly report per region: build (queries) + HTML + PDF (WeasyPrint), after one warm-up report",
        "target_seconds": TARGET_SECONDS,
        "max_total_s": max(float(str(r["total_s"])) for r in reports.values()),
        "all_pass": all(bool(r["pass"]) for r in reports.values()),
        "reports": reports,
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "reports"}))


if __name__ == "__main__":
    main()
