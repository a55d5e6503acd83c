"""The crawl configuration for the demo site on a given base port: `demo/warta.toml` is this file for port 8100,
and `make demo DEMO_PORT=…` writes one for its own port (`python -m warta.demosite.config --port P --out F`), so
the crawl reads the outlets where the site serves them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The outlets in the order `warta demo-site` serves them (outlet i on base port + i), and their feeds.
OUTLETS = (
    ("kabarjatim", ("rss.xml",)),
    ("suaranusantara", ("rss.xml", "atom.xml")),
    ("wartadaerah", ("rss.xml",)),
)

_HEAD = """\
# The demo crawl: the three fictional outlets of `warta demo-site` (docs/demo-site.md) on 127.0.0.1.
# `make demo` starts the site and runs `warta crawl --config demo/warta.toml --once`; for another port it writes
# this file anew (warta/demosite/config.py).

[crawl]
user_agent = "WartaBot/0.1 (demo)"
delay = 0.05           # the demo site is local: a short pause between requests to one outlet
per_host = 2
concurrency = 6
max_bytes = 5000000
max_redirects = 5
connect_timeout = 5.0
read_timeout = 10.0
total_timeout = 30.0
retries = 3
section_pages = 5
# The demo site is on the loopback address, which the crawler refuses unless allowed: allow exactly that
# address, and only the demo outlets' ports on it.
allow_networks = ["127.0.0.1/32"]
"""


def crawl_config(port: int) -> str:
    """The demo crawl's warta.toml for outlets served on `port`, `port + 1`, `port + 2`."""
    ports = [port + i for i in range(len(OUTLETS))]
    parts = [_HEAD, f"allow_ports = [{', '.join(str(p) for p in ports)}]\n"]
    for (name, feeds), at in zip(OUTLETS, ports, strict=True):
        base = f"http://127.0.0.1:{at}"
        feed_list = ", ".join(f'"{base}/{feed}"' for feed in feeds)
        parts.append(
            f'\n[[source]]\nname = "{name}"\nevery = "15m"\nfeeds = [{feed_list}]\n'
            f'sitemaps = ["{base}/sitemap.xml"]\nsections = ["{base}/"]\n'
        )
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Write the demo crawl configuration for a base port."""
    parser = argparse.ArgumentParser(prog="python -m warta.demosite.config", description=__doc__)
    parser.add_argument("--port", type=int, default=8100, help="the demo site's base port")
    parser.add_argument("--out", required=True, help="file to write")
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65533:
        print(f"warta.demosite.config: port {args.port} out of range (1-65533)", file=sys.stderr)
        return 2
    Path(args.out).write_text(crawl_config(args.port), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
