"""Entity types as data: the table of `spec/extract-output.md`, and the seed's `extracted` groups; the article
categories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class EntityType:
    """One entity type: its name, what it is, and the seed group it is listed under (if any)."""

    name: str
    description: str
    group: str | None
    kind: Literal["person", "organization", "place", "other"]  # the family rules and queries test for
    region_level: int | None = None


TYPES: dict[str, EntityType] = {
    t.name: t
    for t in (
        EntityType("person", "a human, named or known only by role and jurisdiction", "persons", "person"),
        EntityType("ministry", "a national ministry", "ministries", "organization"),
        EntityType("agency", "a national non-ministerial body", "ministries", "organization"),
        EntityType(
            "government_body", "regional government, its units, legislatures, police, courts", None, "organization"
        ),
        EntityType("company", "a business", "companies", "organization"),
        EntityType("organization", "any other organization", None, "organization"),
        EntityType("political_party", "a political party", None, "organization"),
        EntityType("brand", "a product or brand name", "brands", "other"),
        EntityType("event", "a named event or programme", None, "other"),
        EntityType("province", "a province", "places", "place", 1),
        EntityType("city", "a kabupaten or kota", "cities", "place", 2),
        EntityType("district", "a kecamatan", "places", "place", 3),
        EntityType("village", "a desa or kelurahan", "places", "place", 4),
        EntityType("place", "any other location", "places", "place"),
        EntityType("country", "a country", "places", "place"),
    )
}

GROUPS: tuple[str, ...] = ("persons", "companies", "ministries", "places", "cities", "brands")
REGION_TYPES: frozenset[str] = frozenset(t.name for t in TYPES.values() if t.region_level is not None)
TYPE_NAMES: tuple[str, ...] = tuple(TYPES)  # every entity type, in the table's order
ORG_TYPES: frozenset[str] = frozenset(t.name for t in TYPES.values() if t.kind == "organization")
PLACE_TYPES: frozenset[str] = frozenset(t.name for t in TYPES.values() if t.kind == "place")  # regions included
# Public bodies: the state's own organizations, whose offices people hold (their pages list those people first).
PUBLIC_BODY_TYPES: frozenset[str] = frozenset(("ministry", "agency", "government_body"))

# The article categories (docs/category.md), in the order; "lainnya" is the rest. The category stage
# decides them; the store and its filters check them against this list.
CATEGORIES: tuple[str, ...] = (
    "politik", "pemerintahan", "ekonomi", "hukum/kriminal", "bencana", "kesehatan", "pendidikan", "infrastruktur",
    "olahraga", "hiburan", "teknologi", "lainnya",
)  # fmt: skip

# The tone labels (docs/tone.md), in the order every tone split shows them.
TONES: tuple[str, ...] = ("positif", "negatif", "netral")


def group_of(type_name: str) -> str | None:
    """The seed's `extracted` group for an entity type, or None."""
    entry = TYPES.get(type_name)
    return entry.group if entry else None
