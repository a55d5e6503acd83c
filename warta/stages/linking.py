"""Linking inside one article: a role-only person becomes the named person who holds that role in the
same article, and regions the text implies but does not name (the province of a kabupaten) are added as
inferred entities. Cross-article identity rests on the deterministic ids."""

from __future__ import annotations

from dataclasses import replace

from warta.kb import regions as kbregions
from warta.model import Article, Entity, Role
from warta.pipeline import BaseStage, register
from warta.stages.entities.regions import region_id


@register("linking", requires=("mentions", "entities", "roles", "quotes"), provides=("linked",))
class Linking(BaseStage):
    """Merges role-only persons into named holders and adds inferred regions; provides `linked`."""

    def __call__(self, article: Article) -> Article:
        article = _merge_role_holders(article)
        return replace(article, entities=article.entities + _inferred_regions(article.entities))


def _merge_role_holders(article: Article) -> Article:
    holders: dict[tuple[str, str | None], str] = {}
    for entity in article.entities:
        if entity.type == "person" and entity.named:
            for role in entity.roles:
                holders.setdefault(_role_key(role), entity.id)
    remap = {
        e.id: holders[_role_key(e.roles[0])]
        for e in article.entities
        if e.type == "person" and not e.named and e.roles and _role_key(e.roles[0]) in holders
    }
    if not remap:
        return article
    return replace(
        article,
        mentions=tuple(replace(m, entity=remap.get(m.entity, m.entity)) for m in article.mentions),
        quotes=tuple(
            replace(q, speaker=remap.get(q.speaker, q.speaker) if q.speaker else None) for q in article.quotes
        ),
        entities=tuple(_absorb(e, article.entities, remap) for e in article.entities if e.id not in remap),
    )


def _role_key(role: Role) -> tuple[str, str | None]:
    return (role.title, role.of_entity)


def _absorb(entity: Entity, entities: tuple[Entity, ...], remap: dict[str, str]) -> Entity:
    absorbed = [e for e in entities if remap.get(e.id) == entity.id]
    if not absorbed:
        return entity
    aliases = sorted({*entity.aliases, *(e.name for e in absorbed)})
    return replace(entity, aliases=tuple(aliases))


def _inferred_regions(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    present = {e.id for e in entities}
    added: dict[str, Entity] = {}
    for entity in entities:
        code = entity.kb.get("region_code")
        if not code:
            continue
        chain = kbregions.ancestors(code)
        if entity.type == "government_body":
            own = kbregions.get(code)
            chain = ([own] if own else []) + chain
        for region in chain:
            rid = region_id(region.code)
            if rid not in present and rid not in added:
                added[rid] = Entity(
                    rid,
                    region.name,
                    region.type,
                    inferred=True,
                    kb={"region_code": region.code, "region_kind": region.kind, "inferred_from": entity.id},
                )
    return tuple(added.values())
