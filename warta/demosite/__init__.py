"""A demo news site for the crawler: three fictional Indonesian outlets served on 127.0.0.1 (docs/demo-site.md).

`DemoSite` serves the bundled demo articles (and, for benchmarks, any number of generated ones) with home
and section pages, RSS/Atom feeds, sitemaps and robots.txt; `serve_forever` runs it until Ctrl-C.
"""

from __future__ import annotations

from warta.demosite.outlets import Entry, Outlet, Section, build_outlets
from warta.demosite.server import DemoSite, serve_forever

__all__ = ["DemoSite", "Entry", "Outlet", "Section", "build_outlets", "serve_forever"]
