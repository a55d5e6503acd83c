"""Machine-readable pages of a demo outlet: RSS 2.0, Atom, sitemaps (index, Google News, plain) and robots.txt.

`base` is the outlet's root URL on the demo server ("http://127.0.0.1:8100"), so every link a crawler
finds here points back at the demo host. The Google News sitemap lists what Google News would: articles
published within two days of the outlet's newest article (at most 1,000). Plain sitemaps hold 5,000 URLs
per file; the sitemap index lists every file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import islice, takewhile
from xml.sax.saxutils import escape, quoteattr

from warta.demosite.outlets import Entry, Outlet
from warta.demosite.pages import href

FEED_SIZE = 50
SITEMAP_SIZE = 5000
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000
CRAWL_DELAY = 0
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def url(base: str, entry: Entry) -> str:
    """The absolute URL of an article on the demo host."""
    return base + href(entry.target)


def latest(outlet: Outlet) -> list[Entry]:
    """The entries the feeds list: the newest FEED_SIZE."""
    return list(islice(outlet.entries(), FEED_SIZE))


def rss(outlet: Outlet, base: str, entries: list[Entry]) -> bytes:
    """RSS 2.0 of `entries` (pubDate in RFC 822 form)."""
    spec = outlet.spec
    items = "\n".join(
        f"<item><title>{escape(e.title)}</title><link>{escape(url(base, e))}</link>"
        f'<guid isPermaLink="true">{escape(url(base, e))}</guid><pubDate>{format_datetime(e.published)}</pubDate>'
        f"<category>{escape(e.section.name)}</category><dc:creator>{escape(e.author)}</dc:creator>"
        f"<description>{escape(e.description)}</description></item>"
        for e in entries
    )
    built = f"<lastBuildDate>{format_datetime(entries[0].published)}</lastBuildDate>\n" if entries else ""
    return (
        XML_HEAD + '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{escape(spec.name)}</title>\n<link>{escape(base)}/</link>\n"
        f"<description>{escape(spec.tagline)}</description>\n<language>id</language>\n{built}"
        f'<atom:link href={quoteattr(base + "/rss.xml")} rel="self" type="application/rss+xml"/>\n'
        f"{items}\n</channel>\n</rss>\n"
    ).encode("utf-8")


def atom(outlet: Outlet, base: str, entries: list[Entry]) -> bytes:
    """An Atom 1.0 feed of `entries`."""
    spec = outlet.spec
    items = "\n".join(
        f'<entry><title>{escape(e.title)}</title><link rel="alternate" href={quoteattr(url(base, e))}/>'
        f"<id>{escape(url(base, e))}</id><published>{e.published.isoformat()}</published>"
        f"<updated>{e.published.isoformat()}</updated><author><name>{escape(e.author)}</name></author>"
        f"<category term={quoteattr(e.section.name)}/><summary>{escape(e.description)}</summary></entry>"
        for e in entries
    )
    updated = (entries[0].published if entries else datetime(2000, 1, 1, tzinfo=UTC)).isoformat()
    return (
        XML_HEAD + '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">\n'
        f"<title>{escape(spec.name)}</title>\n<subtitle>{escape(spec.tagline)}</subtitle>\n"
        f"<id>{escape(base)}/</id>\n<updated>{updated}</updated>\n"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(base + "/atom.xml")}/>\n'
        f'<link rel="alternate" type="text/html" href={quoteattr(base + "/")}/>\n{items}\n</feed>\n'
    ).encode("utf-8")


def sitemap_pages(outlet: Outlet) -> int:
    """How many plain sitemap files the outlet's articles fill (at least one)."""
    return max(1, -(-outlet.total() // SITEMAP_SIZE))


def sitemap_name(page: int) -> str:
    """The path of plain sitemap file `page`: /sitemap-articles.xml, then /sitemap-articles-2.xml, …"""
    return "/sitemap-articles.xml" if page == 1 else f"/sitemap-articles-{page}.xml"


def sitemap_page(outlet: Outlet, page: int) -> list[Entry]:
    """The entries of plain sitemap file `page` (1-based)."""
    start = (page - 1) * SITEMAP_SIZE
    return list(islice(outlet.entries(), start, start + SITEMAP_SIZE))


def sitemap_index(outlet: Outlet, base: str) -> tuple[bytes, datetime | None]:
    """The sitemap index (news sitemap first, then every plain file) and its newest date."""
    newest = next(outlet.entries(), None)
    firsts: list[Entry | None] = [*islice(outlet.entries(), 0, None, SITEMAP_SIZE)] or [None]  # each file's newest
    children = [("/sitemap-news.xml", newest)] + [(sitemap_name(i + 1), e) for i, e in enumerate(firsts)]
    rows = "\n".join(
        f"<sitemap><loc>{escape(base + path)}</loc>"
        + (f"<lastmod>{e.published.isoformat()}</lastmod>" if e else "")
        + "</sitemap>"
        for path, e in children
    )
    body = XML_HEAD + f'<sitemapindex xmlns="{SITEMAP_NS}">\n{rows}\n</sitemapindex>\n'
    return body.encode("utf-8"), newest.published if newest else None


def urlset(base: str, entries: Iterable[Entry]) -> bytes:
    """A plain sitemap: each article's URL and lastmod."""
    rows = "\n".join(
        f"<url><loc>{escape(url(base, e))}</loc><lastmod>{e.published.isoformat()}</lastmod></url>" for e in entries
    )
    return (XML_HEAD + f'<urlset xmlns="{SITEMAP_NS}">\n{rows}\n</urlset>\n').encode("utf-8")


def news_entries(outlet: Outlet) -> list[Entry]:
    """What the Google News sitemap lists: articles of the two days up to the newest one, at most 1,000."""
    entries: Iterator[Entry] = outlet.entries()
    newest = next(entries, None)
    if newest is None:
        return []
    recent = takewhile(lambda e: newest.published - e.published <= NEWS_WINDOW, entries)
    return [newest, *islice(recent, NEWS_LIMIT - 1)]


def news_sitemap(outlet: Outlet, base: str, entries: list[Entry]) -> bytes:
    """A Google News sitemap: publication name and language, publication date, title."""
    publication = (
        f"<news:publication><news:name>{escape(outlet.spec.name)}</news:name>"
        "<news:language>id</news:language></news:publication>"
    )
    rows = "\n".join(
        f"<url><loc>{escape(url(base, e))}</loc><news:news>{publication}"
        f"<news:publication_date>{e.published.isoformat()}</news:publication_date>"
        f"<news:title>{escape(e.title)}</news:title></news:news></url>"
        for e in entries
    )
    head = f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n'
    return (XML_HEAD + head + rows + "\n</urlset>\n").encode("utf-8")


def robots(outlet: Outlet, base: str) -> bytes:
    """robots.txt: everything allowed but /admin/, no crawl delay, both sitemaps named."""
    lines = (
        f"# {outlet.spec.name} (situs demo Warta)",
        "User-agent: *",
        "Disallow: /admin/",
        f"Crawl-delay: {CRAWL_DELAY}",
        "",
        f"Sitemap: {base}/sitemap.xml",
        f"Sitemap: {base}/sitemap-news.xml",
    )
    return ("\n".join(lines) + "\n").encode("utf-8")
