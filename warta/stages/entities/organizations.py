"""National bodies from the knowledge base (ministries, agencies, parties, state companies), regional
government bodies (Pemkab X, Dinas Y Kabupaten X, DPRD X, Polres X), and companies by legal form."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from functools import cache

from warta.ids import make_id, normalize_key
from warta.kb import bodies, lexicons, units
from warta.kb import regions as kbregions
from warta.stages.entities.candidates import Candidate
from warta.stages.entities.coordination import coordinated_end
from warta.stages.entities.names import name_at, trailing_name_start
from warta.stages.entities.regions import RegionContext, pick_city
from warta.stages.entities.titles import titles_in

# A capitalized word; dots only inside it ("Startupindonesia.co"), so a name never runs past a sentence end.
_CAP = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"
_CAPS = rf"{_CAP}(?:[ \t]+(?:{_CAP}|dan|&))*"


def body_id(body: bodies.Body) -> str:
    """The entity id of a knowledge-base body (the same for every name of a renamed ministry)."""
    return make_id(body.type, "kb", body.key)


@cache
def _national_pattern() -> re.Pattern[str]:
    forms: set[str] = set()
    for body in bodies.all_bodies():
        forms.update(body.acronyms)
        forms.update(bodies.full_names(body))  # current, former official names and aliases
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"\b(?P<name>{alts})(?:\s+RI\b)?(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _national_matches(text: str) -> tuple[re.Match[str], ...]:
    """Every knowledge-base name in the text (shared by the national and regional-office recognizers)."""
    return tuple(_national_pattern().finditer(text))


def find_national(text: str, published: str | None) -> list[Candidate]:
    """Ministries, agencies, parties and state companies named by full name, alias or acronym."""
    out: list[Candidate] = []
    for m in _national_matches(text):
        surface = m.group("name")
        matches = bodies.lookup(surface)
        if len(matches) != 1 or not surface[0].isupper():
            continue
        body = matches[0]
        out.append(
            Candidate(
                m.start(),
                m.end(),
                body.type,
                body_id(body),
                bodies.name_on(body, published),
                "kb",
                4,
                kb={"key": body.key, "current_name": body.name},
            )
        )
    return out + _generic_ministries(text)


_MINISTRY = re.compile(rf"\bKementerian[ \t]+(?P<rest>{_CAPS})")
_TRAILING_WEAK = re.compile(r"(?:\s+(?:dan|di|untuk|&))+$")


def _generic_ministries(text: str) -> list[Candidate]:
    out = []
    pos = 0
    while (m := _MINISTRY.search(text, pos)) is not None:
        stop = coordinated_end(text, m.start(), m.end())
        pos = stop if stop < m.end() else m.end()  # a ministry after "dan" is matched on its own
        name = _TRAILING_WEAK.sub("", text[m.start() : stop].rstrip("."))
        name = text[m.start() : trailing_name_start(text, m.start(), m.start() + len(name))].rstrip()
        name = _TRAILING_WEAK.sub("", name)
        out.append(
            Candidate(
                m.start(),
                m.start() + len(name),
                "ministry",
                make_id("ministry", normalize_key(name)),
                name,
                "pattern",
                1,
            )
        )
    return out


# ------------------------------------------------------------------ regional government bodies

_PEMDA = re.compile(
    r"\b(?:Pemerintah\s+(?P<long>Kabupaten|Kota|Provinsi)(?:\s*\((?:Pemkab|Pemkot|Pemprov)\))?"
    r"|(?P<short>Pemkab|Pemkot|Pemprov))\s+(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})"
)
_LEVEL = {
    "Kabupaten": "kabupaten",
    "Pemkab": "kabupaten",
    "Kota": "kota",
    "Pemkot": "kota",
    "Provinsi": "provinsi",
    "Pemprov": "provinsi",
}


def find_regional(text: str, ctx: RegionContext, home: kbregions.Region | None) -> list[Candidate]:
    """Regional governments and their units, each tied to the region it belongs to, and regional offices
    of national agencies ("BPS Provinsi Jawa Tengah", "KPU Sleman", "BPJS Kesehatan Cabang Banyuwangi")."""
    return _pemda(text, ctx) + _units(text, ctx, home) + _offices(text, ctx)


_OFFICE_TAIL = re.compile(
    r"\s+(?:(?P<level>Provinsi|Kabupaten|Kota|Cabang|Wilayah|Perwakilan|Kantor Wilayah)\s+)?"
    r"(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})"
)


def _offices(text: str, ctx: RegionContext) -> list[Candidate]:
    out = []
    for m in _national_matches(text):
        matches = bodies.lookup(m.group("name"))
        tail = _OFFICE_TAIL.match(text, m.end("name"))
        if len(matches) != 1 or matches[0].type != "agency" or tail is None:
            continue
        level = tail.group("level")
        kind = _LEVEL_WORDS.get(level or "")
        found = _region_prefix(tail.group("place"), kind or "", ctx)
        if found is None:
            continue
        region, used = found
        body = matches[0]
        office = f"{level} {region.short}" if level in ("Cabang", "Wilayah", "Perwakilan") else region_label(region)
        name = f"{body.name} {office}"
        out.append(
            Candidate(
                m.start(),
                tail.start("place") + used,
                "agency",
                make_id("agency", body.key, region.code),
                name,
                "kb",
                4,
                kb={"key": body.key, "region_code": region.code},
            )
        )
    return out


def _pemda(text: str, ctx: RegionContext) -> list[Candidate]:
    out = []
    for m in _PEMDA.finditer(text):
        level = _LEVEL[m.group("long") or m.group("short")]
        found = _region_prefix(m.group("place"), level, ctx)
        if found is None:
            continue
        region, used = found
        end = m.start("place") + used
        name = f"Pemerintah {region_label(region)}"
        out.append(_body(m.start(), end, name, region, "pemda"))
    return out


def _region_prefix(place: str, level: str, ctx: RegionContext) -> tuple[kbregions.Region, int] | None:
    """The longest leading words of `place` naming a region of `level`; with the characters used."""
    words = place.split()
    for n in range(len(words), 0, -1):
        short = " ".join(words[:n])
        region = _region_named(short, level, ctx)
        if region is not None:
            return region, len(short)
    return None


def _region_named(short: str, level: str | None, ctx: RegionContext) -> kbregions.Region | None:
    level = level or None
    if level in (None, "provinsi"):
        province = kbregions.province_names().get(normalize_key(short))
        if province is not None or level == "provinsi":
            return province
    return pick_city(short, level, ctx)


def _body(start: int, end: int, name: str, region: kbregions.Region | None, kind: str) -> Candidate:
    code = region.code if region else ""
    type_ = "agency" if kind == "pemilu" else "government_body"
    return Candidate(
        start,
        end,
        type_,
        make_id(type_, normalize_key(name), code),
        name,
        "pattern",
        3,
        kb={"region_code": code, "unit_kind": kind} if code else {"unit_kind": kind},
    )


@cache
def _unit_pattern() -> re.Pattern[str]:
    forms = sorted({f for u in units.units() for f in (u.name, *u.forms)}, key=len, reverse=True)
    alts = "|".join(re.escape(f) for f in forms)
    return re.compile(
        rf"\b(?P<unit>{alts})(?![\w-])(?:\s*\((?P<acr>[A-Z][\w ]+)\))?"
        r"(?:\s+(?P<level>Kabupaten|Kab\.|Kota|Provinsi|Prov\.))?"
        r"(?:\s+(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}))?"
    )


_NOT_UNITS = frozenset(
    {"pemerintah kabupaten", "pemerintah kota", "pemerintah provinsi", "pemkab", "pemkot", "pemprov"}
)


def _units(text: str, ctx: RegionContext, home: kbregions.Region | None) -> list[Candidate]:
    out = []
    for m in _unit_pattern().finditer(text):
        unit = units.match_unit(m.group("unit"))
        if unit is None or unit.kind == "kewilayahan" or normalize_key(m.group("unit")) in _NOT_UNITS:
            continue
        out.append(_unit_candidate(m, unit, ctx, home))
    return out + _spelled_dinas(text, ctx, home)


def _spelled_dinas(text: str, ctx: RegionContext, home: kbregions.Region | None) -> list[Candidate]:
    """Dinas spelled out in full, each ending at a "dan" or comma that begins the next body or title."""
    out = []
    pos = 0
    while (found := _DINAS.search(text, pos)) is not None:
        stop = coordinated_end(text, found.start(), found.end("unit"))
        pos = stop if stop < found.end("unit") else found.end()  # a unit after "dan" is matched on its own
        m = (_DINAS.match(text, found.start(), stop) if stop < found.end("unit") else None) or found
        spelled = units.Unit(" ".join(m.group("unit").split()), (), "dinas")
        out.append(_unit_candidate(m, spelled, ctx, home))
    return out


# A dinas spelled out in full, commas and all: "Dinas Koperasi, Usaha Mikro, Perindustrian, dan Perdagangan".
_W = r"(?!(?:Kabupaten|Kota|Provinsi)\b)[A-Z][a-z]+"
_DINAS = re.compile(
    rf"\b(?P<unit>Dinas(?:\s+{_W}){{1,5}}(?:(?:,\s+{_W}(?:\s+{_W}){{0,3}}){{0,6}},?\s+dan\s+{_W}(?:\s+{_W}){{0,3}})?)"
    r"(?:\s*\((?P<acr>[A-Z][\w ]+)\))?"
    r"(?:\s+(?P<level>Kabupaten|Kab\.|Kota|Provinsi|Prov\.))?"
    r"(?:\s+(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}))?"
)
_LEVEL_WORDS = {
    "Kabupaten": "kabupaten",
    "Kab.": "kabupaten",
    "Kota": "kota",
    "Provinsi": "provinsi",
    "Prov.": "provinsi",
}
# Units named after their town rather than the region's official name: "Kepolisian Resor Jember".
_SHORT_NAMED = frozenset({"polisi", "militer", "kejaksaan", "pengadilan"})


def _unit_candidate(m: re.Match[str], unit: units.Unit, ctx: RegionContext, home: kbregions.Region | None) -> Candidate:
    surface = m.group("unit")
    cut = trailing_name_start(m.string, m.start("unit"), m.end("unit"))
    if cut < m.end("unit"):
        surface = m.string[m.start("unit") : cut].rstrip()
        spelled = units.Unit(" ".join(surface.split()), (), unit.kind)
        return _body(m.start(), m.start() + len(surface), unit_name(spelled, surface, home), home, unit.kind)
    level = m.group("level") or next((w for w in _LEVEL_WORDS if surface.endswith(" " + w)), None)
    kind = _LEVEL_WORDS.get(level or "")
    end = m.end("acr") + 1 if m.group("acr") else (m.end("level") if m.group("level") else m.end("unit"))
    region = None
    if m.group("place"):
        found = _region_prefix(m.group("place"), kind or "", ctx)
        if found is not None:
            region, used = found
            end = m.start("place") + used
    if region is None and not level:
        region = home
    return _body(m.start(), end, unit_name(unit, surface, region), region, unit.kind)


def unit_body(unit: units.Unit, region: kbregions.Region, start: int, end: int) -> Candidate:
    """The body a regional unit of `region` is ("Polres" of Kabupaten Jember: Kepolisian Resor Jember)."""
    return _body(start, end, unit_name(unit, unit.name, region), region, unit.kind)


def unit_name(unit: units.Unit, surface: str, region: kbregions.Region | None) -> str:
    """The name of a regional unit: as spelled out in the text when it is, else the canonical name; with
    its region ("Dinas Kesehatan Kabupaten Sleman", "Kepolisian Resor Jember", "Komisi Pemilihan Umum
    Kabupaten Sleman")."""
    base = unit.name
    words = surface.split()
    if len(words) > 2 and words[0] in ("Dinas", "Badan") and not any(w.isupper() for w in words):
        base = " ".join(w for w in words if w not in _LEVEL_WORDS)
    if unit.kind == "pemilu":
        base = base.removesuffix(" Daerah")
    if region is None:
        return base
    place = region.short if unit.kind in _SHORT_NAMED and region.type == "city" else region_label(region)
    return f"{base} {place}"


def region_label(region: kbregions.Region) -> str:
    """A region as it follows a body's name: "Kabupaten Sleman", "Kota Batu", "Provinsi Jawa Tengah"."""
    return f"Provinsi {region.name}" if region.type == "province" else region.name


# ------------------------------------------------------------------ companies

_COMPANY = re.compile(
    rf"\b(?P<form>PT|CV|Perum|UD|PD)\.?[ \t]+(?P<name>{_CAP}(?:[ \t]+(?:{_CAP}|&))*)"
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
