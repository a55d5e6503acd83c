"""The three demo outlets: who they are, which articles they hold and how those are listed.

Bundled articles are read once (34 small files). Generated articles are never stored: outlet `i` of `k`
owns generated numbers `i, i + k, i + 2k, …` and its section `s` of `m` owns every `m`-th of those, so any
listing is a lazy merge of the bundled articles with an arithmetic range of numbers, newest first.
"""

from __future__ import annotations

import heapq
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

from warta.dates import parse_date
from warta.demosite import dating
from warta.demosite import generated as synthetic
from warta.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutletSpec:
    """What an outlet is: file prefix, name, real-looking host, page layout, feed kinds, region coverage."""

    prefix: str
    name: str
    host: str
    scheme: str
    layout: str
    tagline: str
    atom: bool = False
    provinces: tuple[str, ...] = ()  # of its generated news; empty: all of Indonesia


SPECS = (
    OutletSpec("kabarjatim-", "Kabar Jatim", "kabarjatim.test", "https", "kabar", "Portal Berita Jawa Timur",
               provinces=("Jawa Timur",)),
    OutletSpec("suaranusantara-", "Suara Nusantara", "www.suaranusantara.test", "https", "suara",
               "Kabar Terkini dari Seluruh Nusantara", atom=True),
    OutletSpec("warta-", "Warta Daerah", "www.warta-daerah.test", "http", "warta", "Berita Daerah Terkini"),
)  # fmt: skip


@dataclass(frozen=True)
class Section:
    """A section (kanal): its URL slug and its display name."""

    slug: str
    name: str


@dataclass(frozen=True)
class Entry:
    """One article as listings, feeds and sitemaps see it."""

    target: str  # request target on the demo host: the canonical URL's path, plus "?query" if it has one
    title: str
    published: datetime  # offset-aware
    section: Section
    author: str
    description: str
    number: int | None = None  # generated article number; None for a bundled file
    charset: str = "utf-8"  # as the page declares it (one bundled page is windows-1252)


@dataclass(frozen=True)
class Outlet:
    """One outlet: its spec, its bundled articles (newest first, with their bytes) and its generated share."""

    spec: OutletSpec
    position: int
    count: int  # how many outlets share the generated articles
    sections: tuple[Section, ...]
    bundled: tuple[Entry, ...]
    files: dict[str, bytes]  # target → page bytes as served (as in the file, unless the site is dated anew)
    generated: int  # total generated articles across all outlets
    newest: datetime = synthetic.NEWEST  # the date of generated article 0

    def entries(self, section: str | None = None) -> Iterator[Entry]:
        """Every article (of one section, by slug), newest first, made lazily."""
        own = (e for e in self.bundled if section is None or e.section.slug == section)
        return heapq.merge(own, self._generated(section), key=lambda e: -e.published.timestamp())

    def total(self, section: str | None = None) -> int:
        """How many articles `entries(section)` yields, without making them."""
        own = sum(1 for e in self.bundled if section is None or e.section.slug == section)
        return own + len(self._numbers(section))

    def section(self, slug: str) -> Section | None:
        """The section with this slug, if the outlet has it."""
        return next((s for s in self.sections if s.slug == slug), None)

    def find(self, target: str) -> Entry | None:
        """The article served at a request target (path and query, percent-decoded), if any."""
        for entry in self.bundled:
            if entry.target == target:
                return entry
        number = _number_in(self.spec.layout, target)
        if number is None or number not in self._numbers(None):
            return None
        entry = self.make(number)
        return entry if entry.target == target else None

    def make(self, number: int) -> Entry:
        """The generated article `number` (which must belong to this outlet) as an entry."""
        section = self._section_of(number)
        story = self.story(number)
        return Entry(_target(self.spec.layout, section, story, number), story.title, story.published, section,
                     story.author, story.description, number)  # fmt: skip

    def story(self, number: int) -> synthetic.Story:
        """The full generated story `number`, paragraphs included."""
        return synthetic.story(number, self.spec.name, self._section_of(number).slug, self.spec.provinces, self.newest)

    def _section_of(self, number: int) -> Section:
        """Round robin over the sections, each outlet starting at a different one."""
        return self.sections[(number // self.count + self.position) % len(self.sections)]

    def _numbers(self, section: str | None) -> range:
        """The generated numbers of this outlet (or of one of its sections), newest first."""
        if not self.sections:
            return range(0)
        if section is None:
            return range(self.position, self.generated, self.count)
        index = next((i for i, s in enumerate(self.sections) if s.slug == section), None)
        if index is None:
            return range(0)
        turn = (index - self.position) % len(self.sections)  # the inverse of _section_of
        return range(self.position + self.count * turn, self.generated, self.count * len(self.sections))

    def _generated(self, section: str | None) -> Iterator[Entry]:
        return (self.make(n) for n in self._numbers(section))


def build_outlets(
    articles_dir: Path, generated: int = 0, today: date | None = None, now: datetime | None = None
) -> list[Outlet]:
    """The three outlets with the pages of `articles_dir` (by file prefix) and `generated` synthetic articles.
    With `today`, the articles are dated anew: the newest on that day (none after `now`, if given), the others
    before it in the same order (`warta.demosite.dating`); without, as their pages are written."""
    if not articles_dir.is_dir():
        raise InputError(f"demo articles folder not found: {articles_dir}")
    if generated < 0:
        raise InputError(f"generated must be 0 or more, not {generated}")
    paths = sorted(articles_dir.glob("*.html"))
    by_outlet = [[_load(p) for p in paths if p.name.startswith(spec.prefix)] for spec in SPECS]
    newest = synthetic.NEWEST
    if today is not None:
        moved = dating.redate([e.published for loaded in by_outlet for e, _ in loaded], today, now)
        by_outlet = [[_moved(e, data, moved[e.published]) for e, data in loaded] for loaded in by_outlet]
        newest = dating.redate([newest], today, now)[newest]
    outlets = []
    for position, (spec, loaded) in enumerate(zip(SPECS, by_outlet, strict=True)):
        bundled = tuple(sorted((e for e, _ in loaded), key=lambda e: -e.published.timestamp()))
        sections = tuple(sorted({e.section for e in bundled}, key=lambda s: s.slug))
        files = {e.target: data for e, data in loaded}
        outlets.append(Outlet(spec, position, len(SPECS), sections, bundled, files, generated, newest))
    return outlets


def _moved(entry: Entry, data: bytes, published: datetime) -> tuple[Entry, bytes]:
    """A bundled article dated `published` instead: its entry and its page's bytes."""
    return replace(entry, published=published), dating.shift_page(data, entry.published, published)


def _load(path: Path) -> tuple[Entry, bytes]:
    """A bundled article page: its listing entry (from its meta tags and visible date) and its bytes."""
    data = path.read_bytes()
    doc = lxml.html.document_fromstring(data)
    canonical = _first(doc, ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"))
    title = _first(doc, ("//meta[@property='og:title']/@content", "//h1", "//h2[@class='judul']", "//title"))
    when = _first(doc, ("//meta[@property='article:published_time']/@content", "//*[@class='post-date']",
                        "//*[@class='tanggal']", "//time/@datetime"))  # fmt: skip
    section = _first(doc, ("//meta[@property='article:section']/@content", "//*[@class='breadcrumb']/a[last()]",
                           "//*[@class='kanal']"))  # fmt: skip
    iso = parse_date(when)
    if not canonical or not title or not iso:
        raise InputError(f"{path.name}: a demo article needs a canonical URL, a title and a date")
    parts = urlsplit(canonical)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    name = section.title() if section.isupper() else section or "Berita"
    entry = Entry(
        target=target,
        title=title,
        published=datetime.fromisoformat(iso),
        section=Section(synthetic.slugify(name), name),
        author=_first(doc, ("//meta[@name='author']/@content",)) or "Redaksi",
        description=_first(doc, ("//meta[@name='description']/@content",)) or title,
        charset=_charset(data),
    )
    return entry, data


def _charset(data: bytes) -> str:
    """The charset a page declares in its first bytes (`<meta charset>` or http-equiv), else utf-8."""
    found = re.search(rb"""charset=["']?([A-Za-z0-9_-]+)""", data[:2048])
    return found.group(1).decode("ascii").lower() if found else "utf-8"


def _first(doc: lxml.html.HtmlElement, paths: tuple[str, ...]) -> str:
    """The first non-empty text an XPath in `paths` finds, whitespace collapsed; "" if none."""
    for path in paths:
        for found in doc.xpath(path):
            text = found if isinstance(found, str) else found.text_content()
            text = " ".join(text.split())
            if text:
                return text
    return ""


def _target(layout: str, section: Section, story: synthetic.Story, number: int) -> str:
    """Where a generated article lives, in the URL style of the outlet's layout."""
    if layout == "warta":
        return f"/berita.php?id={100000 + number}"
    if layout == "suara":
        return f"/{section.slug}/{story.published:%Y/%m/%d}/{story.slug}"
    return f"/{section.slug}/{story.slug}/"


def _number_in(layout: str, target: str) -> int | None:
    """The generated article number a request target names, if it looks like a generated article."""
    if layout == "warta":
        prefix = "/berita.php?id="
        tail = target.removeprefix(prefix) if target.startswith(prefix) else ""
        return int(tail) - 100000 if tail.isdigit() and int(tail) >= 100000 else None
    last = target.rstrip("/").rsplit("-", 1)[-1]
    return int(last) if last.isdigit() and "-" in target else None
