"""Regional government units (OPD) and regional offices as name patterns: Pemkab, Dinas Kominfo, Polres ….

Data: `data/units.tsv`. A unit name is usually followed by its region ("Dinas Kominfo Kabupaten Mojokerto",
"Polres Mojokerto"); this module only knows the patterns. Written-out forms match with either case of each
word's first letter; short forms ("Diskominfo", "Pemkab") match with exact case. "Kominfo" is both a form of
the regional Dinas Kominfo here and an acronym of the ministry in `warta.kb.bodies`: the recognizer decides
by context.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from warta.kb._tsv import FormIndex, read_rows, split_list

# Kinds of the regional offices of national bodies (instansi vertikal: police, military, prosecutors, courts,
# election bodies, national agencies' offices), not of the regional government and its OPD.
VERTICAL_KINDS = frozenset({"polisi", "militer", "kejaksaan", "pengadilan", "pemilu", "vertikal"})


@dataclass(frozen=True)
class Unit:
    """A kind of regional unit: canonical name, written forms, kind, fixed region kind and head's title."""

    name: str
    forms: tuple[str, ...]
    kind: str
    jurisdiction_kind: str | None = None
    head: str | None = None


def _make(row: dict[str, str]) -> tuple[Unit, tuple[str, ...]]:
    full = split_list(row["full_forms"])
    unit = Unit(
        name=row["name"],
        forms=tuple(dict.fromkeys((*full, *split_list(row["short_forms"])))),
        kind=row["kind"],
        jurisdiction_kind=row["jurisdiction_kind"] or None,
        head=row["head"] or None,
    )
    return unit, full


@cache
def _rows() -> tuple[tuple[Unit, tuple[str, ...]], ...]:
    return tuple(_make(row) for row in read_rows("units.tsv"))


@cache
def units() -> tuple[Unit, ...]:
    """All unit patterns in file order."""
    return tuple(unit for unit, _ in _rows())


@cache
def _index() -> FormIndex[Unit]:
    return FormIndex(_rows(), lambda item: item.forms)


def match_unit(text: str) -> Unit | None:
    """The unit one of whose forms is exactly `text` (short forms: exact case; full forms: initials free)."""
    return _index().match(text)
