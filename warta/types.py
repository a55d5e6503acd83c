"""Entity types as data: the table of `spec/extract-output.md`, and the seed's `extracted` groups."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityType:
    """One entity type: its name, what it is, and the seed group it is listed under (if any)."""

    name: str
    description: str
    group: str | None
    region_level: int | None = None


TYPES: dict[str, EntityType] = {
    t.name: t
    for t in (
        EntityType("person", "a human, named or known only by role and jurisdiction", "persons"),
        EntityType("ministry", "a national ministry", "ministries"),
        EntityType("agency", "a national non-ministerial body", "ministries"),
        EntityType("government_body", "regional government, its units, legislatures, police, courts", None),
        EntityType("company", "a business", "companies"),
        EntityType("organization", "any other organization", None),
        EntityType("political_party", "a political party", None),
        EntityType("brand", "a product or brand name", "brands"),
        EntityType("event", "a named event or programme", None),
        EntityType("province", "a province", "places", 1),
        EntityType("city", "a kabupaten or kota", "cities", 2),
        EntityType("district", "a kecamatan", "places", 3),
        EntityType("village", "a desa or kelurahan", "places", 4),
        EntityType("place", "any other location", "places"),
        EntityType("country", "a country", "places"),
    )
}

GROUPS: tuple[str, ...] = ("persons", "companies", "ministries", "places", "cities", "brands")
REGION_TYPES: frozenset[str] = frozenset(t.name for t in TYPES.values() if t.region_level is not None)
ORG_TYPES: frozenset[str] = frozenset(
    {"ministry", "agency", "government_body", "company", "organization", "political_party"}
)


def group_of(type_name: str) -> str | None:
    """The seed's `extracted` group for an entity type, or None."""
    entry = TYPES.get(type_name)
    return entry.group if entry else None
