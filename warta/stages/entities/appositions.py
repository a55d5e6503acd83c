"""Persons in apposition: "<descriptor>, Name (age), <verb> …" — the commonest way Indonesian news
introduces a source ("Kepala Desa Padusan, Mukhlis Hariyanto, menuturkan …", "Salah seorang pedagang,
Siti (52), mengaku …"). The name is anchored by what follows it: an active verb, or a title earlier in
the same clause. The title before the comma, if any, gives the person's role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.model import Role
from warta.stages.entities.candidates import Candidate, SpanIndex, overlaps
from warta.stages.entities.names import AGE, NOT_NAME, NameMatch, is_person_name, name_at
from warta.stages.entities.titles import Title, role_from_phrase, title_pattern, titles_in

_COMMA = re.compile(r",\s+(?=[A-Z])")
_AND = re.compile(r"\s+dan\s+(?=[A-Z])")
_VERB_AFTER = re.compile(r",?\s++(?:juga\s++|pun\s++|sendiri\s++)?(?:me|ber|ter)[a-z]{3,}\b")
_LOWER_AFTER = re.compile(r",\s+(?!(?:dan|serta|atau|and|dll|hingga|sampai)\b)[a-z]")
_CLAUSE_START = re.compile(r"(?:^|[.!?“”\"]\s+|\n|\bMenurut\s+|\bkata\s+|\bujar\s+)")


@dataclass(frozen=True)
class Apposition:
    """Names found in apposition, the role they share, and where the descriptor clause starts."""

    names: tuple[NameMatch, ...]
    role: Role | None
    clause_start: int


def find_appositions(text: str, kept: SpanIndex) -> list[Apposition]:
    """Every apposition in `text` whose names are not already taken by organizations or regions."""
    out = []
    for m in _COMMA.finditer(text):
        names, end = _names_from(text, m.end(), kept)
        if not names:
            continue
        clause = _clause_start(text, m.start())
        title = _head_title(text, clause, m.start())
        anchored = _VERB_AFTER.match(text, end) or (title is not None and _LOWER_AFTER.match(text, end))
        if anchored:
            role = role_from_phrase(text, title, m.start(), kept) if title is not None else None
            out.append(Apposition(tuple(names), role, title.start if title else m.start()))
    return out


def _names_from(text: str, pos: int, kept: SpanIndex) -> tuple[list[NameMatch], int]:
    names: list[NameMatch] = []
    while True:
        name = name_at(text, pos)
        if name is None or name.name.split()[0] in NOT_NAME or overlaps(name.start, name.end, kept):
            return [], pos
        if title_pattern().fullmatch(name.name):
            return [], pos  # a title alone ("Menhub"): a back-reference, not a name
        names.append(name)
        end = name.end
        age = AGE.match(text, end)
        end = age.end() if age else end
        more = _AND.match(text, end)
        if more is None:
            return names, end
        pos = more.end()


def _clause_start(text: str, comma: int) -> int:
    window = max(0, comma - 200)
    starts = [m.end() for m in _CLAUSE_START.finditer(text, window, comma)]
    return starts[-1] if starts else window


def _head_title(text: str, start: int, end: int) -> Title | None:
    found = [t for t in titles_in(text, start, end) if not text[t.end : end].strip(" ").count(". ")]
    return found[0] if found else None


# ------------------------------------------------------------------ a name right before ", <title>"

RUN_END = re.compile(r"(?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*$")


def apposition_before(text: str, title_start: int, persons: list[Candidate]) -> Candidate | None:
    """The named person right before ", <title>" ("Rina Kusumawati, Kepala Dinas …")."""
    end = _space_before(text, title_start) - 1
    if end < 0 or text[end] != ",":
        return None
    return next((p for p in reversed(persons) if p.named and p.end == end), None)


def name_before_comma(text: str, title_start: int, kept: SpanIndex) -> NameMatch | None:
    """A name opening a sentence or clause right before ", <title> …," ("Marullah Matali, Wali Kota …")."""
    comma = _space_before(text, title_start) - 1
    if comma < 0 or text[comma] != ",":
        return None
    run = RUN_END.search(text, max(0, comma - 60), comma)
    if run is None or not _opens_clause(text, run.start()):
        return None
    name = name_at(text, run.start())
    if name is None or name.end != run.end() or not is_person_name(text, name) or len(name.name.split()) < 2:
        return None
    return None if overlaps(name.start, name.end, kept) else name


def _space_before(text: str, pos: int) -> int:
    """Where the run of whitespace ending at `pos` starts (`len(text[:pos].rstrip())`, without the copy)."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def _opens_clause(text: str, pos: int) -> bool:
    """Whether `pos` starts the text, a sentence or line ("." "!" "?" or a newline, then spaces) or a clause
    (a comma and spaces): what `(?:^|[.!?\n]\\s*|,\\s+)$` says of `text[:pos]`, looking back only as far as
    the spaces."""
    before = _space_before(text, pos)
    if pos == 0 or "\n" in text[before:pos]:
        return True
    mark = text[before - 1] if before > 0 else ""
    return mark in (".", "!", "?") or (mark == "," and before < pos)
