"""National bodies: ministries, agencies, political parties and companies, with their names over time.

Data: `data/ministries.tsv`, `agencies.tsv`, `parties.tsv`, `companies.tsv` (columns explained in each
file's first comment line and in docs/knowledge-base.md).

Lineage rule:
- A body renamed one-to-one is ONE `Body` whose `history` lists its successive official names with dates,
  oldest first. Its key names the lineage: Kemenkominfo and Komdigi are both `kominfo-komdigi`; an agency
  raised to a ministry (BKPM → Kementerian Investasi, BKKBN → Kemendukbangga) is one lineage too.
- A body split into several is its own `Body` (ending on its last day) whose `successors` are the keys of
  the new bodies, which list it in `predecessors` (Kemenkumham → Kemenkum, KemenHAM, Kemenimipas).
- Bodies merged into one: their names become aliases of the successor (Pelindo I-IV → Pelindo), or, when
  one of them continues under a new name, that one carries the lineage and the other is a predecessor.

Matching: `aliases` (and every official name in `history`) match case-insensitively after `normalize_key`;
`acronyms` match exactly, with case. `context_forms` are short forms that are also ordinary words or other
things ("Mandiri", "Garuda", "PBB"): `lookup` ignores them unless asked. An acronym belongs to one body,
except those in `SHARED_ACRONYMS` ("Kemendes": Kemendes PDTT until 2024-10-20, then Kemendes PDT; the
date decides).

"Kominfo" is kept as an acronym of the ministry lineage, although regional news often means the region's
Dinas Kominfo (see `warta.kb.units`): the entity recognizer decides by context (a region name or
"Dinas"/"Diskominfo" nearby means the regional unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from warta.ids import normalize_key
from warta.kb._tsv import read_rows, split_list

SHARED_ACRONYMS: frozenset[str] = frozenset({"Kemendes"})
_FILES: tuple[tuple[str, str], ...] = (
    ("ministries.tsv", "ministry"),
    ("agencies.tsv", "agency"),
    ("parties.tsv", "political_party"),
    ("companies.tsv", "company"),
)
_CORE = frozenset(
    {"key", "name", "category", "scope", "acronyms", "aliases", "context_forms", "history"}
    | {"predecessors", "successors", "notes"}
)


@dataclass(frozen=True)
class NameSpell:
    """One official name and the dates (ISO, or a year / year-month prefix) it was in force; None = open."""

    name: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class Body:
    """A ministry, agency, political party or company lineage with its names, short forms and history."""

    key: str
    name: str
    type: str
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...]
    history: tuple[NameSpell, ...]
    context_forms: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    category: str = ""
    notes: str = ""
    info: tuple[tuple[str, str], ...] = ()


def parse_history(cell: str, name: str) -> tuple[NameSpell, ...]:
    """Spells from a `start..end=Name|…` cell; an empty cell is one open spell of `name`."""
    spells: list[NameSpell] = []
    for item in split_list(cell):
        dates, _, spell_name = item.partition("=")
        start, _, end = dates.partition("..")
        spells.append(NameSpell(spell_name.strip(), start.strip() or None, end.strip() or None))
    return tuple(spells) or (NameSpell(name, None, None),)


def _make_body(row: dict[str, str], body_type: str) -> Body:
    info = tuple((k, v) for k, v in row.items() if k not in _CORE and v)
    return Body(
        key=row["key"],
        name=row["name"],
        type=body_type,
        aliases=split_list(row.get("aliases", "")),
        acronyms=split_list(row.get("acronyms", "")),
        history=parse_history(row.get("history", ""), row["name"]),
        context_forms=split_list(row.get("context_forms", "")),
        predecessors=split_list(row.get("predecessors", "")),
        successors=split_list(row.get("successors", "")),
        category=row.get("category") or row.get("scope", ""),
        notes=row.get("notes", ""),
        info=info,
    )


@cache
def all_bodies() -> tuple[Body, ...]:
    """Every body of the four data files: ministries, agencies, parties, companies, in file order."""
    return tuple(_make_body(row, body_type) for filename, body_type in _FILES for row in read_rows(filename))


@cache
def _by_key() -> dict[str, Body]:
    return {body.key: body for body in all_bodies()}


def by_key(key: str) -> Body | None:
    """The body with this stable key, or None."""
    return _by_key().get(key)


def _low(date: str | None) -> str:
    return "" if date is None else (date + "-01-01")[:10]


def _high(date: str | None) -> str:
    return "9999-12-31" if date is None else (date + "-12-31")[:10]


def name_on(body: Body, date: str | None) -> str:
    """The official name in force on an ISO date (a timestamp's first 10 characters), or the current one."""
    if not date or not body.history:
        return body.name
    day = date[:10]
    started = [s for s in body.history if _low(s.start) <= day]
    if not started:
        return body.history[0].name
    in_force = [s for s in started if day <= _high(s.end)]
    return max(in_force or started, key=lambda s: _low(s.start)).name


def full_names(body: Body) -> tuple[str, ...]:
    """The body's current name, historical official names and aliases (no acronyms), without repeats."""
    names = [body.name, *(s.name for s in body.history), *body.aliases]
    return tuple(dict.fromkeys(names))


@cache
def _alias_index() -> dict[str, tuple[Body, ...]]:
    index: dict[str, list[Body]] = {}
    for body in all_bodies():
        for name in full_names(body):
            found = index.setdefault(normalize_key(name), [])
            if body not in found:
                found.append(body)
    return {key: tuple(found) for key, found in index.items()}


def _exact_index(field: str) -> dict[str, tuple[Body, ...]]:
    index: dict[str, list[Body]] = {}
    for body in all_bodies():
        forms: tuple[str, ...] = getattr(body, field)
        for form in dict.fromkeys(forms):
            index.setdefault(form, []).append(body)
    return {form: tuple(found) for form, found in index.items()}


@cache
def _acronym_index() -> dict[str, tuple[Body, ...]]:
    return _exact_index("acronyms")


@cache
def _context_index() -> dict[str, tuple[Body, ...]]:
    return _exact_index("context_forms")


def lookup(text: str, *, with_context_forms: bool = False) -> list[Body]:
    """Bodies whose alias/official name (case-insensitive) or acronym (exact case) equals `text`."""
    text = text.strip()
    found = [*_acronym_index().get(text, ()), *_alias_index().get(normalize_key(text), ())]
    if with_context_forms:
        found += _context_index().get(text, ())
    return list(dict.fromkeys(found))


def shared_acronyms() -> frozenset[str]:
    """Acronyms that name more than one body in the data (should equal SHARED_ACRONYMS)."""
    return frozenset(form for form, found in _acronym_index().items() if len(found) > 1)
