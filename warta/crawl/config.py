"""The crawl configuration in `warta.toml`: politeness limits and the sources to follow.

```toml
[crawl]
user_agent = "WartaBot/0.1 (+https://github.com/warta-id/warta)"
delay = 1.0            # seconds between two requests to one host
per_host = 1           # requests in flight per host
concurrency = 4        # requests in flight overall
max_bytes = 5000000    # largest page read (decompressed)
max_redirects = 5
connect_timeout = 10.0
read_timeout = 20.0
total_timeout = 60.0   # the longest one fetch may take, redirects included
retries = 4            # attempts for a URL that answers 429, 5xx or nothing
section_pages = 3      # index pages followed per section ("next page" links)
sitemap_depth = 3      # levels of sitemap indexes followed below a configured sitemap
sitemaps_per_run = 100 # sitemaps read per source per run (new child sitemaps queued per run, too)
max_queued = 100000    # URLs queued per source; links beyond wait for a later run
allow_networks = ["127.0.0.1/32"]  # non-public addresses the crawler may reach (default: none)
allow_ports = [8100, 8101, 8102]   # and on them only these ports (default: any)

[[source]]
name = "kabarjatim"
enabled = true
every = "30m"          # how often `warta crawl --forever` runs it (s, m, h, d)
feeds = ["http://127.0.0.1:8100/rss.xml"]
sitemaps = ["http://127.0.0.1:8100/sitemap.xml"]
sections = ["http://127.0.0.1:8100/"]
urls = []
```
`warta crawl init` writes a starter file listing major Indonesian outlets' public feeds, all disabled.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from warta.crawl.fetch import FetchLimits
from warta.errors import InputError
from warta.net.guard import AddressPolicy

_EVERY = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Source:
    """One outlet (or any group of entry points) to follow."""

    name: str
    enabled: bool = True
    every: float = 1800.0  # seconds
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrawlConfig:
    """Limits and sources."""

    limits: FetchLimits = field(default_factory=FetchLimits)
    retries: int = 4
    section_pages: int = 3
    sources: tuple[Source, ...] = ()
    sitemap_depth: int = 3  # levels of sitemap indexes followed below a configured sitemap
    sitemaps_per_run: int = 100  # sitemaps read, and new child sitemaps queued, per source per run
    max_queued: int = 100_000  # URLs queued per source: links found beyond it wait for a later run

    @property
    def enabled(self) -> tuple[Source, ...]:
        """The sources switched on."""
        return tuple(s for s in self.sources if s.enabled)


def load(path: Path) -> CrawlConfig:
    """Read and check a warta.toml; every problem is one InputError line naming the file."""
    if not path.is_file():
        raise InputError(f"{path}: no such file; create one with `warta crawl init`")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    return parse(data, str(path))


def parse(data: dict[str, Any], origin: str) -> CrawlConfig:
    """A configuration from parsed TOML."""
    crawl = data.get("crawl", {})
    if not isinstance(crawl, dict):
        raise InputError(f"{origin}: [crawl] must be a table")
    defaults = FetchLimits()
    limits = FetchLimits(
        user_agent=_text(crawl, "user_agent", defaults.user_agent, origin),
        connect_timeout=_number(crawl, "connect_timeout", defaults.connect_timeout, origin),
        read_timeout=_number(crawl, "read_timeout", defaults.read_timeout, origin),
        total_timeout=_number(crawl, "total_timeout", defaults.total_timeout, origin, low=1),
        max_bytes=int(_number(crawl, "max_bytes", defaults.max_bytes, origin)),
        max_redirects=int(_number(crawl, "max_redirects", defaults.max_redirects, origin)),
        delay=_number(crawl, "delay", defaults.delay, origin),
        per_host=int(_number(crawl, "per_host", defaults.per_host, origin, low=1)),
        concurrency=int(_number(crawl, "concurrency", defaults.concurrency, origin, low=1)),
        allow=AddressPolicy.parse(crawl.get("allow_networks", []), crawl.get("allow_ports", []), f"{origin}: crawl"),
    )
    sources = data.get("source", [])
    if not isinstance(sources, list):
        raise InputError(f"{origin}: sources are [[source]] tables")
    parsed = tuple(_source(s, origin) for s in sources)
    names = [s.name for s in parsed]
    if len(names) != len(set(names)):
        raise InputError(f"{origin}: two sources share a name; names must be unique")
    return CrawlConfig(
        limits,
        int(_number(crawl, "retries", 4, origin, low=1)),
        int(_number(crawl, "section_pages", 3, origin, low=1)),
        parsed,
        int(_number(crawl, "sitemap_depth", 3, origin)),
        int(_number(crawl, "sitemaps_per_run", 100, origin, low=1)),
        int(_number(crawl, "max_queued", 100_000, origin, low=1)),
    )


def _source(raw: object, origin: str) -> Source:
    if not isinstance(raw, dict):
        raise InputError(f"{origin}: each [[source]] must be a table")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(f"{origin}: source name {name!r} must be lowercase letters, digits, '-', '_' or '.'")
    return Source(
        name=name,
        enabled=bool(raw.get("enabled", True)),
        every=_every(raw.get("every", "30m"), f"{origin}: source {name}"),
        feeds=_urls(raw, "feeds", origin, name),
        sitemaps=_urls(raw, "sitemaps", origin, name),
        sections=_urls(raw, "sections", origin, name),
        urls=_urls(raw, "urls", origin, name),
    )


def _urls(raw: dict[str, Any], key: str, origin: str, name: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{origin}: source {name}: {key} must be a list of URLs")
    bad = [v for v in value if not v.startswith(("http://", "https://"))]
    if bad:
        raise InputError(f"{origin}: source {name}: {bad[0]!r} is not an http(s) URL")
    return tuple(value)


def _every(value: object, where: str) -> float:
    match = _EVERY.match(str(value).strip())
    if match is None:
        raise InputError(f"{where}: every = {value!r}; write a number and a unit, such as 30m, 2h or 1d")
    return float(match.group("n")) * _UNITS[match.group("unit")]


def _number(table: dict[str, Any], key: str, default: float, origin: str, low: float = 0) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
        raise InputError(f"{origin}: crawl.{key} = {value!r}; expected a number ≥ {low:g}")
    return float(value)


def _text(table: dict[str, Any], key: str, default: str, origin: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{origin}: crawl.{key} must be a non-empty string")
    return value.strip()


def starter() -> str:
    """The starter warta.toml: limits and major Indonesian outlets' public feeds, all disabled."""
    return resources.files("warta.crawl").joinpath("starter.toml").read_text(encoding="utf-8")
