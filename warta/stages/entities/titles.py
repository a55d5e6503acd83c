"""Titles before a name or a jurisdiction ("Penjabat Wali Kota", "Kepala Dinas", "Sekda"), and the role a
title phrase gives a person: the title, and what it is of (an organization or region)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from warta.kb import roles as kbroles
from warta.model import Role
from warta.stages.entities.candidates import SpanIndex
from warta.stages.entities.names import CAPITAL_AFTER, CAPITAL_BEFORE, RANK_WORDS
from warta.trie import alternation
from warta.types import ORG_TYPES, REGION_TYPES

PREFIXES = {
    "Pj": "Penjabat",
    "Pj.": "Penjabat",
    "Penjabat": "Penjabat",
    "Pjs": "Penjabat Sementara",
    "Pjs.": "Penjabat Sementara",
    "Plt": "Pelaksana Tugas",
    "Plt.": "Pelaksana Tugas",
    "Pelaksana Tugas": "Pelaksana Tugas",
    "Plh": "Pelaksana Harian",
    "Plh.": "Pelaksana Harian",
    "Pelaksana Harian": "Pelaksana Harian",
}
_PREFIX = "(?:(?:" + alternation(PREFIXES) + r")(?:\s*\((?:Pj|Pjs|Plt|Plh)\))?\s+)?"
# Words that end a title and begin the name of the unit it heads: "Kepala Dinas" + "Dinas Kesehatan …".
UNIT_HEADS = frozenset({"Dinas", "Badan", "Bidang", "Bagian", "Seksi", "Balai", "Kantor", "Biro", "Dinkes"})


@dataclass(frozen=True)
class Title:
    """A title found in the text: its span, its knowledge-base entry and its display form with prefix."""

    start: int
    end: int
    entry: kbroles.RoleTitle
    display: str


@cache
def title_pattern() -> re.Pattern[str]:
    """Title forms as the knowledge base writes them (lowercase only where it lists a lowercase form, as for
    professions: "peneliti", "ekonom"), optionally preceded by Pj/Plt/Plh."""
    alts = alternation({f for t in kbroles.titles() for f in (t.title, *t.forms)})
    return re.compile(rf"\b(?P<prefix>{_PREFIX})(?P<title>{alts})(?![\w-])")


_RANK = re.compile(rf"(?:{RANK_WORDS})\b")
# The acronym an article gives a title in parentheses: "Menteri Perhubungan (Menhub) Budi Karya Sumadi".
_TITLE_ACRONYM = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z]{1,11})\)")


def titles_in(text: str, start: int = 0, end: int | None = None) -> list[Title]:
    """Every title in `text[start:end]`; a title's span takes in the acronym that follows it in parentheses
    when the acronym is one of the title's short forms or starts like it."""
    found: list[Title] = []
    for m in title_pattern().finditer(text, start, len(text) if end is None else end):
        entry = kbroles.match_title(m.group("title"))
        rank = _RANK.match(text, m.start())
        if rank is not None and rank.end() > m.end():
            continue  # "Komisaris Jenderal Listyo …": a police rank before a name, not the title Komisaris
        if entry is not None and not (found and m.start() < found[-1].end):
            prefix = PREFIXES.get(m.group("prefix").split("(")[0].strip(), "")
            display = f"{prefix} {entry.title}".strip()
            found.append(Title(m.start(), _acronym_end(text, m.end(), entry), entry, display))
    return found


def _acronym_end(text: str, end: int, entry: kbroles.RoleTitle) -> int:
    """Where a title ends once the acronym it is given in parentheses is taken in."""
    acr = _TITLE_ACRONYM.match(text, end)
    if acr is None:
        return end
    word = acr.group("acr")
    defines = word in entry.forms or (word[0] == entry.title[0] and not word.isupper())
    return acr.end() if defines else end


def ends_with_title(text: str, start: int = 0) -> bool:
    """Whether a title (searched from `start`) ends `text`: "… Menteri Sekretaris" before a name."""
    return any(m.end() == len(text) for m in title_pattern().finditer(text, start))


def role_from_phrase(text: str, title: Title, of_end: int, kept: SpanIndex) -> Role:
    """The role of "<title> <of-phrase>" where the of-phrase runs from the title's end to `of_end`."""
    display, of_start = title.display, title.end
    last = display.split()[-1]
    if last in UNIT_HEADS and len(display.split()) > 1:
        display, of_start = display.rsplit(" ", 1)[0], title.end - len(last)
    phrase = drop_acronyms(" ".join(text[of_start:of_end].split()).strip(" ,"))
    if not phrase:
        return Role(display)
    at = kept.overlapping(of_start + 1, of_start + 2)
    org = next((c for c in at if c.type in ORG_TYPES | REGION_TYPES and c.start <= of_start + 1 < c.end), None)
    if org is not None and org.end >= of_end - 1:
        return Role(display, org.name, org.key)
    org = next((c for c in kept.overlapping(of_start + 1, of_end) if c.type in ORG_TYPES and c.start > of_start), None)
    if org is not None and org.end >= of_end - 1:
        lead = " ".join(text[of_start : org.start].split())
        return Role(f"{display} {lead}".strip(), org.name, org.key)
    return Role(display, phrase, None)


_PAREN_ACRONYM = re.compile(r"\s*\([A-Z][\w ]{0,15}\)")


def drop_acronyms(name: str) -> str:
    """A name without the acronyms it defines in parentheses: "Badan Pusat Statistik (BPS) Kabupaten X"."""
    return " ".join(_PAREN_ACRONYM.sub("", name).split())


@cache
def base_title(title: str) -> str:
    """A title without its Penjabat / Pelaksana Tugas prefix."""
    for prefix in sorted(set(PREFIXES.values()), key=len, reverse=True):
        title = title.removeprefix(prefix + " ")
    return title


def role_person_name(role: Role) -> str:
    """How a person known only by role is named: "Bupati Mojokerto", "Penjabat Wali Kota Batu",
    "Kepala Dinas Kesehatan Kabupaten Sleman" (the region's kind is dropped where the title implies it; the
    words title and body share are said once: `kbroles.role_text`)."""
    of = role.of or ""
    entry = kbroles.match_title(base_title(role.title))
    kind = entry.jurisdiction_kind if entry else None
    if kind == "kabupaten":
        of = of.removeprefix("Kabupaten ")
    elif kind == "kota":
        of = of.removeprefix("Kota Administrasi ").removeprefix("Kota ")
    return kbroles.role_text(role.title, of)


def alone_elsewhere(text: str, word: str, besides: int, things: SpanIndex | None = None) -> bool:
    """Whether `word` stands alone somewhere in the text other than at `besides`, or right after a title
    ("Menkeu Purbaya"): a name part used alone; an occurrence inside one of `things` does not count."""
    for start, end in _alone_at(text, word):
        if start != besides and (things is None or not things.overlapping(start, end)):
            return True
    return False


@lru_cache(maxsize=8192)
def _alone_at(text: str, word: str) -> tuple[tuple[int, int], ...]:
    """Where `word` stands alone in the text, or right after a title (the first 50 such places; computed once
    per article and word: a long text asks for the same words again and again)."""
    found: list[tuple[int, int]] = []
    for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
        if CAPITAL_AFTER.match(text, match.end()):
            continue
        before = CAPITAL_BEFORE.search(text, max(0, match.start() - 40), match.start())
        if before is None or title_pattern().fullmatch(before.group(0).strip()):
            found.append(match.span())
            if len(found) == 50:
                break
    return tuple(found)
