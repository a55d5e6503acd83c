"""What an HTML page says about its article: title, canonical URL, site name, author and publication date,
from meta tags, JSON-LD and visible bylines and dates (Indonesian month names, WIB/WITA/WIT zones)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import lxml.html

from warta.dates import find_date, parse_date

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


@dataclass(frozen=True)
class Meta:
    """What the page itself says about the article, each field None when not found."""

    title: str | None = None
    canonical: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    section: str | None = None


def page_meta(tree: lxml.html.HtmlElement, url: str | None, offset: str) -> Meta:
    """Title, canonical URL, site name, author and date from meta tags, JSON-LD and visible bylines."""
    metas = _meta_tags(tree)
    ld = list(_json_ld_objects(tree))
    texts = _LazyTexts(tree)
    canonical = first(tree.xpath("//link[@rel='canonical']/@href")) or metas.get("og:url")
    return Meta(
        title=metas.get("og:title") or _ld_value(ld, "headline"),
        canonical=urljoin(url or "", canonical) if canonical else None,
        site=metas.get("og:site_name"),
        author=_meta_author(metas) or _ld_author(ld) or _byline_author(tree, texts),
        published=_meta_date(metas, ld, tree, texts, offset),
        section=_section(metas, ld),
    )


# Meta tags naming the outlet's section of the article, broadest first (KLY pages add numbered sub-sections).
_SECTION_META = ("article:section", "article:section2", "article:section3")


def _section(metas: dict[str, str], ld: list[dict[str, Any]]) -> str | None:
    """The page's own section names joined by " / " ("News / Bisnis / Ekonomi"): its `article:section` meta
    tags, else the JSON-LD article's `articleSection` (a string or a list)."""
    names = [metas[key] for key in _SECTION_META if metas.get(key)]
    if not names:
        found = next((obj["articleSection"] for obj in ld if _is_article(obj) and obj.get("articleSection")), None)
        items = found if isinstance(found, list) else [found]
        names = [item.strip() for item in items if isinstance(item, str) and item.strip()]
    names = [" ".join(name.split())[:60] for name in names[:4]]
    return " / ".join(names) or None


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Meta tag contents keyed by lowercased property, name or itemprop (first one wins)."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content") or element.get("datetime")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), value.strip())
    return found


def first(values: Any) -> str | None:
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
            return clean_author(value)
    return None


def _byline_author(tree: lxml.html.HtmlElement, texts: _LazyTexts) -> str | None:
    """The author from a short byline element (class or itemprop mentioning author/penulis/reporter)."""
    for element in tree.xpath("//*[@class or @id or @itemprop]"):
        hint = " ".join(element.get(a, "") for a in ("class", "id", "itemprop"))
        text = texts.get(element)
        if text and len(text) <= _AUTHOR_CHARS and _AUTHOR_HINT.search(hint):
            return clean_author(text)
    return None


# The longest byline and visible date line read, in characters with whitespace collapsed.
_AUTHOR_CHARS = 80
_DATE_CHARS = 200


@dataclass(frozen=True)
class _Piece:
    """The text of a subtree with whitespace collapsed, `words` None once longer than the limit; whether
    the uncollapsed text starts and ends with whitespace (to join pieces as `text_content()` would)."""

    words: str | None
    lead: bool
    trail: bool


def short_texts(tree: lxml.html.HtmlElement, most: int = _DATE_CHARS) -> dict[Any, str]:
    """Every element's `text_content()` with whitespace collapsed, for the elements where it is at most
    `most` characters. One pass from the leaves up, each text node read once: linear in the page, where
    `text_content()` of every element grows with the page's size times its depth."""
    found: dict[Any, _Piece | None] = {}
    short: dict[Any, str] = {}
    for element in reversed(list(tree.iter())):
        if not isinstance(element.tag, str):  # comments and processing instructions: only their tail counts
            continue
        piece = _piece(element.text, most)
        for child in element:
            piece = _join(piece, found.pop(child, None), most)
            piece = _join(piece, _piece(child.tail, most), most)
        found[element] = piece
        if piece is not None and piece.words:
            short[element] = piece.words
    return short


class _LazyTexts:
    """`short_texts` of a page at `_DATE_CHARS`, computed on the first `get`: most pages name their author
    and date in meta tags or JSON-LD, and never need the visible texts (a pass over every text node)."""

    def __init__(self, tree: lxml.html.HtmlElement) -> None:
        self.tree = tree
        self.texts: dict[Any, str] | None = None

    def get(self, element: Any) -> str | None:
        """The short text of `element`, None when it has none or a longer one."""
        if self.texts is None:
            self.texts = short_texts(self.tree, _DATE_CHARS)
        return self.texts.get(element)


def _piece(text: str | None, most: int) -> _Piece | None:
    """A text node as a `_Piece` (None when empty), splitting at most `most` times whatever its length."""
    if not text:
        return None
    words = text.split(None, most)
    if len(words) > most:
        return _Piece(None, text[0].isspace(), text[-1].isspace())
    joined = " ".join(words).rstrip()
    return _Piece(joined if len(joined) <= most else None, text[0].isspace(), text[-1].isspace())


def _join(first: _Piece | None, second: _Piece | None, most: int) -> _Piece | None:
    """Two adjacent pieces as one: a space between them where either has whitespace at the seam."""
    if first is None or second is None:
        return first or second
    words: str | None = None
    if first.words is not None and second.words is not None:
        gap = " " if first.words and second.words and (first.trail or second.lead) else ""
        words = first.words + gap + second.words
        words = words if len(words) <= most else None
    return _Piece(words, first.lead, second.trail)


def clean_author(value: str | None) -> str | None:
    """An author name without labels such as "Penulis:" or "Reporter :"."""
    if not value:
        return None
    name = _AUTHOR_LABEL.sub("", value).strip(" :-|")
    return name or None


def _meta_date(metas: dict[str, str], ld: list[dict[str, Any]], tree: lxml.html.HtmlElement,
               texts: _LazyTexts, offset: str) -> str | None:  # fmt: skip
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
    return _visible_date(tree, texts, offset)


def _visible_date(tree: lxml.html.HtmlElement, texts: _LazyTexts, offset: str) -> str | None:
    """The first Indonesian date string in a short element whose class or id hints at a date."""
    for element in tree.xpath("//body//*[@class or @id]"):
        hint = " ".join(element.get(a, "") for a in ("class", "id"))
        text = texts.get(element)
        found = find_date(text, offset) if text and _DATE_HINT.search(hint) else None
        if found:
            return found
    return None
