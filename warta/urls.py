"""URL values: the host an article came from (and, as the crawler grows, canonical forms)."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str | None) -> str | None:
    """The host of a URL, lowercased, without a leading "www.", or None when there is none."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
