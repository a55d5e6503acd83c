"""Discovery: article links out of feeds, sitemaps, section pages and URL lists. Pure functions, no network.

Every link comes back absolute and normalized (`normalize`): lowercased scheme and host, default port, tracking
parameters (utm_*, fbclid, …) and fragment removed. Only http(s) links are kept.
"""

from __future__ import annotations

import contextlib
import email.utils
import io
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit, urlunsplit

import courlan
import feedparser
import lxml.html
from lxml import etree

from warta.errors import InputError
from warta.urls import host_of

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # decompressed size cap of a gzip sitemap
_GZIP_MAGIC = b"\x1f\x8b"
_SITEMAP_BAD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)

# Path segments of pages that list or manage articles rather than being one.
_NAV_SEGMENTS = frozenset(
    "tag tags topik topic topics kategori category categories kanal rubrik indeks index arsip archive archives "
    "author authors penulis reporter wartawan editor search cari pencarian login masuk logout keluar daftar "
    "register signup akun account user users page halaman feed feeds rss atom sitemap".split()
)
# Slugs of a site's fixed pages (long enough to look like an article).
_BOILERPLATE = frozenset(
    "pedoman-media-siber pedoman-pemberitaan-media-siber syarat-dan-ketentuan kebijakan-privasi privacy-policy "
    "terms-of-service terms-and-conditions tentang-kami about-us hubungi-kami contact-us info-iklan kode-etik "
    "kode-etik-jurnalistik susunan-redaksi".split()
)
_PAGE_EXTENSIONS = frozenset({"html", "htm", "shtml", "php", "asp", "aspx", "jsp", "cfm"})
_EXTENSION = re.compile(r"\.([a-z][a-z0-9]{1,4})$", re.IGNORECASE)
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])/(?:(?:0?[1-9]|[12]\d|3[01])/)?(?!(?:\d{1,2})?/?$)[^/]+")
_COMPACT_DATE = re.compile(r"/(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d*(?:[-/]|$)")
_ARTICLE_ID = re.compile(r"(?:^|[/-])[a-z]?\d{5,}(?:[/.-]|$)", re.IGNORECASE)
_QUERY_ID = re.compile(r"(?:^|&)(?:\w*id=\d+|view=article)(?:&|$)", re.IGNORECASE)
_SLUG_WORD = re.compile(r"[^\W\d_]", re.UNICODE)

_NEXT_TEXTS = frozenset({"berikutnya", "selanjutnya", "next", "›", "»", "halaman berikutnya", "next page", "lanjut"})
_PAGE_PARAMS = frozenset({"page", "paged", "hal", "halaman"})
_PAGE_PATH = re.compile(r"/(?:page|halaman)/\d+/?$", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """A discovered link: absolute normalized URL, with the date and title the source gave, if any."""

    url: str
    published: str | None = None  # ISO 8601 as given by the feed or sitemap
    title: str | None = None


def normalize(url: str, base_url: str = "") -> str | None:
    """`url` resolved against `base_url` and normalized by courlan, or None when it is not an http(s) URL."""
    if not url.strip():
        return None
    try:
        absolute = urldefrag(urljoin(base_url, url.strip())).url
        parts = urlsplit(absolute)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        return urldefrag(courlan.normalize_url(absolute)).url
    except ValueError:
        return None


# Feeds ------------------------------------------------------------------------------------------------------


def parse_feed(content: bytes, base_url: str) -> list[Link]:
    """The entries of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order; InputError when it is not a feed."""
    headers = {"content-location": base_url, "content-type": "application/xml"}
    # A stream, never bytes: feedparser would read bytes that look like a path as a file name.
    feed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    if not feed.entries and (feed.bozo or not feed.get("version")):
        reason = _one_line(str(feed.get("bozo_exception") or "no RSS or Atom root element"))
        raise InputError(f"{base_url}: not a readable RSS or Atom feed ({reason})")
    links: list[Link] = []
    seen: set[str] = set()
    for entry in feed.entries:
        url = normalize(_entry_link(entry), base_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        links.append(Link(url, _entry_date(entry), _plain(entry.get("title"))))
    return links


def _entry_link(entry: Any) -> str:
    """The entry's link: `link`, else its first alternate link, else an http(s) id."""
    link = entry.get("link")
    if isinstance(link, str) and link:
        return link
    for candidate in entry.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return str(candidate["href"])
    ident = entry.get("id")
    return ident if isinstance(ident, str) and ident.startswith(("http://", "https://")) else ""


def _entry_date(entry: Any) -> str | None:
    """Published (else updated) as ISO 8601, keeping the feed's UTC offset when it gave one."""
    for key in ("published", "updated", "created"):
        given = entry.get(key)
        if isinstance(given, str) and given.strip():
            iso = _iso(given.strip())
            if iso:
                return iso
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return datetime(*tuple(parsed)[:6]).replace(tzinfo=UTC).isoformat()
    return None


def _iso(text: str) -> str | None:
    """An RFC 822 or ISO 8601 date as ISO 8601, or None."""
    try:
        datetime.fromisoformat(text)
        return text
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _plain(title: Any) -> str | None:
    """A title without markup or surrounding space, or None when empty."""
    if not isinstance(title, str):
        return None
    if "<" in title:
        with contextlib.suppress(etree.ParserError, ValueError):
            title = str(lxml.html.fromstring(f"<div>{title}</div>").text_content())
    title = " ".join(title.split())
    return title or None


def _one_line(text: str) -> str:
    """The text on one line, at most 200 characters."""
    return " ".join(text.split())[:200]


# Sitemaps ---------------------------------------------------------------------------------------------------


def parse_sitemap(content: bytes, base_url: str) -> tuple[list[Link], list[str]]:
    """(article links of a <urlset>, child sitemap URLs of a <sitemapindex>); gzip accepted; InputError if bad."""
    if content.startswith(_GZIP_MAGIC):
        content = gunzip(content, base_url)
    root = _parse_xml(content, base_url)
    kind = etree.QName(root).localname
    if kind == "urlset":
        return _urlset(root, base_url), []
    if kind == "sitemapindex":
        children = (normalize(_child_text(node, "loc") or "", base_url) for node in _children(root, "sitemap"))
        return [], list(dict.fromkeys(url for url in children if url))
    raise InputError(f"{base_url}: not a sitemap (root element <{kind}>, expected <urlset> or <sitemapindex>)")


def gunzip(data: bytes, origin: str, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress gzip data (all members), never producing more than `limit` bytes: InputError beyond."""
    out = bytearray()
    rest = data
    while rest.startswith(_GZIP_MAGIC):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while rest and not inflater.eof:
                out += inflater.decompress(rest, limit + 1 - len(out))
                if len(out) > limit:
                    raise InputError(f"{origin}: gzip data larger than {limit} bytes once decompressed; refused")
                rest = inflater.unconsumed_tail
        except zlib.error as exc:
            raise InputError(f"{origin}: broken gzip data ({exc})") from None
        if not inflater.eof:
            raise InputError(f"{origin}: truncated gzip data")
        rest = inflater.unused_data
    return bytes(out)


def _parse_xml(content: bytes, origin: str) -> Any:
    """The root element of a well-formed XML document without DTD or entities; InputError otherwise."""
    if _HTML_START.match(content[:4096]):
        raise InputError(f"{origin}: not a sitemap (an HTML page)")
    if _SITEMAP_BAD.search(content):
        raise InputError(f"{origin}: sitemap declares a DTD or entities; refused")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{origin}: broken sitemap XML ({_one_line(str(exc))})") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise InputError(f"{origin}: sitemap declares a DTD or entities; refused")
    return root


def _urlset(root: Any, base_url: str) -> list[Link]:
    """The links of a <urlset>: <loc>, Google News publication date and title, else <lastmod>."""
    links: dict[str, Link] = {}
    for node in _children(root, "url"):
        url = normalize(_child_text(node, "loc") or "", base_url)
        if url is None or url in links:
            continue
        news = next(_children(node, "news"), None)
        published = _child_text(news, "publication_date") if news is not None else None
        title = _child_text(news, "title") if news is not None else None
        links[url] = Link(url, published or _child_text(node, "lastmod"), title)
    return list(links.values())


def _children(node: Any, name: str) -> Any:
    """The element children of `node` whose local name is `name`, whatever their namespace."""
    return (child for child in node if isinstance(child.tag, str) and etree.QName(child).localname == name)


def _child_text(node: Any, name: str) -> str | None:
    """The stripped text of the first child called `name`, or None."""
    child = next(_children(node, name), None)
    text = " ".join((child.text or "").split()) if child is not None else ""
    return text or None


# Section pages ----------------------------------------------------------------------------------------------


def section_links(html: str, base_url: str) -> tuple[list[Link], list[str]]:
    """(article links on the same host, in page order without duplicates; next-page links) of an index page."""
    try:
        doc = lxml.html.fromstring(
            html.encode("utf-8", errors="replace"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (etree.ParserError, ValueError):
        return [], []
    base = _document_base(doc, base_url)
    articles: dict[str, Link] = {}
    pages: dict[str, None] = {}
    own = normalize(base_url)
    for anchor in doc.iter("a", "link"):
        url = normalize(anchor.get("href") or "", base)
        if url is None or url == own or not same_site(url, base_url):
            continue
        text = " ".join(anchor.text_content().split()) if anchor.tag == "a" else ""
        if _is_next(anchor, text, url, base_url):
            pages.setdefault(url)
        elif anchor.tag == "a" and url not in articles and is_article_url(url):
            articles[url] = Link(url, title=text or anchor.get("title") or None)
    return list(articles.values()), list(pages)


def _document_base(doc: Any, base_url: str) -> str:
    """The page's <base href> resolved against `base_url`, else `base_url`."""
    for node in doc.iter("base"):
        href = node.get("href")
        if href:
            try:
                return urljoin(base_url, str(href).strip())
            except ValueError:
                break
    return base_url


def same_site(url: str, base_url: str) -> bool:
    """Whether both URLs are on the same host (a leading "www." ignored) and port."""
    try:
        one, two = urlsplit(url), urlsplit(base_url)
        return host_of(url) is not None and host_of(url) == host_of(base_url) and _port(one) == _port(two)
    except ValueError:
        return False


def _port(parts: Any) -> int | None:
    """The explicit port of a split URL, or None for the scheme's default port."""
    port: int | None = parts.port
    return None if port == {"http": 80, "https": 443}.get(parts.scheme.lower()) else port


def _is_next(anchor: Any, text: str, url: str, base_url: str) -> bool:
    """Whether an anchor leads to the next page of the same listing."""
    rel = (anchor.get("rel") or "").lower().split()
    if "next" in rel:
        return True
    if anchor.tag != "a":
        return False
    label = (text or anchor.get("aria-label") or "").lower().strip(" .:")
    return label in _NEXT_TEXTS or _same_listing_page(url, base_url)


def _same_listing_page(url: str, base_url: str) -> bool:
    """Whether `url` is a numbered page (?page=N, /page/N) of the listing at `base_url`."""
    parts, base = urlsplit(url), urlsplit(base_url)
    path, base_path = parts.path.rstrip("/"), base.path.rstrip("/")
    if any(key.lower() in _PAGE_PARAMS and value.isdigit() for key, value in parse_qsl(parts.query)):
        return path == base_path
    listing = _PAGE_PATH.sub("", parts.path).rstrip("/")
    return bool(_PAGE_PATH.search(parts.path)) and listing == _PAGE_PATH.sub("", base.path).rstrip("/")


# Article URLs -----------------------------------------------------------------------------------------------


def is_article_url(url: str) -> bool:
    """Whether a URL looks like one article: not a listing, feed, file or account page; dated, numbered or slugged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    segments = [segment.lower() for segment in parts.path.split("/") if segment]
    if not segments or any(segment in _NAV_SEGMENTS for segment in segments):
        return False
    last = segments[-1]
    extension = _EXTENSION.search(last)
    if extension and extension.group(1).lower() not in _PAGE_EXTENSIONS:
        return False
    stem = last[: extension.start()] if extension else last
    if stem in _BOILERPLATE or not _courlan_accepts(parts.path, parts.query):
        return False
    return _looks_like_article(parts.path, parts.query, stem)


def _courlan_accepts(path: str, query: str) -> bool:
    """courlan's filters over the path and query (the host is checked apart: courlan refuses localhost and IPs)."""
    probe = urlunsplit(("https", "example.com", path or "/", query, ""))
    return (
        courlan.check_url(probe) is not None
        and not courlan.is_navigation_page(probe)
        and not courlan.is_not_crawlable(probe)
    )


def _looks_like_article(path: str, query: str, stem: str) -> bool:
    """A date in the path, a numeric article id, an id query, or a slug of three words or more."""
    if _DATE_PATH.search(path) or _COMPACT_DATE.search(path) or _ARTICLE_ID.search(path):
        return True
    if _QUERY_ID.search(query):
        return True
    words = [word for word in re.split(r"[-_]+", stem) if _SLUG_WORD.search(word)]
    return len(words) >= 3


# URL lists --------------------------------------------------------------------------------------------------


def read_url_list(text: str, origin: str) -> list[Link]:
    """One http(s) URL a line; blank lines and `#` comments skipped; InputError naming `origin:line` if bad."""
    links: dict[str, Link] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        url = normalize(entry) if " " not in entry and "\t" not in entry else None
        if url is None or not entry.lower().startswith(("http://", "https://")):
            raise InputError(f"{origin}:{number}: not an http(s) URL: {_one_line(entry)[:80]!r}; fix or remove it")
        links.setdefault(url, Link(url))
    return list(links.values())
