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
   renames, retypes and added aliases override the entity's fields.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache

from warta.ids import make_id, normalize_key
from warta.kb import regions as kbregions
from warta.kb.roles import title_entry
from warta.model import EMPTY, Article, Edge, Entity, Mention, Quote, Role

PERSON = "person"
Mapper = Callable[[str | None], str | None]


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


# ------------------------------------------------------------------ curation rules


@dataclass(frozen=True)
class Override:
    """Fields a curator set on an entity."""

    name: str | None = None
    type: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    """Every curation decision in force, as the store keeps them."""

    redirects: Mapping[str, str | None] = field(default_factory=dict)  # merged (to id) or deleted (None)
    moves: Mapping[tuple[int, int, str], str] = field(default_factory=dict)  # this article's split mentions
    overrides: Mapping[str, Override] = field(default_factory=dict)

    def target(self, entity_id: str) -> str | None:
        """Where an id ends after following merges (None: deleted); ids that redirect in a cycle all end at
        the cycle's smallest id."""
        path = [entity_id]
        while path[-1] in self.redirects:
            nxt = self.redirects[path[-1]]
            if nxt is None:
                return None
            if nxt in path:
                return min(path[path.index(nxt) :])
            path.append(nxt)
        return path[-1]


def apply_rules(article: Article, rules: Rules) -> Article:
    """The article with merges and deletes, then splits (keyed by the merged ids), then merges of split-off
    entities, then overrides applied. Applying it twice changes nothing."""
    article = _follow(article, rules)
    article = _split(article, rules.moves)
    article = _follow(article, rules)
    return _override(article, rules.overrides)


def _follow(article: Article, rules: Rules) -> Article:
    mapping = {e.id: rules.target(e.id) for e in article.entities}
    return _redirect(article, mapping) if any(new != old for old, new in mapping.items()) else article


def rename_ids(article: Article, mapping: Mapping[str, str]) -> Article:
    """The article with entity ids replaced (entities mapped to one id are combined)."""
    full: dict[str, str | None] = {e.id: mapping.get(e.id, e.id) for e in article.entities}
    return _redirect(article, full) if any(k != v for k, v in full.items()) else article


def _split(article: Article, moves: Mapping[tuple[int, int, str], str]) -> Article:
    if not moves:
        return article
    entities = {e.id: e for e in article.entities}
    new_entities: dict[str, Entity] = {}
    mentions = []
    for m in article.mentions:
        target = moves.get((m.start, m.end, m.entity))
        if target is None:
            mentions.append(m)
            continue
        source = entities.get(m.entity)
        if source is not None and target not in entities and target not in new_entities:
            new_entities[target] = Entity(target, m.text, source.type, source.named, roles=source.roles, kb={})
        mentions.append(replace(m, entity=target))
    if not new_entities and all(a is b for a, b in zip(mentions, article.mentions, strict=True)):
        return article
    split = replace(article, mentions=tuple(mentions), entities=article.entities + tuple(new_entities.values()))
    return _hand_over(split, article, moves)


def _hand_over(split: Article, before: Article, moves: Mapping[tuple[int, int, str], str]) -> Article:
    """A source entity left with no mention in the article hands its quotes, roles and edges to the entity
    its mentions moved to."""
    remaining = {m.entity for m in split.mentions}
    targets: dict[str, str | None] = {}
    for m in before.mentions:
        target = moves.get((m.start, m.end, m.entity))
        if target is not None and m.entity not in remaining:
            targets[m.entity] = target
    return _redirect(split, targets) if targets else split


def _redirect(article: Article, mapping: Mapping[str, str | None]) -> Article:
    def new(entity_id: str | None) -> str | None:
        return mapping.get(entity_id, entity_id) if entity_id is not None else None

    mentions = tuple(replace(m, entity=t, role=_role(m.role, new)) for m in article.mentions if (t := new(m.entity)))
    quotes = tuple(_quote(q, new(q.speaker)) for q in article.quotes)
    return replace(
        article,
        mentions=mentions,
        quotes=quotes,
        entities=_combine(article.entities, new),
        edges=_edges(article.edges, new),
    )


def _role(role: Role | None, new: Mapper) -> Role | None:
    if role is None or role.of_entity is None:
        return role
    target = new(role.of_entity)
    return replace(role, of_entity=target) if isinstance(target, str) else replace(role, of_entity=None)


def _quote(quote: Quote, speaker: str | None) -> Quote:
    return quote if quote.speaker == speaker else replace(quote, speaker=speaker)


def _combine(entities: tuple[Entity, ...], new: Mapper) -> tuple[Entity, ...]:
    out: dict[str, Entity] = {}
    for entity in entities:
        target = new(entity.id)
        if not isinstance(target, str):
            continue
        roles = tuple(_role(r, new) or r for r in entity.roles)
        moved = replace(entity, id=target, roles=roles)
        if target in out:
            kept = out[target]
            aliases = {*kept.aliases, *moved.aliases, moved.name} - {kept.name}
            merged_roles = tuple(dict.fromkeys(kept.roles + moved.roles))
            moved = replace(
                kept,
                aliases=tuple(sorted(aliases)),
                roles=merged_roles,
                named=kept.named or moved.named,
                inferred=kept.inferred and moved.inferred,
                kb={**moved.kb, **kept.kb},
            )
        out[target] = moved
    return tuple(out.values())


def _edges(edges: tuple[Edge, ...], new: Mapper) -> tuple[Edge, ...]:
    combined: dict[tuple[str, str, str], int] = {}
    for edge in edges:
        source = new(edge.source)
        target = new(edge.target)
        if not isinstance(source, str) or not isinstance(target, str) or source == target:
            continue
        if edge.type == "co_mentioned" and target < source:
            source, target = target, source
        key = (source, target, edge.type)
        combined[key] = combined.get(key, 0) + edge.weight
    return tuple(Edge(s, t, kind, w) for (s, t, kind), w in combined.items())


def _override(article: Article, overrides: Mapping[str, Override]) -> Article:
    if not any(e.id in overrides for e in article.entities):
        return article
    entities = tuple(_overridden(e, overrides.get(e.id)) for e in article.entities)
    types = {e.id: e.type for e in entities}
    mentions = tuple(
        m if m.type == types.get(m.entity, m.type) else replace(m, type=types[m.entity]) for m in article.mentions
    )
    return replace(article, entities=entities, mentions=mentions)


def _overridden(entity: Entity, override: Override | None) -> Entity:
    if override is None:
        return entity
    name = override.name or entity.name
    aliases = {*entity.aliases, *override.aliases}
    if name != entity.name:
        aliases.add(entity.name)
    aliases.discard(name)
    return replace(entity, name=name, type=override.type or entity.type, aliases=tuple(sorted(aliases)))


def mention_key(m: Mention) -> tuple[int, int, str]:
    """How a split names a mention inside its article."""
    return (m.start, m.end, m.entity)
