"""Position titles (Bupati, Sekda, Kapolres, Kepala Dinas …) and the acting prefixes (Pj, Plt, Plh).

Data: `data/roles.tsv`. A title's written-out forms ("Kepala Dinas") match with either case of each word's
first letter ("kepala dinas", "Kepala dinas"); its short forms ("Kadis", "Sekda") match with exact case.
`level` says which government level the title belongs to ("regional" = regency or city, None = any);
`jurisdiction_kind` is the kind of region that follows the title ("Bupati Mojokerto" → kabupaten);
`takes_org` marks titles followed by an organization ("Kepala Dinas Kominfo", "Kapolres Mojokerto" → Polres).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from warta.kb._tsv import FormIndex, read_rows, split_list

_PREFIXES: tuple[str, ...] = (
    "Pj",
    "Pj.",
    "Penjabat",
    "Pjs",
    "Pjs.",
    "Pejabat Sementara",
    "Plt",
    "Plt.",
    "Pelaksana Tugas",
    "Plh",
    "Plh.",
    "Pelaksana Harian",
)


@dataclass(frozen=True)
class RoleTitle:
    """A position title: canonical title, how it is written, its level and what follows it."""

    title: str
    forms: tuple[str, ...]
    level: str | None
    jurisdiction_kind: str | None
    takes_org: bool
    unit: str | None = None
    body: str | None = None


def _make(row: dict[str, str]) -> tuple[RoleTitle, tuple[str, ...]]:
    full = split_list(row["full_forms"])
    short = split_list(row["short_forms"])
    title = RoleTitle(
        title=row["title"],
        forms=tuple(dict.fromkeys((*full, *short))),
        level=row["level"] or None,
        jurisdiction_kind=row["jurisdiction_kind"] or None,
        takes_org=row["takes_org"] == "yes",
        unit=row["unit"] or None,
        body=row["body"] or None,
    )
    return title, full


@cache
def _rows() -> tuple[tuple[RoleTitle, tuple[str, ...]], ...]:
    return tuple(_make(row) for row in read_rows("roles.tsv"))


@cache
def titles() -> tuple[RoleTitle, ...]:
    """All titles, the one with the longest form first (so longer titles win when scanning text)."""
    found = [title for title, _ in _rows()]
    return tuple(sorted(found, key=lambda t: (-max(len(f) for f in t.forms), t.title)))


def prefixes() -> tuple[str, ...]:
    """Acting prefixes written before a title: Pj/Penjabat, Pjs, Plt/Pelaksana Tugas, Plh/Pelaksana Harian."""
    return _PREFIXES


@cache
def _index() -> FormIndex[RoleTitle]:
    return FormIndex(_rows(), lambda item: item.forms)


def match_title(text: str) -> RoleTitle | None:
    """The title one of whose forms is exactly `text` (short forms: exact case; full forms: see module)."""
    return _index().match(text)
