"""Named events and programmes ("Festival Kopi Nusantara 2024", "Bimbingan Teknis (Bimtek) Tingkat Satu
Program Gerakan Menuju Smart City", "Pilkada Serentak 2024"), and names an article defines with an acronym
that no other recognizer knows ("Penerimaan Peserta Didik Baru (PPDB)"): programmes, or organizations when
their head word says so."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from warta.ids import make_id, normalize_key
from warta.kb import lexicons
from warta.kb import roles as kbroles
from warta.stages.entities.candidates import Candidate

_CAP = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"
_EVENT_HEAD = (
    r"Bimbingan Teknis|Bimtek|Musyawarah Perencanaan Pembangunan|Musrenbang|Rapat Koordinasi|Rakor|Festival|"
    r"Pekan|Lomba|Gerakan|Program|Peringatan|Hari|Pameran|Expo|Kirab|Jambore|Gelar|Konferensi|Kongres|"
    r"Sosialisasi|Pelatihan|Lokakarya|Seminar|Workshop|Karnaval|Turnamen|Piala|Liga|Grebeg|Sedekah|"
    r"Pemilihan Umum|Pemilu|Pemilihan Kepala Daerah|Pilkada|Pemilihan Bupati|Pemilihan Wali Kota|Pilbup|Pilwali|"
    r"Pilgub|Pileg|Pilpres|APBD|Rancangan APBD|RAPBD"
)
_EVENT = re.compile(
    rf"\b(?P<head>{_EVENT_HEAD})(?:\s*\((?P<acr>[A-Z][\w]+)\))?"
    rf"(?P<rest>(?:[ ]+(?:{_CAP}|\([A-Z][\w]+\)|[0-9]{{1,4}}|ke-[0-9]+|dan|untuk))*)"
)
_NEEDS_TWO = frozenset({"Hari", "Program", "Gerakan", "Pekan", "Gelar", "Pelatihan", "Sosialisasi"})
_TRAILING_WEAK = re.compile(r"(?:\s+(?:dan|untuk|&))+$")
_REGION_TAIL = re.compile(r"\s+(?:Kabupaten|Kota|Provinsi)(?:\s+[A-Z][\w'-]*)+$")


def find_events(text: str) -> list[Candidate]:
    """Events and programmes; a programme named inside an event ("… Program Gerakan Menuju Smart City") is an
    event of its own."""
    return _events_in(text, 0, len(text), depth=0)


def _events_in(text: str, start: int, end: int, depth: int) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _EVENT.finditer(text, start, end):
        if m.group("acr") and not _acronym_of(m.group("head"), m.group("acr")):
            continue  # "Komisi Pemilihan Umum (KPU) Sulut Ardiles Mewoh": the acronym is a body's
        rest = _REGION_TAIL.sub("", _TRAILING_WEAK.sub("", m.group("rest").rstrip(".")))
        words = rest.split()
        stop = m.start("rest") + len(rest)
        nested = _events_in(text, m.start("rest"), stop, depth + 1) if depth < 2 and words else []
        out.extend(nested)
        head = m.group("head")
        if not words or not re.search(r"[A-Z0-9]", rest):
            continue  # "APBD" or "Pemilu" alone is a concept, not a named event
        if head in _NEEDS_TWO and len(words) < 2:
            continue
        if head == "Program" and nested and nested[0].start == m.start("rest") + 1:
            continue  # "Program Gerakan X": the programme is "Gerakan X"
        name = text[m.start() : stop]
        out.append(Candidate(m.start(), stop, "event", make_id("event", event_key(name)), name, "pattern", 1))
    return out


def _acronym_of(head: str, acronym: str) -> bool:
    """Whether an acronym can stand for a name opening with the head words: it starts with the head's letter
    ("Pekan Olahraga Nasional (PON)"), not another's ("Komisi Pemilihan Umum (KPU)" read from "Pemilihan")."""
    return acronym[:1].upper() == head[:1].upper()


_LONG_ACRONYM = re.compile(r"^[^()]*\(([A-Z][\w]+)\)")


def event_key(name: str) -> str:
    """Normalized event name, with "Long Form (ACR)" reduced to "ACR" so both spellings meet."""
    return normalize_key(_LONG_ACRONYM.sub(r"\1", name))


# ------------------------------------------------------------------ names defined with an acronym

# Searched backwards from each "(ACR)", over a bounded window, so that long capitalized runs stay linear.
_ACRONYM = re.compile(r"\s\((?P<acr>[A-Z][A-Za-z]{1,9})\)")
_LONG_BEFORE = re.compile(r"(?P<long>[A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|dan|untuk|for|of|and|the)){1,11})$")
ORG_HEADS = frozenset(
    {
        "Badan",
        "Lembaga",
        "Komisi",
        "Dewan",
        "Balai",
        "Direktorat",
        "Kantor",
        "Pusat",
        "Unit",
        "Satuan",
        "Tim",
        "Yayasan",
        "Universitas",
        "Institut",
        "Sekolah",
        "Politeknik",
        "Asosiasi",
        "Ikatan",
        "Persatuan",
        "Himpunan",
        "Paguyuban",
        "Forum",
        "Majelis",
        "Kelompok",
        "Koperasi",
        "Perusahaan",
        "Otorita",
        "Bank",
        "Rumah",
    }
)


# Acronyms of generic classes and documents, not of one named thing ("Organisasi Perangkat Daerah (OPD)").
GENERIC_ACRONYMS = frozenset(
    "OPD APBD APBN APBDes KUA PPAS PBI PPK PPS KPPS TPS ASN PNS PPPK UMKM UKM BUMDes RT RW SD SMP SMA SMK TK PAUD "
    "DAU DAK PAD SILPA RPJMD RPJMN RKPD Renja LKPJ LPPD CSR SOP".split()
)


@cache
def place_starts() -> tuple[str, ...]:
    """The head words that make a defined long name a place's ("Kawasan Ekonomi Khusus (KEK)"): the facility
    heads of places (data/facilities.tsv)."""
    return tuple(head + " " for head, entry in lexicons.facility_heads().items() if entry.type == "place")


def find_defined(text: str, taken: list[Candidate]) -> list[Candidate]:
    """ "Long Name (ACR)" where the acronym starts like the name and nothing else claimed the span."""
    out = []
    for found in _defined(text):
        long, acr = found.long, found.acr
        overlaps = any(c.start < found.end and found.start < c.end for c in taken)
        if acr[0] != long[0] or acr in GENERIC_ACRONYMS or overlaps or kbroles.match_title(long) is not None:
            continue  # a title's acronym ("Menteri Perhubungan (Menhub)") belongs to the persons recognizer
        kind = "organization" if long.split()[0] in ORG_HEADS or _chapter(text, found) else "event"
        kind = "place" if long.startswith(place_starts()) else kind
        key = make_id(kind, normalize_key(acr), normalize_key(long))
        out.append(Candidate(found.start, found.end, kind, key, f"{long} ({acr})", "pattern", 1))
    return out


# A region level and name written after a defined acronym: "Palang Merah Indonesia (PMI) Kabupaten Mojokerto".
_CHAPTER_AFTER = re.compile(r"\s+(?:Kabupaten|Kota|Provinsi|Kab\.|Prov\.)\s+[A-Z]")


def _chapter(text: str, found: _Defined) -> bool:
    """Whether a national name has a region's chapter written after it: an organization, not an event."""
    return found.long.endswith((" Indonesia", " Nasional")) and _CHAPTER_AFTER.match(text, found.end) is not None


@dataclass(frozen=True)
class _Defined:
    """A long name and the acronym the text gives it in parentheses."""

    start: int
    end: int
    long: str
    acr: str


def _defined(text: str) -> list[_Defined]:
    found = []
    for m in _ACRONYM.finditer(text):
        before = _LONG_BEFORE.search(text, max(0, m.start() - 160), m.start())
        if before is not None:
            found.append(_Defined(before.start("long"), m.end(), before.group("long"), m.group("acr")))
    return found
