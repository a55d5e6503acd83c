"""Sentence boundaries inside paragraphs, aware of Indonesian abbreviations and titles."""

from __future__ import annotations

import re
from dataclasses import replace

from warta.model import Article, Span
from warta.pipeline import BaseStage, register

# Abbreviations after which a period does not end a sentence (compared lowercased, without the period).
ABBREVIATIONS = frozenset(
    """
    dr drs dra ir prof h hj kh st no jl jln kab kec kel ds rt rw tgl dll dsb dst dkk tsb yth bpk sdr
    pt cv tbk persero kol kapt letkol brigjen irjen kombes akbp akp aiptu bripka brigpol ipda iptu mayjen
    pj plt plh s.h s.e s.t s.pd s.sos s.kom s.ip m.si m.m m.pd m.t m.h m.kes m.ap ph.d a.md nip rp hlm
    """.split()
)

# A run of sentence-ending marks (matched from its first mark only, without backtracking, so a long run of
# dots stays linear), closing quotes or brackets, then space and a capital or digit.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’)]*+(?=\s+[\"“”'‘(]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"[\w.]+$")
# Longest word looked at before a period: abbreviations are short, and a bounded look keeps splitting linear.
_LOOK_BACK = 24


@register("sentences", requires=("paragraphs",), provides=("sentences",))
class Sentences(BaseStage):
    """Splits each paragraph into sentences; provides `sentences`."""

    def __call__(self, article: Article) -> Article:
        paragraphs = article.paragraphs or (Span(0, len(article.text)),)
        spans: list[Span] = []
        for para in paragraphs:
            spans.extend(split(article.text, para))
        return replace(article, sentences=tuple(spans))


def split(text: str, within: Span) -> list[Span]:
    """Sentence spans inside `within`, trimmed of surrounding whitespace."""
    chunk = text[within.start : within.end]
    cuts = [m.end() for m in _BOUNDARY.finditer(chunk) if not _is_abbreviation(chunk, m.start())]
    spans: list[Span] = []
    begin = 0
    for cut in [*cuts, len(chunk)]:
        span = _trim(chunk, begin, cut)
        if span:
            spans.append(Span(within.start + span.start, within.start + span.end))
        begin = cut
    return spans


def _is_abbreviation(chunk: str, dot: int) -> bool:
    """Whether the period at `dot` closes an abbreviation or an initial rather than a sentence."""
    if chunk[dot] != ".":
        return False
    window = max(0, dot - _LOOK_BACK)
    match = _WORD_BEFORE.search(chunk, window, dot)
    if not match or (match.start() == window and window > 0 and _WORD_BEFORE.match(chunk, window - 1, window)):
        return False  # no word, or one longer than any abbreviation
    word = match.group(0)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "M. Yusuf"
    return word.lower().strip(".") in ABBREVIATIONS


def _trim(chunk: str, start: int, end: int) -> Span | None:
    while start < end and chunk[start].isspace():
        start += 1
    while end > start and chunk[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None
