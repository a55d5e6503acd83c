"""Places beyond the Kemendagri regions: buildings, facilities and natural places named after a head word
("Bandara Internasional Soekarno-Hatta", "Jalan Asia Afrika", "Rutan Salemba", "Gunung Merapi"), and
countries ("Indonesia", "Amerika Serikat") wherever they are mentioned on their own.

A head word opens a name only where it is not itself inside a longer capitalized name ("Balai Besar
Pelaksanaan Jalan Nasional" is a body, "Kepala Stasiun Gambir" a title). An RSUD named by its own name
("RSUD dr. Soetomo") is a government body: a regional hospital is a unit of the regional government with its
own director (`units.tsv`); an RSUD followed by its region is left to the regional units. A Puskesmas named
after its area ("Puskesmas Kanigoro") is a place: one of many health centres, not the region's unit.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from warta.ids import make_id, normalize_key
from warta.kb import bodies, lexicons
from warta.kb import regions as kbregions
from warta.kb import roles as kbroles
from warta.stages.entities.candidates import Candidate
from warta.stages.entities.coordination import PARTY_HEADS, starts_party
from warta.stages.entities.names import NOT_NAME, is_sentence_start
from warta.trie import alternation

# A list of languages after "bahasa"/"berbahasa": "berbahasa Inggris, Mandarin, dan Rusia" names no country.
LANGUAGE_LIST = re.compile(r"\b(?:ber)?bahasa\s+(?:[A-Z]\w+(?:,\s*(?:dan\s+)?|\s+dan\s+|\s+))*$")
# One word of a facility's name: a capitalized word or number, an acronym in parentheses, or a particle of a
# person's name inside it ("RSUD dr. Soetomo", "Jalan KH. Hasyim Asy'ari").
_NAME_WORD = re.compile(
    r"[ \t]+(\([A-Z][\w]{1,12}\)|[A-Z0-9][\w'’.&-]*|(?:dr|drs|ir|bin|binti|van|de|al|el)\.?(?=[ \t]+[A-Z]))"
)
_MOST_WORDS = 6
_PREVIOUS_WORD = re.compile(r"(\S+)[ \t]+$")
_REGION_LEVELS = frozenset({"Kabupaten", "Kab.", "Kota", "Provinsi", "Prov."})
_STREET = re.compile(r"(?:Jalan|Jl\.|Jln\.|Tol)(?![\w-])")
_DATE_AFTER = re.compile(r"[ \t]*[(,\d]|[ \t]+[a-z]")


def find_facilities(text: str) -> list[Candidate]:
    """Buildings, facilities and natural places named after a head word (`facilities.tsv`), and their names
    written later without the head word where the head allows it ("Masjid Istiqlal" … "Istiqlal")."""
    out: list[Candidate] = []
    seen: dict[tuple[str, str], Candidate] = {}  # (first head word, last words of a name) → its first mention
    alone: dict[str, Candidate] = {}
    heads = lexicons.facility_heads()
    for m in _head_pattern().finditer(text):
        if inside_name(text, m.start()):
            continue
        end = _name_end(text, m.end())
        head = heads[m.group("head")]
        if end == m.end() or (head.type == "government_body" and _names_region(text[m.end() : end])):
            continue
        bare = " ".join(text[m.end() : end].split())
        named = facility(text[m.start() : end], m.start(), end, head.type, "pattern")
        named = _same_place(named, bare, seen)
        out.append(named)
        if head.alone and _stands_alone(bare):
            alone.setdefault(bare, named)
    return out + _alone(text, alone)


def _same_place(cand: Candidate, bare: str, seen: dict[tuple[str, str], Candidate]) -> Candidate:
    """A facility written again with a longer or shorter head ("Masjid Raya At-Tin" … "Masjid At-Tin") is the
    one found first whose name ends with the same words after the same first head word."""
    first = cand.name.split()[0]
    earlier = seen.get((first, bare))
    if earlier is not None:
        return replace(cand, key=earlier.key, name=earlier.name)
    words = cand.name.split()
    for n in range(1, len(words)):
        seen.setdefault((first, " ".join(words[n:])), cand)
    return cand


def _stands_alone(bare: str) -> bool:
    """Whether a facility's name without its head word can stand for it: not a region's or country's name,
    not a bare function or head word ("Raya"), long enough to be a name."""
    if len(bare) < 4 or not bare[0].isupper() or _names_region(bare):
        return False
    return bare.split()[0] not in NOT_NAME or _head_pattern().match(bare) is not None  # "Pasar Senen"


_MOST_ALONE = 100


def _alone(text: str, named: dict[str, Candidate]) -> list[Candidate]:
    """Facilities' own names written without their head words elsewhere in the article: the same entities."""
    if not named:
        return []
    bares = sorted(named, key=len, reverse=True)[:_MOST_ALONE]
    pattern = re.compile(rf"(?<![\w@#-])(?:{alternation(bares)})(?![\w-])")
    out: list[Candidate] = []
    for m in pattern.finditer(text):
        if not inside_name(text, m.start()) and not name_follows(text, m.end()):
            out.append(replace(named[m.group(0)], start=m.start(), end=m.end(), source="alias", priority=2))
    return out


def facility(name: str, start: int, end: int, kind: str, source: str) -> Candidate:
    """A facility candidate: a place, an organization (a hospital) or a government body (a regional hospital),
    named as written."""
    name = " ".join(name.split())
    extra = {"unit_kind": "rsud"} if kind == "government_body" else {}
    return Candidate(start, end, kind, make_id(kind, normalize_key(name)), name, source, 1, kb=extra)


def facility_kind(surface: str) -> str | None:
    """The type a facility head word gives a name ("Bandara Juanda" → place), or None."""
    head = _head_pattern().match(surface)
    if head is None or _name_end(surface, head.end()) == head.end():
        return None  # no name after the head word: "Jalan (Organda"
    return lexicons.facility_heads()[head.group("head")].type


@cache
def _head_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w@#-])(?P<head>{alternation(lexicons.facility_heads())})(?![\w-])")


def _name_end(text: str, pos: int) -> int:
    """Where the name that starts after a head word at `pos` ends (`pos` when no name follows): at a date word,
    a sentence end, or the start of a body or title; a body's acronym closing the name is its owner's and
    stays in it ("Gedung Merah Putih KPK")."""
    end = pos
    for _ in range(_MOST_WORDS):
        word = _NAME_WORD.match(text, end)
        if word is None or (end == pos and word.group(1)[0] == "("):
            break
        token = word.group(1)
        if token in NOT_NAME and _DATE_AFTER.match(text, word.end()):
            break  # "Wisma Atlet Kemayoran Senin pagi …"
        if end > pos and _STREET.match(text, word.start(1)):
            break  # "Rest Area Kilometer 19 Jalan Tol …": an address after a facility's name
        if starts_party(text, word.start(1)):
            if end > pos and token.isupper() and bodies.lookup(token) and not name_follows(text, word.end()):
                end = word.end()
            break
        if token.endswith(".") and len(token) > 4:  # a sentence end, not an abbreviation ("Jl.", "KH.")
            return word.end() - 1
        end = word.end()
    while end > pos and text[end - 1] == ".":
        end -= 1
    return end if re.search(r"[A-Z0-9]", text[pos:end]) else pos


def _names_region(name: str) -> bool:
    """Whether a name is a region's or a country's ("Kota Batu", "Sleman", "Jawa Timur", "Malaysia")."""
    words = name.split()
    return bool(words) and (
        words[0] in _REGION_LEVELS
        or normalize_key(name) in kbregions.cities_by_short()
        or normalize_key(name) in kbregions.province_names()
        or name in lexicons.countries()
    )


def inside_name(text: str, start: int) -> bool:
    """Whether the word at `start` continues a capitalized name begun before it ("Bank Indonesia", "(BMKG)
    Stasiun …", "Kepala Stasiun …"). A word opening the sentence is capitalized anyway: it begins a name only
    when it is a head word or a title ("Pemerintah Indonesia", "Kepala Lapas …"), not in "Di Jalan …" or
    "Pengemudi Grab …"."""
    before = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    if before is None or before.group(1)[-1] in ",;:.!?“”\"'‘’":
        return False
    word = before.group(1).strip("()")
    if not re.search(r"[A-Z0-9]", word):  # "e-HAC Indonesia" continues a name too
        return False
    return not is_sentence_start(text, before.start(1)) or _head_word(word)


def _head_word(word: str) -> bool:
    """A word that opens the name of a body, a title or a facility."""
    heads = PARTY_HEADS | lexicons.facility_heads().keys() | {"Wakil", "Republik"}
    return word in heads or kbroles.match_title(word) is not None


def name_follows(text: str, end: int) -> bool:
    """Whether a capitalized word that is not a function word, day or month goes on right after `end`."""
    after = re.match(r"[ \t]+([A-Z][\w'’-]*)", text[end : end + 40])
    return after is not None and after.group(1) not in NOT_NAME


# ------------------------------------------------------------------ countries


@cache
def _country_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w@#-])(?:{alternation(lexicons.countries())})(?![\w-])")


def find_countries(text: str) -> list[Candidate]:
    """Countries named on their own: not inside a longer capitalized name, not as a language."""
    out = []
    for m in _country_pattern().finditer(text):
        if inside_name(text, m.start()) or name_follows(text, m.end()):
            continue
        if LANGUAGE_LIST.search(text, max(0, m.start() - 60), m.start()):
            continue
        out.append(country(m.group(0), m.start(), m.end(), "pattern"))
    return out


def country(surface: str, start: int, end: int, source: str) -> Candidate:
    """A country candidate, named as the country list names it ("RRT" → Tiongkok)."""
    name = lexicons.countries().get(surface, surface)
    return Candidate(start, end, "country", make_id("country", normalize_key(name)), name, source, 1)


def country_named(surface: str) -> str | None:
    """The country a surface names, or None."""
    return lexicons.countries().get(surface)
