"""Persons in apposition: "<descriptor>, Name (age), <verb> …" — the commonest way Indonesian news
introduces a source ("Kepala Desa Padusan, Mukhlis Hariyanto, menuturkan …", "Salah seorang pedagang,
Siti (52), mengaku …"). The name is anchored by what follows it: an active verb, or a title earlier in
the same clause. The title before the comma, if any, gives the person's role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.model import Role
from warta.stages.entities.candidates import Candidate, overlaps
from warta.stages.entities.names import AGE, NOT_NAME, NameMatch, name_at
from warta.stages.entities.titles import Title, role_from_phrase, titles_in

_COMMA = re.compile(r",\s+(?=[A-Z])")
_AND = re.compile(r"\s+dan\s+(?=[A-Z])")
_VERB_AFTER = re.compile(r",?\s+(?:juga\s+|pun\s+|sendiri\s+)?(?:me|ber|ter)[a-z]{3,}\b")
_LOWER_AFTER = re.compile(r",\s+(?!(?:dan|serta|atau|and|dll|hingga|sampai)\b)[a-z]")
_CLAUSE_START = re.compile(r"(?:^|[.!?“”\"]\s+|\n|\bMenurut\s+|\bkata\s+|\bujar\s+)")


@dataclass(frozen=True)
class Apposition:
    """Names found in apposition, the role they share, and where the descriptor clause starts."""

    names: tuple[NameMatch, ...]
    role: Role | None
    clause_start: int


def find_appositions(text: str, kept: list[Candidate]) -> list[Apposition]:
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


def _names_from(text: str, pos: int, kept: list[Candidate]) -> tuple[list[NameMatch], int]:
    names: list[NameMatch] = []
    while True:
        name = name_at(text, pos)
        if name is None or name.name.split()[0] in NOT_NAME or overlaps(name.start, name.end, kept):
            return [], pos
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
