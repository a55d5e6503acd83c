"""Curation decisions replayed on an article (rule 2 of `warta.identity`): merges and deletes (redirects),
splits (moved mentions), renames, retypes and aliases (overrides); and `rename_ids`, which gives an article's
entities new ids wherever they occur (mentions, roles, quotes, edges), for rule 1 too."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from warta.model import Article, Edge, Entity, Mention, Quote, Role

Mapper = Callable[[str | None], str | None]


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
