"""Token features for the CRF: the word and its shape, affixes, two words of context either side, whether
the knowledge base knows the word (region, title, body acronym), and copies of every feature tagged with the
corpus ("domain") so that corpora with different guidelines can be pooled (Daumé's feature augmentation)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from warta.ids import normalize_key

_DIGITS = re.compile(r"\d")
_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def shape(word: str) -> str:
    """Xxxx, XXX, dd/dd, … with runs collapsed."""
    out = _LOWER.sub("x", _UPPER.sub("X", _DIGITS.sub("d", word)))
    return re.sub(r"(.)\1+", r"\1\1", out)


def _word(word: str, prefix: str) -> dict[str, str | float]:
    low = word.lower()
    return {
        f"{prefix}w": low,
        f"{prefix}title": float(word[:1].isupper()),
        f"{prefix}upper": float(word.isupper() and len(word) > 1),
        f"{prefix}shape": shape(word),
    }


def token_features(tokens: Sequence[str], i: int) -> dict[str, str | float]:
    """Features of token `i` in its sentence (no domain)."""
    word = tokens[i]
    low = word.lower()
    feats: dict[str, str | float] = {"bias": 1.0, **_word(word, "")}
    feats.update({"p2": low[:2], "p3": low[:3], "p4": low[:4], "s2": low[-2:], "s3": low[-3:], "s4": low[-4:],
                  "len": float(min(len(word), 12))})
    feats.update(_run_features(tokens, i))
    feats["digit"] = float(any(c.isdigit() for c in word))
    feats["punct"] = float(not any(c.isalnum() for c in word))
    feats["first"] = float(i == 0)
    for kind in _gazetteer_kinds(low):
        feats[f"kb:{kind}"] = 1.0
    for offset in (-2, -1, 1, 2):
        j = i + offset
        if 0 <= j < len(tokens):
            feats.update(_word(tokens[j], f"{offset}:"))
            for kind in _gazetteer_kinds(tokens[j].lower()):
                feats[f"{offset}:kb:{kind}"] = 1.0
        else:
            feats[f"{offset}:edge"] = 1.0
    if i > 0:
        feats["bigram-1"] = f"{tokens[i - 1].lower()}|{low}"
    if i + 1 < len(tokens):
        feats["bigram+1"] = f"{low}|{tokens[i + 1].lower()}"
    return feats


def _run_features(tokens: Sequence[str], i: int) -> dict[str, str | float]:
    """Where the token sits in its run of capitalized words, and what follows the run (an acronym in
    parentheses often closes an organization's name)."""
    if not tokens[i][:1].isupper():
        return {}
    start = i
    while start > 0 and tokens[start - 1][:1].isupper():
        start -= 1
    end = i
    while end + 1 < len(tokens) and tokens[end + 1][:1].isupper():
        end += 1
    after = tokens[end + 1] if end + 1 < len(tokens) else ""
    return {
        "run_pos": f"{min(i - start, 3)}",
        "run_len": f"{min(end - start + 1, 5)}",
        "run_last": float(i == end),
        "run_then_paren": float(after == "("),
        "run_head": tokens[start].lower(),
    }


def sentence_features(tokens: Sequence[str], domain: str | None = None) -> list[dict[str, str | float]]:
    """Features of every token; with a domain, each feature also as a domain-specific copy."""
    out = []
    for i in range(len(tokens)):
        feats = token_features(tokens, i)
        if domain:
            feats.update({f"{domain}|{k}": v for k, v in feats.items()})
        out.append(feats)
    return out


def _gazetteer_kinds(low: str) -> tuple[str, ...]:
    return _gazetteer().get(low, ())


@cache
def _gazetteer() -> dict[str, tuple[str, ...]]:
    """Lowercased single words the knowledge base knows, with what they are."""
    from warta.kb import bodies, regions, roles

    table: dict[str, set[str]] = {}

    def put(word: str, kind: str) -> None:
        table.setdefault(normalize_key(word), set()).add(kind)

    for short in regions.cities_by_short():
        for part in short.split():
            put(part, "region")
    for province in regions.province_names():
        for part in province.split():
            put(part, "region")
    for title in roles.titles():
        for form in (title.title, *title.forms):
            put(form.split()[0], "title")
    for body in bodies.all_bodies():
        for acronym in body.acronyms:
            put(acronym, body.type)
    return {k: tuple(sorted(v)) for k, v in table.items()}
