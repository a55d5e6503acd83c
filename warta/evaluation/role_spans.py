"""Where the text writes a person's title and body, as PFSA-ID marks them: ROLE is the title with any unit
or region it names ("Kepala Bidang Humas", "Bupati Tangerang", "Kepala Dusun Nglahar, Kelurahan X"),
AFFILIATION the organization after it ("Polda Metro Jaya"). The phrase is read before the name ("<title>
<body> <name>") or, in apposition, after it ("<name>, <title> <body>,")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from warta.kb.lexicons import speech_pattern
from warta.model import Article, Mention
from warta.stages.entities.names import rank_before
from warta.stages.entities.titles import Title, titles_in
from warta.types import ORG_TYPES

Span3 = tuple[int, int, str]
_WINDOW = 170
_CONNECTORS = frozenset({"dan", "dari", "of", "and", "untuk", "bidang", "se", "&"})
_APPOSITION = re.compile(r"\s*(?:\(\d{1,3}\))?\s*,\s*(?:salah\s+(?:satu|seorang)\s+)?")
_PHRASE_END = re.compile(r",|\s(?:me|ber)[a-z]{3,}\b|[.;]\s")
_CLAUSE_BREAK = re.compile(rf"[.!?;“”\"]\s|\n|\b(?:{speech_pattern('cue')}|Menurut|menurut)\s")  # a speech cue ends it


def person_span(article: Article, mention: Mention) -> tuple[int, int]:
    """The mention widened to the rank written before the name ("Komisaris Besar Yusri Yunus")."""
    return rank_before(article.text, mention.start), mention.end


def role_spans(article: Article, mention: Mention) -> Iterator[Span3]:
    """ROLE and AFFILIATION spans written next to a person mention."""
    start = rank_before(article.text, mention.start)
    before = _title_before(article, start)
    if before is not None:
        yield from _split(article, before, start)
        return
    after = _title_after(article, mention.end)
    if after is not None:
        title, end = after
        yield from _split(article, title, end)


def _title_before(article: Article, name_start: int) -> Title | None:
    text = article.text
    window = max(0, name_start - _WINDOW)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, window, name_start)]
    clause = breaks[-1] if breaks else window
    for title in titles_in(text, clause, name_start):
        if _phrase_only(article, title.end, name_start):
            return title
    return None


def _title_after(article: Article, name_end: int) -> tuple[Title, int] | None:
    text = article.text
    match = _APPOSITION.match(text, name_end)
    if match is None:
        return None
    titles = titles_in(text, match.end(), min(len(text), match.end() + 60))
    if not titles or titles[0].start != match.end():
        return None
    comma = _PHRASE_END.search(text, titles[0].end)
    end = comma.start() if comma else len(text)
    return (titles[0], end) if _phrase_only(article, titles[0].end, end) else None


def _phrase_only(article: Article, start: int, end: int) -> bool:
    """True when `text[start:end]` is only a body's or region's name: capitalized words, acronyms in
    parentheses, commas and connector words, with no other person in it."""
    if any(m.type == "person" and start <= m.start < end for m in article.mentions):
        return False
    words = re.findall(r"[\w’'-]+", article.text[start:end])
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _CONNECTORS for w in words)


def _split(article: Article, title: Title, end: int) -> Iterator[Span3]:
    text = article.text
    while end > title.end and text[end - 1] in " ,":
        end -= 1
    orgs = [m for m in article.mentions if m.type in ORG_TYPES and title.start < m.start < end]
    if orgs:
        first = min(m.start for m in orgs)
        role_end = first
        while role_end > title.start and text[role_end - 1] in " ,":
            role_end -= 1
        if text[title.end : first].strip().lower() == "dari":
            role_end = title.end
        yield title.start, role_end, "ROLE"
        yield first, end, "AFFILIATION"
        return
    yield title.start, end, "ROLE"
