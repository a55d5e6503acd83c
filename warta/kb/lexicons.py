"""Word lists for names the knowledge base does not list one by one: countries, firms and brands known by a
bare name, the cue words around a name that say what it names, and the head words of facility names.

Also the words of speech: the cues and indirect-speech verbs that tell the person recognizer and the quote finder
that someone spoke.

Also the words of news categories: an outlet's section words and the classifier's words per category.

Data: `data/countries.tsv`, `brands.tsv`, `name_cues.tsv`, `facilities.tsv`, `speech.tsv`, `sections.tsv`,
`category_words.tsv` (columns explained in each file's first comment line). Forms match with exact case: these
are capitalized names ("Grab", "Indonesia", "Jalan"); speech words and category words are lowercase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from warta.kb._tsv import data_lines, read_rows, split_list


@dataclass(frozen=True)
class Firm:
    """A firm or brand known by a bare name: its name, type (company, brand, or none), the owner of a brand,
    and whether the capitalized words after it are a product model ("Toyota Avanza")."""

    name: str
    type: str
    forms: tuple[str, ...]
    models: bool = False
    owner: str = ""


@cache
def countries() -> dict[str, str]:
    """Every written form of a country → the country's name ("RRT" → "Tiongkok", "Indonesia" → itself)."""
    out: dict[str, str] = {}
    for row in read_rows("countries.tsv"):
        for form in (row["name"], *split_list(row["forms"])):
            out[form] = row["name"]
    return out


@cache
def firms() -> dict[str, Firm]:
    """Every written form of a firm or brand → the firm ("Whatsapp" → WhatsApp)."""
    out: dict[str, Firm] = {}
    for row in read_rows("brands.tsv"):
        forms = (row["name"], *split_list(row["forms"]))
        firm = Firm(row["name"], row["type"], forms, row["models"] == "yes", row["owner"])
        for form in forms:
            out[form] = firm
    return out


@cache
def cues(role: str) -> dict[str, str]:
    """The cue words of one role (before, product, after, division) → the entity type each gives."""
    return {row["word"]: row["type"] for row in read_rows("name_cues.tsv") if row["role"] == role}


@dataclass(frozen=True)
class FacilityHead:
    """A head word of facility names: the entity type it gives, whether the name alone, written later
    without the head, still means the facility ("Masjid Istiqlal" … "Istiqlal"), and whether the head also
    ends names ("Santika Hotel"), so that the word after it need not be the place's own name."""

    type: str
    alone: bool
    trails: bool = False


@cache
def facility_heads() -> dict[str, FacilityHead]:
    """Head words of facility names ("Bandara", "Jalan", "Balai Kota", "RSUD") → what they give."""
    rows = read_rows("facilities.tsv")
    return {row["head"]: FacilityHead(row["type"], row["alone"] == "yes", row["trails"] == "yes") for row in rows}


@cache
def person_descriptors() -> tuple[str, ...]:
    """Words that introduce a person by what they are (data/person_descriptors.txt: "mahasiswa", "kuasa hukum",
    "CEO"), longest first."""
    return tuple(sorted(data_lines("person_descriptors.txt"), key=len, reverse=True))


SpeechKind = Literal["cue", "verb"]


@cache
def speech_words(kind: SpeechKind) -> tuple[str, ...]:
    """The words of speech of one kind (data/speech.tsv), longest first: `cue` ("kata", "ujar", "lanjut": also
    read with -nya) or `verb` ("mengatakan", "menegaskan")."""
    rows = read_rows("speech.tsv")
    unknown = sorted({row["kind"] for row in rows} - {"cue", "verb"})
    if unknown:
        raise ValueError(f"speech.tsv: unknown kind(s) {unknown}; expected cue or verb")
    words = {row["word"] for row in rows if row["kind"] == kind}
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


@cache
def speech_pattern(kind: SpeechKind) -> str:
    """The words of speech of one kind as regular-expression alternatives ("mengatakan|menegaskan|…")."""
    return "|".join(re.escape(word) for word in speech_words(kind))


CategoryFile = Literal["sections.tsv", "category_words.tsv"]


@cache
def category_words(filename: CategoryFile) -> tuple[tuple[str, str, float], ...]:
    """The (word, category, weight) rows of a category data file: `sections.tsv` (an outlet's section word →
    its category, or "-" for a section that names no category; weight 1) or `category_words.tsv` (a word,
    a stem ending in "*" or a phrase → the category it speaks for, with its weight)."""
    rows = read_rows(filename)
    try:
        return tuple((row["word"], row["category"], float(row.get("weight") or 1)) for row in rows)
    except ValueError as exc:
        raise ValueError(f"{filename}: a weight is not a number ({exc})") from None
