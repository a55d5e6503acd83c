"""Crash safety of the crawl: `kill -9` at random moments during a crawl of the demo site, then a restart,
leaves the store holding every article exactly once, with an intact database."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import DEMO
from warta.demosite import DemoSite

GENERATED = 300  # extra articles, so that every run is killed in the middle of the crawl
KILLS = 5


def _config(site: DemoSite, path: Path) -> None:
    limits = "delay = 0.0\nper_host = 2\nconcurrency = 4\nretries = 3\nsection_pages = 2\n"
    blocks = [f'[crawl]\n{limits}allow_networks = ["127.0.0.1/32"]\n']  # the demo site is local: allowed explicitly
    for number, (root, sitemap) in enumerate(zip(site.urls, site.sitemap_urls(), strict=True)):
        blocks.append(f'[[source]]\nname = "outlet{number}"\nsitemaps = ["{sitemap}"]\nsections = ["{root}"]\n')
    path.write_text("\n".join(blocks), encoding="utf-8")


def _crawl(db: Path, config: Path) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "warta", "--db", str(db), "crawl", "--config", str(config), "--once", "--no-progress"]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _articles(db: Path) -> tuple[int, int, int, str]:
    conn = sqlite3.connect(db)
    try:
        stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        done = conn.execute("SELECT COUNT(*) FROM crawl_urls WHERE kind = 'article' AND state = 'done'").fetchone()[0]
        urls = conn.execute("SELECT COUNT(DISTINCT article_id) FROM crawl_urls WHERE state = 'done'").fetchone()[0]
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        return stored, done, urls, check
    finally:
        conn.close()


def test_crawl_kill_9_at_random_points_then_resume(tmp_path: Path) -> None:
    rng = random.Random(20261128)
    db, config = tmp_path / "warta.db", tmp_path / "warta.toml"
    with DemoSite(DEMO / "articles", base_port=0, generated=GENERATED, latency=0.02) as site:
        _config(site, config)
        for _ in range(KILLS):
            crawl = _crawl(db, config)
            time.sleep(rng.uniform(1.2, 3.5))
            crawl.kill()
            crawl.wait()
        final = _crawl(db, config)
        _, err = final.communicate(timeout=300)
        assert final.returncode == 0, err.decode()
    stored, done, distinct, check = _articles(db)
    expected = 40 + GENERATED
    assert check == "ok"
    assert stored == expected and done == expected and distinct == expected
