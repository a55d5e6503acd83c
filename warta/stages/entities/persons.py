"""Persons: introduced by a title and role ("Sekretaris Daerah Kabupaten Mojokerto Teguh Gunarko"), known
only by role ("Bupati Mojokerto"), listed ("tenaga ahli dari Kemenkominfo, yakni A, B dan C"), named after a
speech cue ("kata Andi Wijaya") or before a speech verb, addressed with an honorific; then short forms of
names already seen in the article ("Sofyan" for "Suzuki Sofyan")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from warta.ids import make_id, normalize_key
from warta.kb import regions as kbregions
from warta.kb import roles as kbroles
from warta.kb import units as kbunits
from warta.kb.lexicons import speech_pattern
from warta.model import Role
from warta.stages.entities.appositions import RUN_END, apposition_before, find_appositions, name_before_comma
from warta.stages.entities.candidates import Candidate, SpanIndex, overlaps
from warta.stages.entities.name_words import common_words, named_id, without_common_lead
from warta.stages.entities.names import (
    AGE,
    HONORIFICS,
    NOT_NAME,
    NameMatch,
    is_person_name,
    name_after_unit,
    name_at,
    rank_before,
    trailing_name_start,
    unit_like,
)
from warta.stages.entities.organizations import unit_body
from warta.stages.entities.regions import RegionContext, pick_city, region_candidate
from warta.stages.entities.titles import (
    Title,
    base_title,
    drop_acronyms,
    role_from_phrase,
    role_person_name,
    title_pattern,
    titles_in,
)
from warta.trie import alternation
from warta.types import ORG_TYPES, REGION_TYPES

CUES = speech_pattern("cue")  # data/speech.tsv, shared with the quote finder
SPEECH_VERBS = speech_pattern("verb")
_AFTER_CUE = re.compile(rf"\b(?:{CUES})\s+(?=[A-Z])")
_MENURUT = re.compile(r"\bMenurut\s+(?=[A-Z])")
_HONORIFIC = re.compile(rf"\b(?:{'|'.join(re.escape(h) for h in HONORIFICS)})\s+(?=[A-Z])")
_BEFORE_VERB = re.compile(
    rf"(?:(?<=[\s(“\"])|^)(?P<name>(?:[A-Z][\w'’-]*|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]*|[A-Z]\.)){{0,4}})"
    rf"(?:,\s+yang\s+[^,.;:“”\"\n]{{1,80}},)?\s+(?:juga\s+|pun\s+|kembali\s+)?(?:{SPEECH_VERBS})\b",
    re.MULTILINE,
)
_LIST = re.compile(r"\b(?:yakni|yaitu|antara lain|di antaranya|masing-masing)\s+(?=[A-Z])")
_SEPARATOR = re.compile(r"\s*(?:,\s*dan|,|dan|serta)\s+")


@dataclass
class Found:
    """What the person recognizer adds: person candidates, and region readings that replace earlier ones."""

    persons: list[Candidate] = field(default_factory=list)
    regions: list[Candidate] = field(default_factory=list)


def role_id(title: str, of_key: str | None) -> str:
    """The entity id of a person known only by role and jurisdiction."""
    return make_id("person", "role", normalize_key(title), of_key or "")


def find_persons(text: str, kept: list[Candidate], ctx: RegionContext, home: kbregions.Region | None) -> Found:
    """Person candidates in text order, given the organizations and regions already kept."""
    found = Found()
    consumed: list[tuple[int, int]] = []
    index = SpanIndex(kept)  # looked up for every title and name: a long text has thousands
    for app in find_appositions(text, index):
        found.persons.extend(_named(name, app.role, "pattern") for name in app.names)
        consumed.append((app.clause_start, app.names[-1].end))
    _titled(text, index, ctx, home, found, consumed)
    taken = SpanIndex([*kept, *found.persons])
    for finder in (_after_cue, _honorific, _menurut, _before_verb, _with_age):
        for match in finder(text):
            if finder in _WEAK and common_words(match.name):
                continue  # "Lion Air menyatakan", "kata Kepolisian": not a person's name
            if not overlaps(match.start, match.end, taken) and not title_pattern().match(text, match.start):
                cand = _named(match, None, "pattern")
                found.persons.append(cand)
                taken.add(cand)
    found.persons.extend(_lists(text, taken))
    found.persons = [c for c in (without_common_lead(text, p) for p in found.persons) if c is not None]
    return found


def _named(match: NameMatch, role: Role | None, source: str) -> Candidate:
    return Candidate(match.start, match.end, "person", named_id(match.name), match.name, source, 2, True, role)


# ------------------------------------------------------------------ titles and roles


@dataclass(frozen=True)
class _Of:
    """What a title is of: the organization or region that follows it, and where the phrase ends."""

    end: int
    name: str | None = None
    key: str | None = None
    region: Candidate | None = None


def _titled(
    text: str,
    kept: SpanIndex,
    ctx: RegionContext,
    home: kbregions.Region | None,
    found: Found,
    consumed: list[tuple[int, int]],
) -> None:
    known = SpanIndex(c for c in kept if c.type in ORG_TYPES | REGION_TYPES)
    for title in titles_in(text):
        if _inside(title.start, kept, ORG_TYPES) or any(a <= title.start < b for a, b in consumed):
            continue
        if _REGULATION.search(text, max(0, title.start - 30), title.start):
            continue  # "Peraturan Menteri Perhubungan Nomor …": a regulation, not a person
        of = _parse_of(text, title, kept, ctx)
        if of.region is not None:
            found.regions.append(of.region)
        _person_for_title(text, title, of, (kept, known), home, found)


_REGULATION = re.compile(r"\b(?:Peraturan|Keputusan|Instruksi|Surat\s+Edaran|Surat\s+Keputusan)\s+$", re.IGNORECASE)


def _inside(pos: int, kept: SpanIndex, types: frozenset[str]) -> bool:
    return any(c.start < pos < c.end and c.type in types for c in kept.overlapping(pos, pos + 1))


def _parse_of(text: str, title: Title, kept: SpanIndex, ctx: RegionContext) -> _Of:
    start = _skip(text, title.end, " ")
    entry = title.entry
    for cand in kept.overlapping(start, start + 1):
        if cand.type in ORG_TYPES and cand.start <= start < cand.end:
            return _Of(cand.end, cand.name, cand.key)
        if cand.start == start and cand.type in ORG_TYPES | REGION_TYPES:
            if (entry.jurisdiction_kind or entry.unit) and cand.type == "city":
                return _jurisdiction(text, start, entry, ctx) or _Of(cand.end, cand.name, cand.key)
            return _Of(cand.end, cand.name, cand.key)
    if entry.jurisdiction_kind in ("desa", "kelurahan") or entry.level == "village":
        return _village(text, start) or _Of(title.end)
    if entry.jurisdiction_kind or entry.level == "regional":
        return _jurisdiction(text, start, entry, ctx) or _Of(title.end)
    if entry.takes_org:
        return _raw_of(text, start) or _Of(title.end)
    return _Of(title.end)


_RAW_OF = re.compile(r"(?P<of>[A-Z][^,.;:“”\"]{1,90}?),\s+(?=[A-Z])")
_OF_WORD = re.compile(r"^(?:[A-Z0-9][\w'’&/-]*|\([A-Z][\w]+\)|dan|untuk|se|of|and|the|di)$")


def _raw_of(text: str, start: int) -> _Of | None:
    """An organization the knowledge base does not know, between a title and ", Name": "Ketua Himpunan
    Nelayan Seluruh Indonesia (HNSI) Kota Tegal, Warsono Daryanto"."""
    match = _RAW_OF.match(text, start)
    if match is None or not all(_OF_WORD.match(w) for w in match.group("of").split()):
        return None
    end = trailing_name_start(text, start, match.end("of"))  # "PARA Syndicate Ari Nurcahyo, …": the name
    end = len(text[:end].rstrip())
    return _Of(end, drop_acronyms(text[start:end]), None) if end > start else None


_VILLAGE = re.compile(r"(?:Desa\s+|Kelurahan\s+|Dusun\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?=\s*,)")


def _village(text: str, start: int) -> _Of | None:
    """The desa, kelurahan or dusun after Kepala Desa / Lurah / Kepala Dusun, when a comma follows it."""
    match = _VILLAGE.match(text, start)
    if match is None or match.group(1).split()[0] in NOT_NAME:
        return None
    return _Of(match.end(), match.group(1), None)


def _jurisdiction(text: str, start: int, entry: kbroles.RoleTitle, ctx: RegionContext) -> _Of | None:
    """The region after a title such as Bupati (a kabupaten), Wali Kota (a kota) or Kapolres (either)."""
    match = re.match(r"(?:Kabupaten\s+|Kota\s+|Provinsi\s+)?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})", text[start:])
    if not match:
        return None
    words = match.group(1).split()
    prefix_len = match.start(1)
    for n in range(len(words), 0, -1):
        short = " ".join(words[:n])
        region = _region_for(short, entry.jurisdiction_kind, ctx)
        if region is not None:
            end = start + prefix_len + len(short)
            cand = region_candidate(region, start, end, text, "context")
            unit = kbunits.match_unit(entry.unit) if entry.unit and entry.takes_org else None
            if unit is not None:
                body = unit_body(unit, region, start, end)
                return _Of(end, body.name, body.key, cand)
            return _Of(end, region.name, cand.key, cand)
    return None


def _region_for(short: str, kind: str | None, ctx: RegionContext) -> kbregions.Region | None:
    if kind == "provinsi":
        return kbregions.province_names().get(normalize_key(short))
    if kind == "kecamatan":
        found = kbregions.districts_named(short)
        return found[0] if len(found) == 1 else None
    return pick_city(short, kind, ctx)


def _skip(text: str, pos: int, chars: str) -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


_NAME_END = re.compile(r"(?:\s*\(\d{1,3}\))?(?:\s*[.,;:)]|\s+(?:juga\s+)?(?:me|ber)[a-z]{3,}|\s*$)")


def _person_for_title(
    text: str, title: Title, of: _Of, indexes: tuple[SpanIndex, SpanIndex], home: kbregions.Region | None, found: Found
) -> None:
    kept, known = indexes  # every kept candidate; the organizations and places among them
    role = Role(title.display, of.name, of.key)
    gap = _skip(text, of.end, " ")
    comma = text[gap : gap + 1] == ","
    name = name_at(text, _skip(text, gap, " ,"))
    entry = title.entry
    takes_phrase = entry.takes_org or entry.unit or entry.jurisdiction_kind or entry.level != "national"
    tail = _name_after_phrase(text, title, gap, known) if takes_phrase else None
    if comma and tail is not None and tail.start <= _skip(text, gap, " ,"):
        tail = None
    if tail is not None:
        name = tail
        if of.name is None or text[of.end : tail.start].strip():
            role = role_from_phrase(text, title, rank_before(text, tail.start, academic=True), kept)
    ok = name is not None and is_person_name(text, name) and (not comma or _NAME_END.match(text, name.end))
    if name is not None and ok and not overlaps(name.start, name.end, kept):
        found.persons.append(_named(name, role, "pattern"))
        return
    closed = text[of.end : of.end + 1] in (",", ".")
    before = apposition_before(text, title.start, found.persons) if closed else None
    if before is not None:
        found.persons[found.persons.index(before)] = _with_role(before, role)
        return
    named = name_before_comma(text, title.start, kept) if closed else None
    if named is not None:
        found.persons.append(_named(named, role, "pattern"))
        return
    if of.name is not None:
        found.persons.append(_role_only(title.start, of.end, role))
        return
    _bare_title(text, title, home, found)


def _name_after_phrase(text: str, title: Title, gap: int, known: SpanIndex) -> NameMatch | None:
    """The name ending the capitalized phrase after a title, read from the title itself so that unit words
    the body recognizer left out ("Bidang Perekonomian", "Puskesmas Pamulang") are not taken as a name."""
    tail = name_after_unit(text, _skip(text, title.end, " "), known)
    return tail if tail is not None and tail.start >= gap else name_after_unit(text, gap, known)


def _with_role(person: Candidate, role: Role) -> Candidate:
    return replace(person, role=role)


def _role_only(start: int, end: int, role: Role) -> Candidate:
    key = role_id(role.title, role.of_entity or role.of)
    return Candidate(start, end, "person", key, role_person_name(role), "pattern", 2, False, role)


def _bare_title(text: str, title: Title, home: kbregions.Region | None, found: Found) -> None:
    """A title alone ("lanjut Bupati"): the latest person holding it, else the home region's holder."""
    holders = [
        p
        for p in found.persons
        if p.start < title.start and p.role is not None and base_title(p.role.title) == title.entry.title
    ]
    if holders:
        person = max(holders, key=lambda p: p.start)
        found.persons.append(replace(person, start=title.start, end=title.end, source="coref", priority=1))
        return
    if home is not None and title.entry.jurisdiction_kind == home.kind:
        role = Role(title.display, home.name, make_id("region", home.code))
        cand = _role_only(title.start, title.end, role)
        found.persons.append(replace(cand, source="coref", priority=1))


# ------------------------------------------------------------------ names by their surroundings


def _names_after(pattern: re.Pattern[str], text: str, min_words: int = 1) -> Iterable[NameMatch]:
    """Names right after each match of `pattern` (a cue, "Menurut", an honorific)."""
    for m in pattern.finditer(text):
        name = name_at(text, m.end())
        if name is not None and (unit_like(name.name) or common_words(name.name) or _RUN_GOES_ON.match(text, name.end)):
            name = name_after_unit(text, name.start)  # "kata Penghubung Umum Pengurus Pusat DMI Husain Abdullah"
        if name is not None and is_person_name(text, name) and len(name.name.split()) >= min_words:
            yield name


_RUN_GOES_ON = re.compile(r" [A-Z]")  # a name cut short by a word that is no name's: "Penghubung Umum …"


def _after_cue(text: str) -> Iterable[NameMatch]:
    return _names_after(_AFTER_CUE, text)


def _menurut(text: str) -> Iterable[NameMatch]:
    return _names_after(_MENURUT, text, min_words=2)


def _honorific(text: str) -> Iterable[NameMatch]:
    return _names_after(_HONORIFIC, text)


def _before_verb(text: str) -> Iterable[NameMatch]:
    for m in _BEFORE_VERB.finditer(text):
        name = name_at(text, m.start("name"))
        if name is None or not is_person_name(text, name) or len(name.name.split()) < 2:
            continue
        if name.end == m.end("name"):
            yield name


def _with_age(text: str) -> Iterable[NameMatch]:
    """A name followed by an age in parentheses: "Sulastri (52)"."""
    for m in AGE.finditer(text):
        run = RUN_END.search(text, max(0, m.start() - 60), m.start())
        if run is None:
            continue
        for start in (w.start() for w in re.finditer(r"[A-Z]", run.group(0))):
            name = name_at(text, run.start() + start)
            if name is not None and name.end == m.start() and is_person_name(text, name):
                yield name
                break


def _lists(text: str, taken: SpanIndex) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _LIST.finditer(text):
        role = _list_role(text, m.start(), taken)
        pos = m.end()
        while True:
            name = name_at(text, pos)
            if name is None or not is_person_name(text, name) or overlaps(name.start, name.end, taken):
                break
            out.append(_named(name, role, "pattern"))
            sep = _SEPARATOR.match(text, name.end)
            if not sep:
                break
            pos = sep.end()
    return out


def _list_role(text: str, keyword: int, taken: SpanIndex) -> Role | None:
    """The role a list of names shares: a title (any case) before the list, with the body after it."""
    window_start = max(0, keyword - 120)
    best: tuple[int, kbroles.RoleTitle] | None = None
    for match in _any_case_title_pattern().finditer(text, window_start, keyword):
        title = kbroles.match_title(match.group(0)) or kbroles.match_title(match.group(0).title())
        if title is not None and (best is None or match.start() >= best[0]):
            best = (match.start(), title)
    if best is None:
        return None
    near = taken.overlapping(best[0] + 1, keyword)
    org = next((c for c in near if c.type in ORG_TYPES and best[0] < c.start < keyword), None)
    return Role(best[1].title, org.name if org else None, org.key if org else None)


@cache
def _any_case_title_pattern() -> re.Pattern[str]:
    forms = {f for t in kbroles.titles() for f in (t.title, *t.forms) if len(f) > 3}
    return re.compile(rf"\b(?:{alternation(forms, ignorecase=True)})\b", re.IGNORECASE)


# Finders that read a name from a cue alone: a common word there is an organization or a thing speaking.
_WEAK = (_after_cue, _menurut, _before_verb)
