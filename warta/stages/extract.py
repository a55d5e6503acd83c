"""Extraction: a `Raw` input (HTML page or plain text) becomes an `Article` with text and metadata.

HTML goes through trafilatura (main text) and htmldate (date), then Indonesian fixes: dates in meta
tags, JSON-LD and visible Indonesian date strings, canonical URL, site name and author.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import replace
from typing import Any

import htmldate
import lxml.etree
import lxml.html
import trafilatura

from warta.dates import parse_date
from warta.errors import InputError
from warta.ids import article_id
from warta.model import Article, Raw
from warta.net.decode import decode
from warta.settings import Settings
from warta.stages.clean import visible
from warta.stages.page import clean_author, first, page_meta
from warta.urls import host_of

log = logging.getLogger(__name__)

_TRAILING_SPACES = re.compile(r"[ \t\f\v]+$", re.MULTILINE)


def extract(raw: Raw, settings: Settings) -> Article:
    """The `Article` of one input; raises `InputError` when it holds no article text, or more than
    `settings.max_text_chars` characters of it."""
    content = raw.content
    if isinstance(content, bytes):
        content = decode(content, raw.origin)
    if raw.as_is and "\x00" in content:
        raise InputError(
            f"{raw.origin}: text with NUL characters (U+0000), which no store keeps as given; remove them, or leave "
            "out --as-is so that cleaning removes them"
        )
    if raw.format == "html":
        article = _from_html(raw, content, settings, Deadline(raw.origin, settings.article_timeout))
    else:
        article = _from_text(raw, content, settings)
    _check_length(raw.origin, article.text, settings)
    return replace(article, title=_visible(article.title), author=_visible(article.author))


class Deadline:
    """The time by which one article's extraction must be done, checked between its steps (each step is
    linear in the page, so the check comes soon enough); past it the article is refused with one line."""

    def __init__(self, origin: str, seconds: float) -> None:
        self.origin, self.seconds = origin, seconds
        self.end = time.monotonic() + seconds

    def check(self, step: str) -> None:
        """Raise `InputError` when the deadline has passed (`step` names what was done last)."""
        if time.monotonic() > self.end:
            raise InputError(
                f"{self.origin}: not processed within {self.seconds:g} s (article_timeout, after {step}); "
                "raise WARTA_ARTICLE_TIMEOUT or check the page"
            )


def _check_length(origin: str, text: str, settings: Settings) -> None:
    """Raise `InputError` for an article text longer than `settings.max_text_chars`."""
    if len(text) > settings.max_text_chars:
        raise InputError(
            f"{origin}: article text of {len(text)} characters is over the limit of {settings.max_text_chars} "
            "(max_text_chars); raise WARTA_MAX_TEXT_CHARS or split the input"
        )


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


def _from_html(raw: Raw, content: str, settings: Settings, deadline: Deadline) -> Article:
    """An HTML page: main text by trafilatura, metadata from the page with Indonesian fixes."""
    tree, too_deep = _parse(content, raw.origin)
    lean = _deep_page(raw.origin, tree, settings)
    deadline.check("parsing")
    meta = page_meta(tree, raw.url, settings.timezone)
    deadline.check("reading the metadata")
    document = _trafilatura(content, raw, lean)
    deadline.check("extracting the main text")
    title = raw.title or meta.title or _attr(document, "title") or first(tree.xpath("//title/text()"))
    site = meta.site or _attr(document, "sitename")
    title = clean_title(title, site, raw.url or meta.canonical) if title else title
    text = _paragraphs(document, title)
    if not _looks_like_article(text):
        why = f" (its elements nest deeper than {_MAX_DEPTH}, the HTML parser's limit)" if too_deep else ""
        raise InputError(f"{raw.origin}: no article text found in the page{why}; is it a news article?")
    _check_length(raw.origin, text, settings)  # before htmldate, which reads every element again
    published = _normalize_date(raw.published, settings) or meta.published
    published = published or (None if lean else _htmldate(content, raw.url))
    deadline.check("searching the date")
    canonical = meta.canonical or _attr(document, "url") or raw.url
    return Article(
        id=article_id(raw.id, canonical, text),
        text=text,
        url=raw.url or canonical,
        source=host_of(canonical),
        title=title,
        published=published,
        author=meta.author or clean_author(_attr(document, "author")),
        site=meta.site or _attr(document, "sitename") or host_of(canonical),
        section=_visible(meta.section),
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


# A page with more text than this many articles at the limit is refused before extraction; a page nesting
# deeper than _LEAN_DEPTH is extracted lean: without trafilatura's metadata and fallback extractors and without
# htmldate, whose time grows with the page's text times its depth (up to 256 levels). News pages nest about 20
# deep; the page's own metadata (meta tags, JSON-LD, bylines, read in one pass) still applies.
_PAGE_TEXT_ARTICLES = 2
_LEAN_DEPTH = 64


# An element nested deeper than _LEAN_DEPTH: one found by this many child steps from the document.
_DEEPER = "boolean(" + "/*" * (_LEAN_DEPTH + 1) + ")"


def _deep_page(origin: str, tree: lxml.html.HtmlElement, settings: Settings) -> bool:
    """Whether the page nests elements deeper than `_LEAN_DEPTH`; raises `InputError` for a page whose text
    (scripts and styles left out) is over `_PAGE_TEXT_ARTICLES` times `settings.max_text_chars`: its article
    text could not be under the limit. The text is every element's text and tail (a comment's or a processing
    instruction's tail left out), counted by libxml2 rather than by walking the tree in Python."""
    most = _PAGE_TEXT_ARTICLES * settings.max_text_chars
    total = int(tree.xpath("string-length(string(.))"))
    total -= sum(len(element.text or "") for element in tree.iter("script", "style"))
    total -= sum(len(node.tail or "") for node in tree.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction))
    if total > most:
        raise InputError(
            f"{origin}: page of more than {most} characters of text, {_PAGE_TEXT_ARTICLES} times the article "
            f"limit of {settings.max_text_chars} (max_text_chars); raise WARTA_MAX_TEXT_CHARS or split the input"
        )
    return bool(tree.xpath(_DEEPER))


def _trafilatura(content: str, raw: Raw, lean: bool) -> Any:
    """trafilatura's document for the page (precision first, then its default balance), or None; `lean`
    leaves out its metadata and fallback extractors."""
    for precision in (True, False):
        try:
            document = trafilatura.bare_extraction(
                content,
                url=raw.url,
                include_comments=False,
                favor_precision=precision,
                with_metadata=not lean,
                include_tables=False,
                fast=lean,
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
