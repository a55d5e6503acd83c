"""The written forms of quotation in Indonesian news: speech cues, indirect-speech verbs, quote marks,
and the small text tests the finder uses."""

from __future__ import annotations

import re

from warta.kb.lexicons import person_descriptors, speech_pattern
from warta.model import Span
from warta.stages.entities.names import AGE
from warta.types import ORG_TYPES

# The words of speech (data/speech.tsv), shared with the person recognizer.
CUE_WORDS = speech_pattern("cue")
_CUE = rf"(?:{CUE_WORDS})(?:nya)?"
INDIRECT_VERBS = speech_pattern("verb")
_ACTIVE = r"(?:me|ber)[a-z]{3,}"
OPENING = '“"”'
CLOSING = {"“": "”", '"': '"', "”": "”"}
# Spaces are matched possessively (`\s*+`) or from the first of a run (`(?<!\s)`): the same matches, without
# the backtracking that makes a long run of spaces (possible in --as-is text) take quadratic time.
_CUE_AFTER = re.compile(rf"\s*+[,.]?\s*+(?P<cue>{_CUE})\b", re.IGNORECASE)
_CUE_INSIDE = re.compile(rf",\s*+(?P<cue>{_CUE})\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:ia|Ia|dia|Dia|beliau|Beliau)\b")
_INDIRECT = re.compile(
    rf"(?<!\s)\s++(?:(?:juga|pun|kembali|sebelumnya|kemudian|lalu|lantas|sendiri|lebih\s+lanjut)\s++)?"
    rf"(?P<verb>{INDIRECT_VERBS})\b(?:\s*+,|\s*+:)?(?:\s++(?:bahwa|agar|supaya))?\s+"
)
_MENURUT = re.compile(r"\bMenurut(?P<pronoun>nya|\s+(?:dia|ia|beliau)\b)?\s*")
_INTERJECTION = re.compile(rf",\s*+(?P<cue>{_CUE}|menurut)\s++(?P<who>[^,.]{{2,80}}?)\s*+(?P<close>[,.])")
_INTERJECTION_NYA = re.compile(rf",\s*+(?P<cue>(?:{CUE_WORDS}|menurut)nya)\s*+(?P<close>[,.])")
_PENDING = "\x00implied@"
_SUBJECT_GAP = re.compile(r"[^.,;:“”\"]{0,80}")


def _is_statement(text: str, inner: Span, close_at: int) -> bool:
    """Words in quote marks that read as something said: six words or more, ending like a sentence."""
    ending = text[inner.end - 1 : close_at]
    return len(text[inner.start : inner.end].split()) >= 6 and any(c in ".!?," for c in ending)


def _strip(text: str, start: int, end: int) -> Span | None:
    """`[start, end)` without surrounding spaces, quote marks and trailing commas; None when empty."""
    junk = " \n\t,“”\"'‘’"
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return Span(start, end) if end > start else None


# Bodies that can speak for themselves ("Polri menyatakan", "Kementerian Kesehatan menegaskan"): every organization.
SPEAKING_BODIES = ORG_TYPES
# After an interrupting cue and its speaker, a comma and the mark that resumes the quote.
_RESUME = re.compile(r"[^.!?“”\"\n]{0,100}?,\s*+(?=[“\"”])")
_ACRONYM = re.compile(r"\([A-Z][\w-]{1,14}\)")
_RELATIVE = re.compile(r"\s*,\s*yang\s[^,.;“”\"]{1,100},\s*")


def _adjacent(text: str, end: int, verb_at: int) -> bool:
    """Whether only an age, commas or a relative clause stand between a subject ending at `end` and its verb."""
    gap = _ACRONYM.sub("", AGE.sub("", text[end:verb_at]))
    return not gap.strip(" ,") or _RELATIVE.fullmatch(gap) is not None


_DEMONSTRATIVE = re.compile(r"\b(?:itu|tersebut|ini)\b")
_NOUN_AFTER_CUE = re.compile(r"\s+([a-z]+)(?:\s+([a-z]+))?")


def unnamed_speaker(text: str, cue_end: int) -> bool:
    """Whether a cue is followed by a noun phrase for a person the article does not name ("sang aparat", "si
    waria", "seorang pedagang"); one closed by a demonstrative ("warga desa itu") points back to a person."""
    match = _NOUN_AFTER_CUE.match(text, cue_end)
    if match is None or (match.group(1) not in _UNNAMED_OPENERS and match.group(1) not in person_descriptors()):
        return False
    phrase = text[cue_end : cue_end + 60].split(",")[0].split(".")[0]
    return _DEMONSTRATIVE.search(phrase) is None


# What makes the person right after it the one speaking: a cue, "Menurut", a passive speech verb ("Hal senada
# disampaikan Rizki Rifai").
_SAID_BY = re.compile(
    rf"(?:{_CUE}|Menurut|di(?:sampaikan|ungkapkan|katakan|jelaskan|tegaskan|tuturkan|akui|paparkan|terangkan)"
    r"(?:\s+oleh)?)\s+$"
)
_UNNAMED_OPENERS = frozenset({"sang", "si", "seorang", "salah", "para", "beberapa", "sejumlah"})
_SENTENCE_END = re.compile(r"[.!?][”\"’']?\s")
