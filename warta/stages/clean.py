"""The clean stage: remove what scrapers leave in Indonesian news text, and read the metadata it carries.

Rules are data: each tuple below holds compiled patterns with a comment, so adding a rule is one line.
Lines are matched after stripping leading bullets and surrounding spaces.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from warta.dates import parse_date
from warta.model import Article, Span
from warta.pipeline import BaseStage, register
from warta.urls import host_of

log = logging.getLogger(__name__)

EMPTY_ERROR = "no article text left after cleaning"

_I = re.IGNORECASE
# Whole lines that are never article text.
DROP_LINES: tuple[re.Pattern[str], ...] = (
    # ads.txt / ad-network lines: "google.com, pub-9591068673925608, DIRECT, f08c47fec0942fa0"
    re.compile(r"^[\w.-]+\.[a-z]{2,}\s*,\s*[\w.-]+\s*,\s*(?:DIRECT|RESELLER)\s*(?:,\s*[\w.-]*)?$", _I),
    # view counters: "Views: 5", "Dibaca 1.234 kali", "Dilihat: 90x"
    re.compile(r"^(?:views?|dilihat|dibaca)\s*:?\s*[\d.,]+\s*[km]?\s*(?:kali|x)?$", _I),
    # view counters with the number first: "1.2K views", "1.234 kali dibaca"
    re.compile(r"^[\d.,]+\s*[km]?\s*(?:views?|kali\s+dibaca|x\s+dibaca|pembaca)$", _I),
    # read-more links: "Baca juga:", "Baca Juga :", "BACA JUGA", "Simak juga", "Lihat juga", "Tonton juga"
    re.compile(r"^(?:baca|simak|lihat|tonton)\s+(?:juga|pula)\b", _I),
    # share prompts: "Bagikan:", "Share:", "Bagikan artikel ini:"
    re.compile(r"^(?:bagikan|share)(?:\s+(?:artikel|berita|this|ini|ke|lewat|via)){0,3}\s*:", _I),
    re.compile(r"^(?:bagikan|share)(?:\s+(?:artikel|berita|this|ini)){0,2}\s*$", _I),
    # follow prompts: "Ikuti kami di Google News", "Follow Instagram @...", "Gabung channel WhatsApp ..."
    re.compile(
        r"^(?:ikuti|follow|gabung|join)\b.{0,120}\b(?:google\s*news|whatsapp|telegram|instagram"
        r"|facebook|twitter|tiktok|youtube|kanal|channel|saluran|akun)\b",
        _I,
    ),
    # subscription prompts: "Dapatkan update berita pilihan ... di WhatsApp/Telegram"
    re.compile(r"^dapatkan\s+(?:update|informasi|berita|info)\b.*\b(?:whatsapp|telegram|wa|google\s*news)\b", _I),
    # print and send prompts: "Cetak | Kirim ke Teman", "Print", "Email"
    re.compile(
        r"^(?:cetak|print|kirim ke teman|email|simpan)(?:\s*[|/•·]\s*(?:cetak|print|kirim ke teman|email"
        r"|bagikan|share|simpan))*$",
        _I,
    ),
    # link prompts: "Klik di sini", "Klik disini untuk ..."
    re.compile(r"^klik\s+di\s*sini\b", _I),
    # ad placeholders left by page scripts
    re.compile(r"^(?:advertisement|iklan|ads|scroll to (?:continue|resume) with content)$", _I),
    # bare URL lines
    re.compile(r"^(?:https?://|www\.)\S+$", _I),
    # a page's copyright line: "Copyright © 2025 … All Rights Reserved", "Hak cipta dilindungi undang-undang"
    re.compile(r"^(?:copyright\b|©|\(c\)\s*\d{4}|hak\s+cipta\b).{0,200}$|^.{0,200}\ball\s+rights\s+reserved\.?$", _I),
    # lines of bullets or separators only
    re.compile(r"^[•·▪●◦*|_=~\-–—]*$"),
)

# "Label: value" credit lines, dropped; some labels feed metadata (see `_credit`).
CREDIT_LINE = re.compile(
    r"^(?P<label>sumber|editor|penulis|reporter|pewarta|redaktur|foto|editor foto|penyunting|kontributor"
    r"|fotografer|wartawan|jurnalis)\s*:\s*(?P<value>.{0,200})$",
    _I,
)
AUTHOR_LABELS = frozenset({"penulis", "reporter", "pewarta", "wartawan", "jurnalis", "kontributor"})
_NAME_END = re.compile(r"\s*(?:[|;/,]|\s[-–—]\s).*$")

# Headers of the page's own trailing extraction sections: from the first of them to the end is dropped.
SECTION_HEADERS = frozenset({"tokoh", "graph", "extracted"})

# Editor initials closing the last paragraph: "[tin/ted]", "(ant/ram)", "(red)", "(*)".
EDITOR_INITIALS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\s*\[[a-z]{1,8}(?:\s*/\s*[a-z]{1,8})*\]\s*$"),  # [tin/ted], [red]
    re.compile(r"\s*\([a-z]{1,8}(?:\s*/\s*[a-z]{1,8})+\)\s*$"),  # (ant/ram)
    re.compile(r"\s*\((?:red|ant|antara|adv|ist)\)\s*$", _I),  # (red), (ANT)
    re.compile(r"\s*\(\s*\*+\s*\)\s*$"),  # (*)
)

_PLACE = r"(?P<place>[A-Z][\w'.]*(?:\s+[A-Z][\w'.]*){0,3})"
_DASH = r"\s*(?:--|[-–—])\s*"
# Datelines opening the first paragraph.
DATELINES: tuple[re.Pattern[str], ...] = (
    # "Mojokerto (beritajatim.com) –", "Surabaya (ANTARA) -"
    re.compile(r"^" + _PLACE + r"\s*\((?P<outlet>[^()\n]{2,40})\)" + _DASH),
    # "JAKARTA, KOMPAS.com -", "MALANG, RADARMALANG.ID –"
    re.compile(r"^" + _PLACE + r",\s*(?P<outlet>[A-Za-z][\w.]*(?:\s+[A-Z][\w.]*){0,2})" + _DASH),
    # "Kota Batu - ", "BANYUWANGI – " (no outlet; spaces around the dash)
    re.compile(r"^(?P<place>[A-Z][\w'.]*(?:\s+[A-Z][\w'.]*){0,2})\s+(?:--|[-–—])\s+"),
)
# Characters that show nothing but change how text displays or splits into words: control characters,
# zero-width spaces and joiners, bidirectional marks, embeddings, overrides and isolates (which can make a
# name read backwards on screen), soft hyphens, byte order marks. Removed; whitespace controls become spaces.
_INVISIBLE: dict[int, str | None] = {
    **dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x1C), *range(0x7F, 0xA0)]),
    **dict.fromkeys([0x0B, 0x0C, *range(0x1C, 0x20), 0x85], " "),
    **dict.fromkeys([0xAD, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2060, 0x2061]),
    **dict.fromkeys([0x2062, 0x2063, 0x2064, *range(0x2066, 0x206A), 0xFEFF]),
}
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", _I)
_BULLETS = re.compile(r"^[\s•·▪●◦*]+")
_BLANK_SPLIT = re.compile(r"\n[ \t\f\v\r]*\n")


@dataclass
class _Found:
    """Metadata read from noise lines while cleaning."""

    published: str | None = None
    url: str | None = None
    author: str | None = None
    paragraphs: list[str] = field(default_factory=list)


@register("clean", requires=("text",), provides=("clean", "paragraphs"))
class Clean(BaseStage):
    """Remove scraper noise, read dateline/source/date/author, and split the text into paragraphs."""

    def __call__(self, article: Article) -> Article:
        """A copy of the article with clean text, paragraph spans and the metadata found in the noise."""
        if article.as_is:
            return self._as_is(article)
        found = self._scan(article.text)
        paragraphs = _strip_initials(found.paragraphs)
        if paragraphs:
            paragraphs[0], place, outlet = split_dateline(paragraphs[0])
            paragraphs = [p for p in paragraphs if p]
            article = _with_dateline(article, place, outlet)
        article = self._with_found(article, found)
        if not paragraphs:
            return replace(article, text="", paragraphs=(), errors=(*article.errors, EMPTY_ERROR))
        return replace(article, text="\n\n".join(paragraphs), paragraphs=_spans(paragraphs))

    def _as_is(self, article: Article) -> Article:
        """Text unchanged: only paragraph spans (blank-line separated) and dateline metadata."""
        spans = blank_line_spans(article.text)
        if spans:
            first = " ".join(spans[0].slice(article.text).split())
            _, place, outlet = split_dateline(first)
            article = _with_dateline(article, place, outlet)
        if not article.text.strip():
            return replace(article, paragraphs=(), errors=(*article.errors, EMPTY_ERROR))
        return replace(article, paragraphs=spans)

    def _scan(self, text: str) -> _Found:
        """Drop noise lines (reading what they say) and group the rest into collapsed paragraphs."""
        text = visible(text)
        lines = _cut_sections(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        one_per_line = not _BLANK_SPLIT.search(text.replace("\r\n", "\n"))
        found = _Found()
        current: list[str] = []
        for line in lines:
            keep = self._keep(line, found)
            if keep:
                current.append(keep)
            if not keep or one_per_line:
                _flush(current, found.paragraphs)
        _flush(current, found.paragraphs)
        return found

    def _keep(self, line: str, found: _Found) -> str | None:
        """The line's text when it is article text; None for blank and noise lines."""
        body = _BULLETS.sub("", line).strip()
        if not body or any(rule.match(body) for rule in DROP_LINES):
            return None
        credit = CREDIT_LINE.match(body)
        if credit:
            _credit(credit.group("label").lower(), credit.group("value").strip(), found)
            return None
        if len(body) <= 80:
            date = parse_date(body, self.settings.timezone)
            if date:
                found.published = found.published or date
                return None
        return line.strip()

    def _with_found(self, article: Article, found: _Found) -> Article:
        """Fill published, url, source and author from the noise lines, where the article has none."""
        return replace(
            article,
            published=article.published or found.published,
            url=article.url or found.url,
            source=article.source or host_of(found.url),
            author=article.author or found.author,
        )


def visible(text: str) -> str:
    """The text without invisible characters (controls, zero-width and bidirectional marks; `_INVISIBLE`)."""
    return text.translate(_INVISIBLE)


def _flush(current: list[str], paragraphs: list[str]) -> None:
    """Close the paragraph being built (whitespace collapsed) and start a new one."""
    text = " ".join(" ".join(current).split())
    if text:
        paragraphs.append(text)
    current.clear()


def _cut_sections(lines: list[str]) -> list[str]:
    """The lines before the page's trailing extraction sections ("Tokoh", "Graph", "Extracted")."""
    for index, line in enumerate(lines):
        if line.strip().lower() in SECTION_HEADERS and _only_listing(lines[index + 1 :]):
            return lines[:index]
    return lines


def _only_listing(lines: list[str]) -> bool:
    """True when what follows a section header is only headers and short list lines, not prose."""
    rest = [line.strip() for line in lines if line.strip()]
    return len(rest) <= 60 and all(
        line.lower() in SECTION_HEADERS or (len(line) <= 200 and not line.endswith((".", "!", "?", "”", '"')))
        for line in rest
    )


def _credit(label: str, value: str, found: _Found) -> None:
    """Read a credit line: "Sumber: URL" gives the URL, "Penulis: name" the author."""
    if label == "sumber":
        url = value.split()[0] if value else ""
        if url.startswith(("http://", "https://")) and found.url is None:
            found.url = url
    elif label in AUTHOR_LABELS and found.author is None:
        name = _NAME_END.sub("", value).strip()
        found.author = name or None


def _strip_initials(paragraphs: list[str]) -> list[str]:
    """The paragraphs without editor initials at the end of the last one (the sentence is kept)."""
    paragraphs = list(paragraphs)
    while paragraphs:
        last = paragraphs[-1]
        for rule in EDITOR_INITIALS:
            last = rule.sub("", last)
        if last == paragraphs[-1]:
            break
        if last.strip():
            paragraphs[-1] = last.strip()
            break
        paragraphs.pop()
    return paragraphs


def split_dateline(paragraph: str) -> tuple[str, str | None, str | None]:
    """(paragraph without its dateline, place, outlet) for "Mojokerto (beritajatim.com) – ..."."""
    for rule in DATELINES:
        match = rule.match(paragraph)
        if match and match.end() < len(paragraph):
            outlet = match.groupdict().get("outlet")
            return paragraph[match.end() :].lstrip(), _place(match.group("place")), _outlet(outlet)
    return paragraph, None, None


def _place(place: str) -> str:
    """The place title-cased when written in capitals ("KOTA BATU" → "Kota Batu")."""
    place = " ".join(place.split())
    return place.title() if place.isupper() else place


def _outlet(outlet: str | None) -> str | None:
    """A domain lowercased ("KOMPAS.com" → "kompas.com"); other outlet names as given ("ANTARA")."""
    if not outlet or not outlet.strip():
        return None
    outlet = " ".join(outlet.split())
    return outlet.lower() if _DOMAIN.match(outlet) else outlet


def _with_dateline(article: Article, place: str | None, outlet: str | None) -> Article:
    """Set dateline and source from the dateline, only where the article has none."""
    return replace(article, dateline=article.dateline or place, source=article.source or outlet)


def _spans(paragraphs: list[str]) -> tuple[Span, ...]:
    """Spans of paragraphs joined by "\\n\\n"."""
    spans: list[Span] = []
    start = 0
    for paragraph in paragraphs:
        spans.append(Span(start, start + len(paragraph)))
        start += len(paragraph) + 2
    return tuple(spans)


def blank_line_spans(text: str) -> tuple[Span, ...]:
    """Spans of the blank-line separated paragraphs of unchanged text, surrounding whitespace excluded."""
    spans: list[Span] = []
    start = 0
    for separator in [*_BLANK_SPLIT.finditer(text), None]:
        end = separator.start() if separator else len(text)
        segment = text[start:end]
        if segment.strip():
            lead = len(segment) - len(segment.lstrip())
            spans.append(Span(start + lead, start + len(segment.rstrip())))
        start = separator.end() if separator else len(text)
    return tuple(spans)
