"""Extraction: a `Raw` input (HTML page or plain text) becomes an `Article` with text and metadata.

HTML goes through trafilatura (main text) and htmldate (date), then Indonesian fixes: dates in meta
tags, JSON-LD and visible Indonesian date strings, canonical URL, site name and author.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin

import htmldate
import lxml.etree
import lxml.html
import trafilatura

from warta.dates import find_date, parse_date
from warta.errors import InputError
from warta.ids import article_id
from warta.model import Article, Raw
from warta.settings import Settings
from warta.stages.clean import visible
from warta.urls import host_of

log = logging.getLogger(__name__)

# Meta tags (property, name or itemprop) that carry the publication date, best first.
_DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "content_publisheddate", "dc.date.issued",
    "dc.date", "dcterms.created", "date",
)  # fmt: skip
_AUTHOR_META = ("author", "article:author", "dc.creator", "content_author")
_DATE_HINT = re.compile(r"date|time|tanggal|tgl|publish|waktu|jam", re.IGNORECASE)
_AUTHOR_HINT = re.compile(r"author|penulis|reporter|writer|editor-name", re.IGNORECASE)
_AUTHOR_LABEL = re.compile(r"^\s*(?:penulis|reporter|oleh|by|author|pewarta|wartawan)\b\s*:?\s*", re.I)
_ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "WebPage"})
_TRAILING_SPACES = re.compile(r"[ \t\f\v]+$", re.MULTILINE)


@dataclass(frozen=True)
class _Meta:
    """What the page itself says about the article, each field None when not found."""

    title: str | None = None
    canonical: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None


def extract(raw: Raw, settings: Settings) -> Article:
    """The `Article` of one input; raises `InputError` when it holds no article text, or more than
    `settings.max_text_chars` characters of it."""
    content = raw.content
    if isinstance(content, bytes):
        from warta.sources.files import decode

        content = decode(content, raw.origin)
    article = _from_html(raw, content, settings) if raw.format == "html" else _from_text(raw, content, settings)
    article = replace(article, title=_visible(article.title), author=_visible(article.author))
    if len(article.text) > settings.max_text_chars:
        raise InputError(
            f"{raw.origin}: article text of {len(article.text)} characters is over the limit of "
            f"{settings.max_text_chars} (max_text_chars); raise WARTA_MAX_TEXT_CHARS or split the input"
        )
    return article


def _visible(value: str | None) -> str | None:
    """A metadata string without invisible characters (bidirectional overrides, zero-width, controls)."""
    return (visible(value).strip() or None) if value else value


def _from_text(raw: Raw, content: str, settings: Settings) -> Article:
    """A plain-text dump: an optional title line, then the body (cleaned later by the clean stage)."""
    if raw.as_is:
        title, text = raw.title, content
    else:
        lines = _TRAILING_SPACES.sub("", content.replace("\r\n", "\n").replace("\r", "\n"))
        title, text = _split_title(lines, raw.title)
    if not text.strip():
        raise InputError(f"{raw.origin}: no article text in the input; check that it is not empty")
    return Article(
        id=article_id(raw.id, raw.url, text),
        text=text,
        url=raw.url,
        source=host_of(raw.url),
        title=title,
        published=_normalize_date(raw.published, settings),
        origin=raw.origin,
        as_is=raw.as_is,
    )


def _split_title(text: str, given: str | None) -> tuple[str | None, str]:
    """(title, body): the first line is the title when short, not a sentence and followed by more text."""
    stripped = text.strip("\n")
    first, _, rest = stripped.partition("\n")
    candidate = first.strip()
    looks_like_title = len(candidate) < 200 and not candidate.endswith(".") and bool(rest.strip())
    if given is not None:
        same = " ".join(candidate.split()).casefold() == " ".join(given.split()).casefold()
        return given, (rest.strip("\n") if same and rest.strip() else stripped)
    if looks_like_title:
        return candidate, rest.strip("\n")
    return None, stripped


def _normalize_date(value: str | None, settings: Settings) -> str | None:
    """A given date in ISO 8601 when it parses, else as given (a record's own value wins)."""
    if not value:
        return None
    return parse_date(value, settings.timezone) or value


def _from_html(raw: Raw, content: str, settings: Settings) -> Article:
    """An HTML page: main text by trafilatura, metadata from the page with Indonesian fixes."""
    tree, too_deep = _parse(content, raw.origin)
    meta = _page_meta(tree, raw.url, settings)
    document = _trafilatura(content, raw)
    title = raw.title or meta.title or _attr(document, "title") or _first(tree.xpath("//title/text()"))
    site = meta.site or _attr(document, "sitename")
    title = clean_title(title, site, raw.url or meta.canonical) if title else title
    text = _paragraphs(document, title)
    if not _looks_like_article(text):
        why = f" (its elements nest deeper than {_MAX_DEPTH}, the HTML parser's limit)" if too_deep else ""
        raise InputError(f"{raw.origin}: no article text found in the page{why}; is it a news article?")
    published = _normalize_date(raw.published, settings) or meta.published
    published = published or _htmldate(content, raw.url)
    canonical = meta.canonical or _attr(document, "url") or raw.url
    return Article(
        id=article_id(raw.id, canonical, text),
        text=text,
        url=raw.url or canonical,
        source=host_of(canonical),
        title=title,
        published=published,
        author=meta.author or _clean_author(_attr(document, "author")),
        site=meta.site or _attr(document, "sitename") or host_of(canonical),
        origin=raw.origin,
        as_is=raw.as_is,
    )


# libxml2 stops parsing at this element depth (trafilatura's parser too): the rest of the page is lost.
_MAX_DEPTH = 256


def _parse(content: str, origin: str) -> tuple[lxml.html.HtmlElement, bool]:
    """The lxml tree of a page, and whether the parser stopped at its nesting limit (the tree then holds
    only what came before); unparseable markup becomes an `InputError`."""
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        tree = lxml.html.document_fromstring(content.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"{origin}: malformed HTML ({exc}); no article text found in the page") from None
    if not isinstance(tree, lxml.html.HtmlElement):
        raise InputError(f"{origin}: malformed HTML; no article text found in the page")
    too_deep = any("Excessive depth" in entry.message for entry in parser.error_log)
    return tree, too_deep


def _trafilatura(content: str, raw: Raw) -> Any:
    """trafilatura's document for the page (precision first, then its default balance), or None."""
    for precision in (True, False):
        try:
            document = trafilatura.bare_extraction(
                content,
                url=raw.url,
                include_comments=False,
                favor_precision=precision,
                with_metadata=True,
                include_tables=False,
            )
        except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup
            log.warning("%s: trafilatura failed: %s", raw.origin, exc)
            raise InputError(f"{raw.origin}: malformed HTML ({exc}); no article text found in the page") from None
        if document is not None and _attr(document, "text"):
            return document
    return None


def _attr(document: Any, name: str) -> str | None:
    """A string attribute of trafilatura's document, None when absent or empty."""
    value = getattr(document, name, None) if document is not None else None
    return value.strip() or None if isinstance(value, str) else None


def _paragraphs(document: Any, title: str | None) -> str:
    """The main text with one paragraph per line of trafilatura's output, joined by a blank line; leading
    lines that repeat the title or are a channel label ("PERISTIWA", "EKONOMI") are dropped."""
    lines = [" ".join(line.split()) for line in (_attr(document, "text") or "").splitlines()]
    lines = [line for line in lines if line]
    heading = " ".join(title.split()).casefold() if title else None
    while lines and (lines[0].casefold() == heading or _CHANNEL.match(lines[0])):
        lines = lines[1:]
    return "\n\n".join(lines)


_CHANNEL = re.compile(r"^[A-Z][A-Z&/ -]{1,30}$")
_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s++(?:::|\||–|—|-|»)\s+")  # from a run's first space: linear


def clean_title(title: str, site: str | None, url: str | None) -> str:
    """The headline without the site name a page adds before or after it ("Warta Daerah :: …")."""
    names = {_squash(n) for n in (site, host_of(url)) if n}
    names |= {n.rsplit(".", 1)[0] for n in names}
    parts = _TITLE_SEPARATOR.split(title.strip())
    kept = [p for p in parts if _squash(p) not in names and _squash(p).rsplit(".", 1)[0] not in names]
    return " - ".join(kept) if kept else title.strip()


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9.]", "", name.casefold()).removeprefix("www.")


def _looks_like_article(text: str) -> bool:
    """True for prose: at least 10 words, and a paragraph of at least 6 (not a form's labels)."""
    paragraphs = text.split("\n\n")
    return len(text.split()) >= 10 and any(len(p.split()) >= 6 for p in paragraphs)


def _htmldate(content: str, url: str | None) -> str | None:
    """htmldate's publication date (day precision), or None."""
    try:
        found = htmldate.find_date(content, url=url, original_date=True, extensive_search=False)
    except Exception as exc:  # htmldate may fail on odd markup; the date is optional
        log.debug("htmldate failed: %s", exc)
        return None
    return found if isinstance(found, str) else None


def _page_meta(tree: lxml.html.HtmlElement, url: str | None, settings: Settings) -> _Meta:
    """Title, canonical URL, site name, author and date from meta tags, JSON-LD and visible bylines."""
    metas = _meta_tags(tree)
    ld = list(_json_ld_objects(tree))
    canonical = _first(tree.xpath("//link[@rel='canonical']/@href")) or metas.get("og:url")
    return _Meta(
        title=metas.get("og:title") or _ld_value(ld, "headline"),
        canonical=urljoin(url or "", canonical) if canonical else None,
        site=metas.get("og:site_name"),
        author=_meta_author(metas) or _ld_author(ld) or _byline_author(tree),
        published=_meta_date(metas, ld, tree, settings.timezone),
    )


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Meta tag contents keyed by lowercased property, name or itemprop (first one wins)."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content") or element.get("datetime")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), value.strip())
    return found


def _first(values: Any) -> str | None:
    """The first non-empty string of an xpath result, stripped."""
    for value in values if isinstance(values, list) else []:
        text = str(value).strip()
        if text:
            return " ".join(text.split())
    return None


def _json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD scripts, nested ones and @graph members included."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content() or "null")
        except (ValueError, RecursionError):  # RecursionError: nested deeper than Python's stack allows
            log.debug("skipping invalid JSON-LD")
            continue
        yield from _walk(data)


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    """Dicts inside a JSON value, depth first (without recursion: JSON-LD may nest a thousand levels)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield value
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))


def _is_article(obj: dict[str, Any]) -> bool:
    """True when a JSON-LD object is an article (its @type is, or includes, an article type)."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds)


def _ld_value(objects: list[dict[str, Any]], key: str) -> str | None:
    """A string field of the first JSON-LD article object that has it."""
    for obj in objects:
        value = obj.get(key)
        if _is_article(obj) and isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _ld_author(objects: list[dict[str, Any]]) -> str | None:
    """The author name(s) of the first JSON-LD article with an author."""
    for obj in objects:
        if not _is_article(obj) or "author" not in obj:
            continue
        people = obj["author"] if isinstance(obj["author"], list) else [obj["author"]]
        names = [p.get("name") if isinstance(p, dict) else p for p in people]
        clean = [n.strip() for n in names if isinstance(n, str) and n.strip()]
        if clean:
            return ", ".join(clean)
    return None


def _meta_author(metas: dict[str, str]) -> str | None:
    """The author from meta tags, skipping profile URLs."""
    for key in _AUTHOR_META:
        value = metas.get(key)
        if value and not value.startswith(("http://", "https://")):
            return _clean_author(value)
    return None


def _byline_author(tree: lxml.html.HtmlElement) -> str | None:
    """The author from a short byline element (class or itemprop mentioning author/penulis/reporter)."""
    for element in tree.xpath("//*[@class or @id or @itemprop]"):
        hint = " ".join(element.get(a, "") for a in ("class", "id", "itemprop"))
        if _AUTHOR_HINT.search(hint):
            text = " ".join(element.text_content().split())
            if 0 < len(text) <= 80:
                return _clean_author(text)
    return None


def _clean_author(value: str | None) -> str | None:
    """An author name without labels such as "Penulis:" or "Reporter :"."""
    if not value:
        return None
    name = _AUTHOR_LABEL.sub("", value).strip(" :-|")
    return name or None


def _meta_date(metas: dict[str, str], ld: list[dict[str, Any]], tree: lxml.html.HtmlElement,
               offset: str) -> str | None:  # fmt: skip
    """The publication date from meta tags, JSON-LD, <time> elements or visible dated elements."""
    for key in _DATE_META:
        parsed = parse_date(metas.get(key, ""), offset)
        if parsed:
            return parsed
    parsed = parse_date(_ld_value(ld, "datePublished") or "", offset)
    if parsed:
        return parsed
    for value in tree.xpath("//time/@datetime"):
        parsed = parse_date(str(value), offset)
        if parsed:
            return parsed
    return _visible_date(tree, offset)


def _visible_date(tree: lxml.html.HtmlElement, offset: str) -> str | None:
    """The first Indonesian date string in a short element whose class or id hints at a date."""
    for element in tree.xpath("//body//*[@class or @id]"):
        hint = " ".join(element.get(a, "") for a in ("class", "id"))
        if _DATE_HINT.search(hint):
            text = " ".join(element.text_content().split())
            found = find_date(text, offset) if len(text) <= 200 else None
            if found:
                return found
    return None
