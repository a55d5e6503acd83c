"""The names pages show for renamed bodies (docs/knowledge-base.md, "Lineage rule").

A ministry or agency renamed one-to-one (Kominfo → Komdigi, BKPM → Kementerian Investasi) is one entity whose
knowledge-base key (`kb.key`) names its lineage; the store keeps the name of the first article that named it.
An article's page shows each such body under its name on the article's date; the body's own page shows its
current name with the earlier ones and the years they were in force ("sebelumnya: …").
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from warta.kb import bodies


@dataclass(frozen=True)
class FormerName:
    """An earlier official name of a body and the years it was in force (None: open or unknown)."""

    name: str
    since: str | None
    until: str | None


def body_of(kb: Mapping[str, Any]) -> bodies.Body | None:
    """The knowledge-base body an entity's `kb` data names, or None; None too for a regional office of one
    ("Komisi Pemilihan Umum Kabupaten Mojokerto": its key and a `region_code`), which is named after its region."""
    key = kb.get("key")
    return bodies.by_key(key) if isinstance(key, str) and "region_code" not in kb else None


def current_name(kb: Mapping[str, Any], stored: str) -> str:
    """The body's current (or last) official name; `stored` for an entity that is no knowledge-base body."""
    body = body_of(kb)
    return body.name if body is not None else stored


def named_now(name: str, aliases: list[str], kb: Mapping[str, Any]) -> tuple[str, list[str]]:
    """The name a body's own page shows (`current_name`) and its other names without that one and without the
    earlier official names, which `former_names` lists apart."""
    now = current_name(kb, name)
    shown = {now, *(f.name for f in former_names(kb))}
    return now, [alias for alias in aliases if alias not in shown]


def former_names(kb: Mapping[str, Any]) -> list[FormerName]:
    """The body's earlier official names, the latest first, each once with the years of its spells; empty for
    a body never renamed or an entity that is no knowledge-base body."""
    body = body_of(kb)
    if body is None:
        return []
    spans: dict[str, tuple[str | None, str | None]] = {}
    for spell in body.history:
        if spell.name == body.name:
            continue
        since, until = spans.get(spell.name, (spell.start, spell.end))
        spans[spell.name] = (_earlier(since, spell.start), _later(until, spell.end))
    ordered = sorted(spans.items(), key=lambda item: item[1][1] or item[1][0] or "", reverse=True)
    return [FormerName(name, _year(since), _year(until)) for name, (since, until) in ordered]


def dated_document(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of an article's document whose knowledge-base bodies are named as on the article's date (in its
    entities and its `extracted` groups); other entities keep their names."""
    out: dict[str, Any] = copy.deepcopy(dict(doc))
    published = (out.get("article") or {}).get("published")
    renamed: dict[str, str] = {}
    for entity in out.get("entities", []):
        body = body_of(entity.get("kb") or {})
        if body is None:
            continue
        name = bodies.name_on(body, published)
        if name != entity.get("name"):
            renamed[str(entity.get("name"))] = name
            entity["name"] = name
    for group, names in (out.get("extracted") or {}).items():
        out["extracted"][group] = list(dict.fromkeys(renamed.get(n, n) for n in names))
    return out


def _earlier(a: str | None, b: str | None) -> str | None:
    return None if a is None or b is None else min(a, b)


def _later(a: str | None, b: str | None) -> str | None:
    return None if a is None or b is None else max(a, b)


def _year(date: str | None) -> str | None:
    return date[:4] if date else None
