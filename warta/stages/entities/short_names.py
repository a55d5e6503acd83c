"""Short forms of persons' names already found in the article ("Sofyan" for "Suzuki Sofyan"): merged into the
full name's entity, and found again where they recur alone."""

from __future__ import annotations

import re
from dataclasses import replace

from warta.stages.entities.candidates import Candidate, SpanIndex, overlaps
from warta.stages.entities.names import NOT_NAME
from warta.trie import alternation


def merge_short_names(kept: list[Candidate]) -> list[Candidate]:
    """Person candidates whose name is the first or last words of exactly one longer name in the article
    ("Bambang" after "Bambang Sulistyo") take that person's id and name."""
    full = {c.key: c.name.split() for c in kept if c.type == "person" and c.named and len(c.name.split()) > 1}
    ends: dict[tuple[str, ...], set[str]] = {}  # the first or last words of a longer name → its keys
    for key, words in full.items():
        for n in range(1, len(words)):
            ends.setdefault(tuple(words[:n]), set()).add(key)
            ends.setdefault(tuple(words[-n:]), set()).add(key)
    out = []
    for cand in kept:
        words = cand.name.split()
        if cand.type != "person" or not cand.named:
            out.append(cand)
            continue
        owners = ends.get(tuple(words), set()) if words else set(full)
        if len(owners) == 1:
            owner = next(iter(owners))
            cand = replace(cand, key=owner, name=" ".join(full[owner]), source="alias")
        out.append(cand)
    return out


def find_aliases(text: str, kept: list[Candidate]) -> list[Candidate]:
    """Single names that are the first or last word of exactly one named person seen in the article."""
    parts: dict[str, set[str]] = {}
    people = {c.key: c.name for c in kept if c.type == "person" and c.named}
    for key, name in people.items():
        words = name.split()
        if len(words) > 1:
            for word in {words[0], words[-1]}:
                parts.setdefault(word, set()).add(key)
    if not parts:
        return []
    pattern = re.compile(rf"\b({alternation(parts)})\b")
    out = []
    taken = SpanIndex(kept)
    for m in pattern.finditer(text):
        keys = parts[m.group(1)]
        if len(keys) != 1 or m.group(1) in NOT_NAME or overlaps(m.start(), m.end(), taken):
            continue
        key = next(iter(keys))
        out.append(Candidate(m.start(), m.end(), "person", key, people[key], "alias", 1))
    return out
