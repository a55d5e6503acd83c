"""Position titles (Bupati, Sekda, Kapolres, Kepala Dinas …) and the acting prefixes (Pj, Plt, Plh).

Data: `data/roles.tsv`. A title's written-out forms ("Kepala Dinas") match with either case of each word's
first letter ("kepala dinas", "Kepala dinas"); its short forms ("Kadis", "Sekda") match with exact case.
`level` says which government level the title belongs to ("regional" = regency or city, None = any);
`default_level` is the level a title of any level is read at when the text names no jurisdiction ("Sekda" in
a Lamongan article: Kabupaten Lamongan's), and `seat_level` the one of the two a title has;
`jurisdiction_kind` is the kind of region that follows the title ("Bupati Mojokerto" → kabupaten);
`takes_org` marks titles followed by an organization ("Kepala Dinas Kominfo", "Kapolres Mojokerto" → Polres).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from warta.kb import units
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
SEAT_LEVELS = frozenset({"province", "regency", "city", "regional"})


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
    default_level: str | None = None

    @property
    def seat_level(self) -> str | None:
        """The regional level the holder sits at when the text names no jurisdiction: "province" (Gubernur,
        Kapolda), "regency", "city" or "regional" (either: Kapolres, Sekda); None for other titles."""
        level = self.level or self.default_level
        return level if level in SEAT_LEVELS else None


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
        default_level=row["default_level"] or None,
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


def title_entry(title: str) -> RoleTitle | None:
    """The title a role's title is, with an acting prefix ("Penjabat Bupati", "Plt. Kajari") left out."""
    words = title.split()
    for start in range(min(len(words), 3)):
        if start and " ".join(words[:start]) not in _PREFIXES:
            continue
        found = match_title(" ".join(words[start:]))
        if found is not None:
            return found
    return None


def role_parts(title: str, of: str | None) -> tuple[str, str]:
    """A role's title and body as shown side by side, the words both name said once, in the body: "Kepala
    Dinas" of "Dinas Kesehatan Kota Batu" → ("Kepala", "Dinas Kesehatan Kota Batu"); "Ketua DPRD" of "Dewan
    Perwakilan Rakyat Daerah Kabupaten Malang" → ("Ketua", "Dewan Perwakilan …"). The stored title stays the
    knowledge base's (it keys office holders and seat levels); only the words shown change."""
    body = " ".join((of or "").split())
    words = title.split()
    if not body:
        return title, ""
    for size in range(len(words) - 1, 0, -1):
        tail = words[-size:]
        if body.split()[:size] == tail or (size == 1 and _abbreviates(tail[0], body)):
            return " ".join(words[:-size]), body
    return title, body


def role_text(title: str, of: str | None) -> str:
    """A role in words, its title and body joined without doubling ("Kepala Dinas Kesehatan Kota Batu")."""
    return " ".join(part for part in role_parts(title, of) if part)


def _abbreviates(word: str, body: str) -> bool:
    """Whether `word` is the short form of the unit that opens `body` ("DPRD", "Dinkes"), or an acronym of
    the body's first words ("KPU": "Komisi Pemilihan Umum …")."""
    unit = units.match_unit(word)
    if unit is not None and (body == unit.name or body.startswith(unit.name + " ")):
        return True
    if len(word) < 2 or not word.isupper() or not word.isalpha():
        return False
    initials = "".join(w[0] for w in body.split()[: len(word)])
    return initials == word
