"""Acronyms an article defines: "Dinas Kebudayaan dan Pariwisata (Disbudpar) Kota Bandung" makes every later
"Disbudpar" in the same article that body, whatever the knowledge base would have guessed for it alone."""

from __future__ import annotations

import re
from dataclasses import replace

from warta.stages.entities.candidates import Candidate, SpanIndex, overlaps, resolve
from warta.trie import alternation
from warta.types import ORG_TYPES

_DEFINED = re.compile(r"\(([A-Z][A-Za-z0-9]{1,14})\)")


def link_acronyms(text: str, kept: list[Candidate]) -> list[Candidate]:
    """Kept candidates with defined acronyms pointing at their definition, plus mentions of the bare acronym."""
    defined = _definitions(text, kept)
    if not defined:
        return kept
    out = [_relink(text, c, defined) for c in kept]
    pattern = re.compile(rf"\b({alternation(defined)})\b")
    extra = []
    taken = SpanIndex(out)
    for m in pattern.finditer(text):
        if not overlaps(m.start(), m.end(), taken):
            source = defined[m.group(1)]
            extra.append(replace(source, start=m.start(), end=m.end(), source="alias", priority=1))
    return resolve(extra, accepted=out)


def _definitions(text: str, kept: list[Candidate]) -> dict[str, Candidate]:
    found: dict[str, Candidate] = {}
    for cand in kept:
        if cand.type not in ORG_TYPES and cand.type != "event":
            continue
        for m in _DEFINED.finditer(text, cand.start, cand.end):
            found.setdefault(m.group(1), cand)
    return found


def _relink(text: str, cand: Candidate, defined: dict[str, Candidate]) -> Candidate:
    surface = text[cand.start : cand.end]
    source = defined.get(surface)
    if source is None or source.key == cand.key or cand.type not in ORG_TYPES | {"event"}:
        return cand
    return replace(cand, type=source.type, key=source.key, name=source.name, kb=source.kb, source="alias")
