"""One call to resolve a name against the whole knowledge base, with the article's context.

`resolve("Kominfo", date="2025-01-10")` → the ministry lineage, named as on that date; `resolve("Kota
Malang")` → the kota; `resolve("Malang", region="35.07")` → the kabupaten the article is about rather than
the kota; `resolve("Pacet", region="35.16")` → the kecamatan inside Kabupaten Mojokerto. Lookups are by
normalized name, acronym (exact case) and alias; context only orders or narrows what the names allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.ids import normalize_key
from warta.kb import bodies, regions

_PREFIX = re.compile(r"^(?P<kind>kabupaten|kab\.|kota|provinsi|prov\.|kecamatan|kec\.)\s+", re.IGNORECASE)
_KINDS = {
    "kabupaten": "kabupaten",
    "kab.": "kabupaten",
    "kota": "kota",
    "provinsi": "provinsi",
    "prov.": "provinsi",
    "kecamatan": "kecamatan",
    "kec.": "kecamatan",
}


@dataclass(frozen=True)
class Hit:
    """A knowledge-base entry a name resolves to: its kind of entry, key (body key or region code), the name
    in force (on the date given) and its entity type."""

    source: str  # "body" | "region"
    key: str
    name: str
    type: str


def resolve(name: str, region: str | None = None, date: str | None = None) -> list[Hit]:
    """Knowledge-base entries `name` can mean, best first: bodies, then regions. `region` is the code of
    the article's region (its kabupaten/kota or province); `date` an ISO date for renamed bodies."""
    text = " ".join(name.split())
    if not text:
        return []
    found = [Hit("body", b.key, bodies.name_on(b, date), b.type) for b in bodies.lookup(text)]
    return found + _regions(text, region)


def _regions(text: str, region: str | None) -> list[Hit]:
    prefix = _PREFIX.match(text)
    kind = _KINDS[prefix.group("kind").lower()] if prefix else None
    short = text[prefix.end() :] if prefix else text
    candidates: list[regions.Region] = []
    if kind in (None, "provinsi"):
        province = regions.province_names().get(normalize_key(short))
        if province is not None:
            candidates.append(province)
    if kind in (None, "kabupaten", "kota"):
        candidates += regions.find_city(short, kind)
    if kind in (None, "kecamatan"):
        candidates += regions.districts_named(short)
    ranked = sorted(candidates, key=lambda r: _rank(r, region, kind))
    if kind is None and region and ranked and _rank(ranked[0], region, kind)[0] == 0:
        ranked = [r for r in ranked if _rank(r, region, kind)[0] == 0]
    return [Hit("region", r.code, r.name, r.type) for r in ranked]


def _rank(r: regions.Region, region: str | None, kind: str | None) -> tuple[int, int, str]:
    """Inside the article's region first (or containing it), then higher levels, then by code."""
    near = 1
    if region:
        near = 0 if r.code == region or r.code.startswith(region + ".") or region.startswith(r.code + ".") else 1
    return (near, r.code.count("."), r.code)
