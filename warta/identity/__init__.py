"""Identity across articles: which stored entity each of an article's entities is.

The pipeline gives every entity a deterministic id from what one article says (a ministry's knowledge-base
key, a region's code, a person's normalized name). Two rules turn those into canonical ids when an article is
stored, both pure functions of the article and of what the store already knows:

1. **Persons with the same name.** A named person becomes the stored person of that name whose context is
   compatible: they share a role (same title and body, or same body), or neither their roles nor their
   provinces conflict. Roles conflict when both sides have roles and none is shared; provinces conflict when
   both sides have provinces and none is shared. With no compatible stored person, the person gets a new id:
   the plain name id if it is free, else one derived from the conflicting context (its first body or
   province), so that two "Andi Wijaya" of different offices and provinces stay two nodes.

   A regional title (Bupati, Gubernur, Kapolres, Sekda: `RoleTitle.seat_level`) names its jurisdiction, the
   region it sits in: the region after it, or the region of the body after it ("Kajari of Kejaksaan Negeri
   Lamongan" and "Kajari of Kabupaten Lamongan" are one role). When the text names none, the article's own
   region fills it before roles are compared (`fill_jurisdictions`): its kabupaten/kota, or that region's
   province for a province title, so "Bupati Ratna" in a Lamongan article is the Bupati of Kabupaten Lamongan
   and not the Bupati of Kabupaten Kediri. A regional title that stays with nothing after it (no article
   region, or one of another kind: a Bupati in a Kota Kediri article) is unknown, not different: it does not
   conflict with the same title elsewhere, unless the person's roles place that title somewhere already.
2. **Curation decisions** (merge, split, delete, rename, retype, alias), replayed on every save, so that they
   hold when articles are processed again: a split moves listed mentions to a new entity; a merge redirects
   one id to another; a delete drops the entity, its mentions and edges, and leaves its quotes unattributed;
   renames, retypes and added aliases override the entity's fields (`warta.identity.rules`, which also renames
   ids inside an article for rule 1).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache

from warta.ids import make_id, normalize_key
from warta.kb import regions as kbregions
from warta.kb.roles import title_entry
from warta.model import EMPTY, Article, Role

PERSON = "person"


@dataclass(frozen=True)
class Context:
    """What tells two people of the same name apart: their roles and the provinces of their articles."""

    roles: frozenset[tuple[str, str]] = frozenset()  # (title, body key or name; a regional title's region)
    bodies: frozenset[str] = frozenset()
    provinces: frozenset[str] = frozenset()
    open: frozenset[str] = frozenset()  # regional titles with nothing after them, placed nowhere

    @property
    def titles(self) -> frozenset[str]:
        """The titles of the roles."""
        return frozenset(title for title, _ in self.roles)

    def merged(self, other: Context) -> Context:
        """Both contexts' evidence together."""
        placed = (self.titles - self.open) | (other.titles - other.open)
        return Context(
            self.roles | other.roles,
            self.bodies | other.bodies,
            self.provinces | other.provinces,
            (self.open | other.open) - placed,
        )


def role_key(role: Role, codes: Mapping[str, str] = EMPTY) -> tuple[str, str]:
    """A role as compared across articles: its title and its body (id if known, else name); for a regional
    title, the region it sits in when known (`codes`: the region code of bodies, see `region_codes`)."""
    seat = jurisdiction(role, codes)
    return (normalize_key(role.title), seat or role.of_entity or normalize_key(role.of or ""))


def context(roles: Iterable[Role], provinces: Iterable[str], codes: Mapping[str, str] = EMPTY) -> Context:
    """The context of a person from its roles, its article's province codes and the region codes of the
    bodies its roles name."""
    roles = tuple(roles)
    keys = frozenset(role_key(r, codes) for r in roles)
    placed = {normalize_key(r.title) for r in roles if r.of or r.of_entity}
    unplaced = {normalize_key(r.title) for r in roles if regional(r.title) and not (r.of or r.of_entity)}
    bodies = frozenset(r.of_entity or normalize_key(r.of or "") for r in roles) - {""}
    return Context(keys, bodies, frozenset(provinces), frozenset(unplaced - placed))


def compatible(a: Context, b: Context) -> bool:
    """Whether two mentions of one name can be one person (see module docstring)."""
    if a.roles & b.roles or a.bodies & b.bodies:
        return True
    unknown = a.open & b.titles or b.open & a.titles  # a regional title with nothing after it on one side
    roles_conflict = bool(a.roles and b.roles) and not unknown
    provinces_conflict = bool(a.provinces and b.provinces and not a.provinces & b.provinces)
    return not roles_conflict and not provinces_conflict


def _score(a: Context, b: Context) -> tuple[int, int, int]:
    return (len(a.roles & b.roles) + len(a.bodies & b.bodies), len(a.provinces & b.provinces), 0)


def choose(own_id: str, name: str, ctx: Context, candidates: Mapping[str, Context]) -> str:
    """The canonical id of a named person: the best compatible stored person of that name, else a new id."""
    fitting = [cid for cid, cctx in candidates.items() if compatible(ctx, cctx)]
    if fitting:
        return min(fitting, key=lambda cid: (tuple(-s for s in _score(ctx, candidates[cid])), cid != own_id, cid))
    if own_id not in candidates:
        return own_id
    marker = min(ctx.bodies, default="") or min(ctx.provinces, default="") or "+"
    return make_id(PERSON, normalize_key(name), marker)


def provinces_of(article: Article) -> frozenset[str]:
    """The province codes of the regions an article mentions or implies."""
    codes = (str(e.kb.get("region_code", "")) for e in article.entities)
    return frozenset(code[:2] for code in codes if code[:2].isdigit())


# ------------------------------------------------------------------ jurisdictions of regional titles

_REGION = "region"


def region_codes(article: Article) -> dict[str, str]:
    """The Kemendagri code of each of an article's entities that has one: regions and regional bodies."""
    return {e.id: str(e.kb["region_code"]) for e in article.entities if e.kb.get("region_code")}


def _region_id(code: str) -> str:
    """A region's entity id, as the entities stage gives it."""
    return make_id(_REGION, code)


@cache
def _seat_level(title: str) -> str | None:
    entry = title_entry(title)
    return entry.seat_level if entry is not None else None


def regional(title: str) -> bool:
    """Whether a role's title sits in a region that should be named (Bupati, Gubernur, Kapolres, Sekda)."""
    return _seat_level(title) is not None


def jurisdiction(role: Role, codes: Mapping[str, str] = EMPTY) -> str | None:
    """The id of the region a regional role sits in: the region it names, or the region of the body it
    names (`codes`); None for a role of another title, or one that names neither."""
    if not regional(role.title) or role.of_entity is None:
        return None
    if role.of_entity.startswith(_REGION + "-"):
        return role.of_entity
    code = codes.get(role.of_entity)
    return _region_id(code) if code else None


def home_region(article: Article) -> kbregions.Region | None:
    """The kabupaten or kota an article is about, as the entities stage picks it: the city it mentions most
    (the first of equals), else the one its dateline names ("Lamongan", "Kota Batu"; a name two regions
    share counts when the article has one of them among its entities)."""
    codes = region_codes(article)
    cities = Counter(codes[m.entity] for m in article.mentions if m.type == "city" and m.entity in codes)
    if cities:
        return kbregions.get(cities.most_common(1)[0][0])
    return _dateline_city(article.dateline, set(codes.values()))


def _dateline_city(dateline: str | None, known: set[str]) -> kbregions.Region | None:
    if not dateline:
        return None
    kind = "kota" if dateline.lower().startswith("kota ") else None
    options = kbregions.find_city(dateline.removeprefix("Kota ").removeprefix("Kabupaten "), kind)
    if len(options) > 1:
        options = [r for r in options if r.code in known]
    return options[0] if len(options) == 1 else None


_KINDS = {"regency": "kabupaten", "city": "kota"}


def _seat(title: str, home: kbregions.Region) -> kbregions.Region | None:
    """The region a regional title with no jurisdiction sits in, in an article about `home`."""
    level = _seat_level(title)
    if level == "province":
        return kbregions.get(home.code.split(".")[0])
    if level == "regional" or (level is not None and _KINDS.get(level) == home.kind):
        return home
    return None


_WORDS = re.compile(r"[\w'-]+")


def _names_a_region(text: str) -> bool:
    """Whether `text` (a role's "of" that is no known entity: "Polres Jember", "Mojokerto") names a
    kabupaten/kota or a province; region names that are ordinary words ("Batu") do not count."""
    words = _WORDS.findall(text)
    grams = {normalize_key(" ".join(words[i : i + n])) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
    named = grams & (kbregions.cities_by_short().keys() | kbregions.province_names().keys())
    return bool(named - kbregions.ambiguous_short_names())


def fill_jurisdictions(article: Article) -> Article:
    """The article with the regional roles of its named persons that name no jurisdiction ("Bupati" alone,
    or followed by something that is not a region: "Kapolres" of "Polres") given the article's own: its
    kabupaten/kota, or that region's province for a province title. A region named only in words ("Polres
    Jember", no entity) is left as it is. Unchanged when the article has no region; applying it twice
    changes nothing."""
    home = home_region(article)
    if home is None:
        return article
    codes = region_codes(article)

    def fill(role: Role) -> Role:
        seat = None if jurisdiction(role, codes) else _seat(role.title, home)
        if seat is None or (role.of and _names_a_region(role.of)):
            return role
        return Role(role.title, seat.name, _region_id(seat.code))

    persons = {e.id for e in article.entities if e.type == PERSON and e.named and not e.inferred}
    entities = tuple(
        replace(e, roles=tuple(dict.fromkeys(fill(r) for r in e.roles))) if e.id in persons else e
        for e in article.entities
    )
    mentions = tuple(
        replace(m, role=fill(m.role)) if m.role is not None and m.entity in persons else m for m in article.mentions
    )
    if entities == article.entities and mentions == article.mentions:
        return article
    return replace(article, entities=entities, mentions=mentions)
