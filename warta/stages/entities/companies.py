"""Companies by legal form (PT, CV, Perum, UD, PD; Tbk, Persero), linked to the knowledge base when listed,
and ended before a division or a person's name written after them."""

from __future__ import annotations

import re
from dataclasses import replace

from warta.ids import make_id, normalize_key
from warta.kb import bodies, lexicons
from warta.stages.entities.candidates import Candidate
from warta.stages.entities.names import name_at, trailing_name_start
from warta.stages.entities.organizations import CAP, body_id
from warta.stages.entities.titles import titles_in

_COMPANY = re.compile(
    rf"\b(?P<form>PT|CV|Perum|UD|PD)\.?[ \t]+(?P<name>{CAP}(?:[ \t]+(?:{CAP}|&))*)"
    r"(?P<tail>(?:\s*\((?:Persero|Perseroda)\))?(?:,?\s+Tbk\.?)?)(?=[\s,.;:)]|$)"
)


def _titled(text: str, start: int) -> bool:
    """Whether a title ends right before `start` ("CEO PT …"), so that a person's name may follow the body."""
    window = max(0, start - 60)
    return any(t.end >= start - 1 for t in titles_in(text, window, start)) or bool(
        re.search(r"\b(?:CEO|Corporate\s+Communications?|Humas|Manajer|Manager|Direktur\s+\w+)\s+$", text[window:start])
    )


def find_companies(text: str) -> list[Candidate]:
    """Companies by legal form (PT, CV, Perum, Tbk, Persero), linked to the knowledge base when listed."""
    out = []
    for m in _COMPANY.finditer(text):
        end = _company_end(text, m)
        bare = text[m.start("name") : min(end, m.end("name"))]
        known = bodies.lookup(text[m.start() : end]) or bodies.lookup(bare)
        if len(known) == 1:
            body = known[0]
            out.append(Candidate(m.start(), end, body.type, body_id(body), body.name, "kb", 4, kb={"key": body.key}))
            continue
        key = make_id("company", normalize_key(bare))
        out.append(Candidate(m.start(), end, "company", key, text[m.start() : end], "pattern", 2))
    return _trim_to_shorter(text, out)


def _trim_to_shorter(text: str, found: list[Candidate]) -> list[Candidate]:
    """A company written once more with a person's name run into it ("PT Maju Jaya" … "PT Maju Jaya Andi
    Wijaya mengatakan") ends where its shorter mention does."""
    names = {c.name: c for c in found if c.source == "pattern"}
    out = []
    for cand in found:
        shorter = [n for n in names if cand.name.startswith(n + " ") and cand.source == "pattern"]
        if shorter:
            short = names[max(shorter, key=len)]
            name = name_at(text, cand.start + len(short.name))
            if name is not None and name.end == cand.end:
                cand = replace(short, start=cand.start, end=cand.start + len(short.name))
        out.append(cand)
    return out


def _company_end(text: str, m: re.Match[str]) -> int:
    """Where a company's name ends: after its legal tail (without a final dot), else before a division
    ("PT Pertamina Patra Niaga Regional Sulawesi") or a person's name written after it ("… PT Pertamina Sylvia
    Grace Yuvenna", "CEO PT Maju Jaya Andi Wijaya")."""
    if m.group("tail"):
        return m.end() - m.group(0).endswith(".")
    end = _division_start(text, m.start("name"), m.end("name"))
    end = _known_prefix_end(text, m.start(), end)
    if end == m.end("name") and _titled(text, m.start()):
        end = m.start() + len(text[m.start() : trailing_name_start(text, m.start(), end, most=2)].rstrip())
    return end


_WORD_SPAN = re.compile(r"\S+")


def _division_start(text: str, start: int, end: int) -> int:
    """Where a division of the company named in `text[start:end]` begins (not at its first word); `end` if none."""
    words = list(_WORD_SPAN.finditer(text, start, end))
    divisions = lexicons.cues("division")
    for i, word in enumerate(words[1:], start=1):
        pair = f"{word.group(0)} {words[i + 1].group(0)}" if i + 1 < len(words) else ""
        if word.group(0) in divisions or pair in divisions:
            return len(text[: word.start()].rstrip())
    return end


def _known_prefix_end(text: str, start: int, end: int) -> int:
    """The end of the knowledge-base company that opens `text[start:end]` when the rest is a person's name."""
    words = list(_WORD_SPAN.finditer(text, start, end))
    for word in reversed(words[1:-2]):
        name = name_at(text, word.end())
        if name is not None and name.end == end and len(bodies.lookup(text[start : word.end()])) == 1:
            return word.end()
    return end
