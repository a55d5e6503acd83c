"""Word lists for names the knowledge base does not list one by one: countries, firms and brands known by a
bare name, the cue words around a name that say what it names, and the head words of facility names.

Data: `data/countries.tsv`, `brands.tsv`, `name_cues.tsv`, `facilities.tsv` (columns explained in each file's
first comment line). Forms match with exact case: these are capitalized names ("Grab", "Indonesia", "Jalan").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from warta.kb._tsv import data_lines, read_rows, split_list


@dataclass(frozen=True)
class Firm:
    """A firm or brand known by a bare name: its name, type (company, brand, or none), the owner of a brand,
    and whether the capitalized words after it are a product model ("Toyota Avanza")."""

    name: str
    type: str
    forms: tuple[str, ...]
    models: bool = False
    owner: str = ""


@cache
def countries() -> dict[str, str]:
    """Every written form of a country → the country's name ("RRT" → "Tiongkok", "Indonesia" → itself)."""
    out: dict[str, str] = {}
    for row in read_rows("countries.tsv"):
        for form in (row["name"], *split_list(row["forms"])):
            out[form] = row["name"]
    return out


@cache
def firms() -> dict[str, Firm]:
    """Every written form of a firm or brand → the firm ("Whatsapp" → WhatsApp)."""
    out: dict[str, Firm] = {}
    for row in read_rows("brands.tsv"):
        forms = (row["name"], *split_list(row["forms"]))
        firm = Firm(row["name"], row["type"], forms, row["models"] == "yes", row["owner"])
        for form in forms:
            out[form] = firm
    return out


@cache
def cues(role: str) -> dict[str, str]:
    """The cue words of one role (before, product, after, division) → the entity type each gives."""
    return {row["word"]: row["type"] for row in read_rows("name_cues.tsv") if row["role"] == role}


@dataclass(frozen=True)
class FacilityHead:
    """A head word of facility names: the entity type it gives, and whether the name alone, written later
    without the head, still means the facility ("Masjid Istiqlal" … "Istiqlal")."""

    type: str
    alone: bool


@cache
def facility_heads() -> dict[str, FacilityHead]:
    """Head words of facility names ("Bandara", "Jalan", "Balai Kota", "RSUD") → what they give."""
    return {row["head"]: FacilityHead(row["type"], row["alone"] == "yes") for row in read_rows("facilities.tsv")}


@cache
def person_descriptors() -> tuple[str, ...]:
    """Words that introduce a person by what they are (data/person_descriptors.txt: "mahasiswa", "kuasa hukum",
    "CEO"), longest first."""
    return tuple(sorted(data_lines("person_descriptors.txt"), key=len, reverse=True))
