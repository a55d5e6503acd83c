"""robots.txt per host (RFC 9309 as `urllib.robotparser` reads it): fetched once per crawl through the
polite fetcher; a 4xx answer allows everything, a 5xx or no answer disallows the host for this run."""

from __future__ import annotations

import logging
from urllib.robotparser import RobotFileParser

from warta.crawl.fetch import Fetcher, host_of

log = logging.getLogger(__name__)
_MAX_ROBOTS = 500_000


class Robots:
    """Cached robots.txt rules of the hosts a crawl touches."""

    def __init__(self, fetcher: Fetcher, agent: str) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self._rules: dict[str, RobotFileParser | bool] = {}

    async def allowed(self, url: str) -> bool:
        """Whether the crawler may fetch `url`."""
        host = host_of(url)
        if host not in self._rules:
            self._rules[host] = await self._load(host)
        rules = self._rules[host]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.agent, url)

    async def sitemaps(self, url: str) -> list[str]:
        """The Sitemap: lines of the host's robots.txt."""
        await self.allowed(url)
        rules = self._rules.get(host_of(url))
        return list(rules.site_maps() or []) if isinstance(rules, RobotFileParser) else []

    async def _load(self, host: str) -> RobotFileParser | bool:
        response = await self.fetcher.get(f"{host}/robots.txt")
        if 400 <= response.status < 500:
            return True
        if not response.ok or len(response.body) > _MAX_ROBOTS:
            log.warning(
                "robots.txt of %s unavailable (%s); not crawling it this run", host, response.error or response.status
            )
            return False
        parser = RobotFileParser()
        parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.agent)
        if delay is not None:
            self.fetcher.set_delay(host, float(delay))
        return parser
