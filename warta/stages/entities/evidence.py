"""Evidence that a name the NER model proposes is a person's: what the article says around it, not the
name's shape. Indonesians often have one name (Suparman, Yusuf); students, executives, lawyers, athletes and
residents are introduced by apposition, a profession or an age, not by an office the knowledge base holds.

A model person is kept when the article gives evidence for it: a title, rank, honorific or descriptor right
before it ("mahasiswa", "kuasa hukum", "CEO"), a speech cue before or a speech verb after it, an age in
parentheses, an apposition (", Name,"), a recurrence of any word of the name, or a word the training corpora
use almost only in persons' names. A name of two words or more needs no more evidence unless one of its
words is usually written in lowercase (a common word capitalized: "Salat Tarawih"); a single common word
always needs evidence from its surroundings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from warta.ids import normalize_key
from warta.kb import lexicons
from warta.kb import regions as kbregions
from warta.kb.lexicons import countries
from warta.ner.lexicons import Words
from warta.stages.entities.names import (
    AGE,
    FAMILIAR,
    HONORIFICS,
    NOT_NAME,
    PLACE_NOUNS,
    PREFIX_WORDS,
    RANK_WORDS,
    RANKS,
    UNIT_WORDS,
    is_sentence_start,
    unit_like,
)
from warta.stages.entities.titles import alone_elsewhere, ends_with_title, title_pattern

_SHAPE = re.compile(r"[A-Z][a-z'’]*(?:[A-Z][a-z'’]+)?[a-z'’](?:-[A-Za-z][a-z'’]+)?")  # Yusuf, McCain, DiCaprio


@cache
def _before() -> re.Pattern[str]:
    addresses = (*HONORIFICS, *FAMILIAR, *PREFIX_WORDS)
    words = [re.escape(d) for d in lexicons.person_descriptors()] + [re.escape(h.rstrip(".")) for h in addresses]
    alts, cues = "|".join(words), lexicons.speech_pattern("cue")
    return re.compile(
        rf"(?:\b(?:{alts})|\b(?:{RANK_WORDS}|{RANKS})\.?|\b(?:{cues})(?:nya)?|\bMenurut|\boleh|\bdari)\s*,?\s+$",
        re.IGNORECASE,
    )


_VERB_AFTER = re.compile(
    rf"(?:\s*\(\d{{1,3}}\))?,?\s+(?:(?:juga|pun|sudah|telah|pernah|kemudian|lalu|masih|sempat)\s+)*"
    rf"(?:{lexicons.speech_pattern('verb')}|me[a-z]{{4,}}|ber[a-z]{{3,}})\b"
)
_APPOSITION = re.compile(r",\s+$")


def is_person(
    text: str, start: int, end: int, recurs: Callable[[str], int], words_of: Words, sure: bool = False
) -> bool:
    """Whether the model's person `text[start:end]` is kept (see the module's rules); `recurs(word)` counts a
    word's whole-word occurrences in the article; `sure`: the model is sure of it (`statistical.SURE`)."""
    words = text[start:end].split()
    if not words or not all(_SHAPE.fullmatch(w) for w in words) or any(w in NOT_NAME for w in words):
        return False
    if any(unit_like(w) for w in words):
        return False  # "Asosiasi Stroke", "Pemecatan Arief": a body's name, a field or a derived noun
    if title_pattern().fullmatch(text, start, end) or text[start:end] in countries():
        return False
    named = len(words) >= 2 and any(w.lower() in words_of.person_words for w in words)  # "lagu Bob Dylan"
    if not named and any(_thing_before(text, at) for at in _occurrences(text, text[start:end], start)):
        return False
    if _inside_longer_name(text, start):  # the tail of a longer name, unless the article uses a part alone
        return len(words) >= 2 and any(alone_elsewhere(text, w, start) for w in words)
    if _context(text, start, end):
        return True
    if any(words_of.is_common(w.lower()) for w in words):
        return False
    if len(words) >= 2:
        return True
    return sure or words[0].lower() in words_of.person_words or recurs(words[0]) >= 2


# Words after which a capitalized name is not a person's and which name_cues.tsv does not type: languages,
# works, vessels.
_NOT_PERSON_AFTER = frozenset(
    "bahasa berbahasa film lagu album buku novel acara program kapal pesawat bus kereta".split()
)


@cache
def _thing_nouns() -> frozenset[str]:
    """Words after which a capitalized name is a thing's: the firm and product cues of the knowledge base
    (kb/data/name_cues.tsv: "maskapai", "aplikasi", "mobil", "kapal" …), languages and works."""
    return frozenset(lexicons.cues("before")) | frozenset(lexicons.cues("product")) | _NOT_PERSON_AFTER


_WORD_BEFORE = re.compile(r"(\([A-Z]{2,8}\)|[\w'’-]+)\s+$")


def _occurrences(text: str, surface: str, start: int, most: int = 20) -> list[int]:
    """Where the name occurs: this place and the first others (a thing named once as a thing is one)."""
    found = [start]
    at = text.find(surface)
    while at >= 0 and len(found) < most:
        if at != start:
            found.append(at)
        at = text.find(surface, at + len(surface))
    return found


def _word_before(text: str, start: int) -> re.Match[str] | None:
    return _WORD_BEFORE.search(text, max(0, start - 40), start)


def _thing_before(text: str, start: int) -> bool:
    """Whether the word right before the name makes it a thing's name: a noun of things ("motor Honda Vario",
    "bahasa Mandarin"), a place or unit word ("Jalan Basuki Rahmat"), or an acronym defined in parentheses
    ("Tempat Pemrosesan Akhir (TPA) Supit Urang")."""
    match = _word_before(text, start)
    if match is None:
        return False
    word = match.group(1)
    if word.lower() in _thing_nouns() or word in PLACE_NOUNS or word in UNIT_WORDS:
        return True
    return word.startswith("(") and title_pattern().fullmatch(word.strip("()")) is None


def _inside_longer_name(text: str, start: int) -> bool:
    """Whether a capitalized word other than a title, rank, honorific or descriptor comes right before the name
    inside a sentence: the name is then the tail of a longer one ("Bank Sampah Mulyo Lestari")."""
    match = _word_before(text, start)
    if match is None:
        return False
    word = match.group(1)
    if not word[:1].isupper() or word.isupper() or is_sentence_start(text, match.start(1)):
        return False  # an acronym before a name is a body's or a country's: "Presiden AS Donald Trump"
    if word in countries() or normalize_key(word) in kbregions.province_names():
        return False  # "Presiden Indonesia Susilo Bambang Yudhoyono", "Gubernur Bali …"
    return title_pattern().fullmatch(word) is None and _before().search(word + " ") is None


def _context(text: str, start: int, end: int) -> bool:
    """A title, descriptor, cue or apposition before the name; a speech verb or an age after it."""
    window = text[max(0, start - 80) : start]
    stripped = window.rstrip(" ,")  # a title before the name, the comma of an apposition allowed
    if _before().search(window) or ends_with_title(stripped, max(0, len(stripped) - 40)):
        return True
    if AGE.match(text, end) or _VERB_AFTER.match(text, end):
        return True
    return bool(_APPOSITION.search(window)) and text[end : end + 1] == ","
