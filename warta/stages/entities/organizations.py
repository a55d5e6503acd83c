"""National bodies from the knowledge base (ministries, agencies, parties, state companies) and regional
government bodies (Pemkab X, Dinas Y Kabupaten X, DPRD X, Polres X); companies are in `companies`."""

from __future__ import annotations

import functools
import re
from functools import cache

from warta.ids import make_id, normalize_key
from warta.kb import bodies, units
from warta.kb import regions as kbregions
from warta.stages.entities.candidates import Candidate
from warta.stages.entities.coordination import coordinated_end
from warta.stages.entities.names import trailing_name_start
from warta.stages.entities.regions import RegionContext, pick_city
from warta.trie import alternation

# A capitalized word; dots only inside it ("Startupindonesia.co"), so a name never runs past a sentence end.
CAP = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"
_CAPS = rf"{CAP}(?:[ \t]+(?:{CAP}|dan|&))*"


def body_id(body: bodies.Body) -> str:
    """The entity id of a knowledge-base body (the same for every name of a renamed ministry)."""
    return make_id(body.type, "kb", body.key)


@cache
def _national_pattern() -> re.Pattern[str]:
    forms: set[str] = set()
    for body in bodies.all_bodies():
        forms.update(body.acronyms)
        forms.update(bodies.full_names(body))  # current, former official names and aliases
    return re.compile(rf"\b(?P<name>{alternation(forms, ignorecase=True)})(?:\s+RI\b)?(?![\w-])", re.IGNORECASE)


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


# What follows a national agency's name in its regional office's: the acronym when the name is written out
# ("Komisi Pemilihan Umum (KPU) Kabupaten Mojokerto"), the level and the region.
_OFFICE_TAIL = re.compile(
    r"(?:\s*\((?P<acr>[A-Z][\w-]*(?:\s[A-Z][\w-]*)?)\))?"
    r"\s+(?:(?P<level>Provinsi|Kabupaten|Kota|Cabang|Wilayah|Perwakilan|Kantor Wilayah)(?:\s+[IVX]{1,5})?\s+)?"
    r"(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})"
)
_BRANCHES = ("Cabang", "Wilayah", "Perwakilan")


def _offices(text: str, ctx: RegionContext) -> list[Candidate]:
    out = []
    for m in _national_matches(text):
        matches = bodies.lookup(m.group("name"))
        tail = _OFFICE_TAIL.match(text, m.end("name"))
        if len(matches) != 1 or matches[0].type != "agency" or tail is None:
            continue
        if tail.group("acr") and bodies.lookup(tail.group("acr")) != matches:
            continue  # the parenthesis names something else
        level = tail.group("level")
        kind = _LEVEL_WORDS.get(level or "")
        found = _region_prefix(tail.group("place"), kind or "", ctx)
        if found is None:
            continue
        region, used = found
        body = matches[0]
        end = tail.start("place") + used
        name = f"{body.name} {region_label(region)}"
        if level in _BRANCHES:  # a branch is named as written: "BPJS Kesehatan Cabang Banyuwangi"
            name = " ".join(re.sub(r"\s*\([^)]*\)", "", text[m.start() : end]).split())
        out.append(
            Candidate(
                m.start(),
                end,
                "agency",
                make_id("agency", body.key, region.code),
                name,
                "kb",
                4,
                kb={"key": body.key, "region_code": region.code},
            )
        )
    return out


def bare_offices(text: str, kept: list[Candidate]) -> list[Candidate]:
    """A national agency's bare acronym ("KPU", "Bawaslu") in an article that names its office of one region
    ("KPU Kabupaten Mojokerto") and of no other is that office, as local news shortens its local KPU or BPS;
    written with "RI" or "Pusat", or beside branch offices only ("BPJS Kesehatan Cabang …"), it stays national."""
    regions: dict[str, set[str]] = {}
    office: dict[str, Candidate] = {}
    for cand in kept:
        key, code = cand.kb.get("key"), cand.kb.get("region_code")
        if cand.type == "agency" and key and code and not set(_BRANCHES) & set(text[cand.start : cand.end].split()):
            regions.setdefault(key, set()).add(code)
            office[key] = cand
    if not office:
        return kept
    out = []
    for cand in kept:
        local = office.get(cand.kb.get("key", "")) if "region_code" not in cand.kb else None
        surface = text[cand.start : cand.end]
        if local is not None and len(regions[local.kb["key"]]) == 1 and _bare_acronym(text, cand, surface):
            cand = Candidate(cand.start, cand.end, local.type, local.key, local.name, "alias", 1, kb=local.kb)
        out.append(cand)
    return out


def _bare_acronym(text: str, cand: Candidate, surface: str) -> bool:
    found = bodies.lookup(surface)
    national = re.match(r"\s+(?:RI|Pusat)\b", text[cand.end : cand.end + 8]) or surface.endswith(" RI")
    return len(found) == 1 and surface in found[0].acronyms and not national


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
    type_ = "agency" if kind in _AGENCY_KINDS else "government_body"
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
    alts = alternation({f for u in units.units() for f in (u.name, *u.forms)})
    return re.compile(
        rf"\b(?P<unit>{alts})(?![\w-])(?:\s*\((?P<acr>[A-Z][\w ]+)\))?"
        r"(?:\s+(?P<level>Kabupaten|Kab\.|Kota|Provinsi|Prov\.))?"
        r"(?:(?:\s+(?P<number>\d{2,4}(?:-\d{1,3})?|[IVX]{1,5})(?:\s*/\s*|\s+)|\s+)"
        r"(?P<place>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}))?"
    )


_SECTION_BEFORE = re.compile(r"\b(?:Seksi|Subbagian|Subbag|Bidang|Subbidang|Subbid|Kasi|Kabid|Kasubbag|Kasubbid)\s+$")
_NOT_UNITS = frozenset(
    {"pemerintah kabupaten", "pemerintah kota", "pemerintah provinsi", "pemkab", "pemkot", "pemprov"}
)


def _units(text: str, ctx: RegionContext, home: kbregions.Region | None) -> list[Candidate]:
    out = []
    sections = []
    pos = 0
    while (m := _unit_pattern().search(text, pos)) is not None:
        pos = m.end("unit")  # words read as a place that is none may begin the next unit ("Satlantas Polres Batu")
        unit = units.match_unit(m.group("unit"))
        if unit is None or unit.kind == "kewilayahan" or normalize_key(m.group("unit")) in _NOT_UNITS:
            continue
        if _SECTION_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Seksi Humas Polres …", "Kabid Humas Polda …": a section of the body after it
        out.append(_unit_candidate(m, unit, ctx, home))
        pos = max(pos, out[-1].end)
        if unit.kind == "polisi" and unit.name.startswith("Satuan "):
            sections.append((len(out) - 1, unit))
    for i, unit in sections:
        out[i] = _section_of(text, out[i], unit, ctx, home)
    return out + _spelled_dinas(text, ctx, home)


def _section_of(
    text: str, cand: Candidate, unit: units.Unit, ctx: RegionContext, home: kbregions.Region | None
) -> Candidate:
    """A police section written right before its command ("Satlantas Polres Batu") is that command's:
    "Satuan Lalu Lintas Kepolisian Resor Batu"."""
    after = _unit_pattern().match(text, cand.end + len(text[cand.end :]) - len(text[cand.end :].lstrip(" ")))
    command = units.match_unit(after.group("unit")) if after is not None else None
    if after is None or command is None or command.kind != "polisi" or command.name.startswith("Satuan "):
        return cand
    parent = _unit_candidate(after, command, ctx, home)
    code = parent.kb.get("region_code")
    return _body(cand.start, cand.end, f"{unit.name} {parent.name}", kbregions.get(code) if code else None, unit.kind)


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
_SHORT_NAMED = frozenset({"polisi", "militer", "kejaksaan", "pengadilan", "vertikal"})
# Units that are a national agency's regional office, not the region's government ("KPU Kota Batu", "Kantor SAR").
_AGENCY_KINDS = frozenset({"pemilu", "vertikal"})


def _unit_candidate(m: re.Match[str], unit: units.Unit, ctx: RegionContext, home: kbregions.Region | None) -> Candidate:
    surface = m.group("unit")
    cut = trailing_name_start(m.string, m.start("unit"), m.end("unit")) if not unit.forms else m.end("unit")
    if cut < m.end("unit"):  # a dinas spelled out, read into a name ("Dinas Kesehatan Febria Rachmanita")
        surface = m.string[m.start("unit") : cut].rstrip()
        spelled = units.Unit(" ".join(surface.split()), (), unit.kind)
        return _body(m.start(), m.start() + len(surface), unit_name(spelled, surface, home), home, unit.kind)
    number = m.groupdict().get("number")
    if number and m.group("place"):
        return (
            _numbered(m, unit, number, ctx)
            if unit.kind == "militer"
            else _body(m.start(), m.end("unit"), unit_name(unit, surface, home), home, unit.kind)
        )
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


def _numbered(m: re.Match[str], unit: units.Unit, number: str, ctx: RegionContext) -> Candidate:
    """A command with its number and territory, as written: "Kodim 0815/Mojokerto" is "Komando Distrik
    Militer 0815/Mojokerto" (of Kabupaten Mojokerto), "Kodam V/Brawijaya" "Komando Daerah Militer V/Brawijaya"."""
    place = m.group("place")
    found = _region_prefix(place, "", ctx)
    region, used = found if found is not None else (None, len(place.split()[0]))
    return _body(m.start(), m.start("place") + used, f"{unit.name} {number}/{place[:used]}", region, unit.kind)


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
