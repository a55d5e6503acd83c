"""robots.txt per host (RFC 9309 as `urllib.robotparser` reads it): fetched once per host per crawl through
the polite fetcher, concurrent fetches for one host sharing that one request. A 4xx answer allows everything.
A 5xx, no answer or an unreadable one means "unavailable": as RFC 9309 §2.3.1.4 says, the host is treated as
completely disallowed only while it is so, and its URLs stay queued, to be tried again on a later run
(`Crawler` postpones them, never marks them skipped)."""

from __future__ import annotations

import asyncio
import logging
from urllib.robotparser import RobotFileParser

from warta.crawl.fetch import Fetcher, host_of

log = logging.getLogger(__name__)
_MAX_ROBOTS = 500_000

DISALLOWED = "robots.txt disallows it"
UNAVAILABLE = "robots.txt unavailable"  # the start of every "try later" reason


class Robots:
    """Cached robots.txt rules of the hosts a crawl touches."""

    def __init__(self, fetcher: Fetcher, agent: str) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self._rules: dict[str, asyncio.Task[RobotFileParser | bool | str]] = {}

    async def verdict(self, url: str) -> str | None:
        """None when the crawler may fetch `url`; else why not: DISALLOWED, or a reason starting UNAVAILABLE."""
        host = host_of(url)
        if host not in self._rules:
            self._rules[host] = asyncio.ensure_future(self._load(host))
        rules = await asyncio.shield(self._rules[host])  # one waiter cancelled leaves the shared fetch running
        if isinstance(rules, str):
            return rules
        if isinstance(rules, bool):
            return None if rules else DISALLOWED
        return None if rules.can_fetch(self.agent, url) else DISALLOWED

    async def allowed(self, url: str) -> bool:
        """Whether the crawler may fetch `url` now."""
        return await self.verdict(url) is None

    async def sitemaps(self, url: str) -> list[str]:
        """The Sitemap: lines of the host's robots.txt."""
        await self.verdict(url)
        task = self._rules.get(host_of(url))
        rules = task.result() if task is not None and task.done() else None
        return list(rules.site_maps() or []) if isinstance(rules, RobotFileParser) else []

    async def _load(self, host: str) -> RobotFileParser | bool | str:
        response = await self.fetcher.get(f"{host}/robots.txt")
        if 400 <= response.status < 500:
            return True
        if not response.ok or len(response.body) > _MAX_ROBOTS:
            why = response.error or f"HTTP {response.status}"
            if response.ok:
                why = f"larger than {_MAX_ROBOTS:,} bytes"
            log.warning("robots.txt of %s unavailable (%s); its URLs wait for a later run", host, why)
            return f"{UNAVAILABLE} ({why}); tried again on a later run"
        parser = RobotFileParser()
        parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.agent)
        if delay is not None:
            self.fetcher.set_delay(host, float(delay))
        return parser
