"""Roles: the titles and bodies the text gives each person, gathered from their mentions."""

from __future__ import annotations

from dataclasses import replace

from warta.model import Article, Entity, Role
from warta.pipeline import BaseStage, register


@register("roles", requires=("mentions", "entities"), provides=("roles",))
class Roles(BaseStage):
    """Collects each person's roles from the mentions that carry one; provides `roles`."""

    def __call__(self, article: Article) -> Article:
        found: dict[str, list[Role]] = {}
        for mention in article.mentions:
            if mention.role is not None and mention.type == "person":
                found.setdefault(mention.entity, []).append(mention.role)
        entities = tuple(_with_roles(e, found.get(e.id, [])) for e in article.entities)
        return replace(article, entities=entities)


def _with_roles(entity: Entity, roles: list[Role]) -> Entity:
    merged = list(dict.fromkeys([*entity.roles, *roles]))
    # A role with no body is dropped when the same title is known with one.
    specific = {r.title for r in merged if r.of is not None}
    kept = tuple(r for r in merged if r.of is not None or r.title not in specific)
    return replace(entity, roles=kept) if kept != entity.roles else entity
