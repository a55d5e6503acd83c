"""Edges of the article's graph: co-mentions per sentence, who said which quote, who holds which role,
and which region or body is part of which."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import replace

from warta.model import Article, Edge
from warta.pipeline import BaseStage, register
from warta.stages.entities.regions import region_id


@register("graph", requires=("linked",), provides=("edges",))
class Graph(BaseStage):
    """Builds the article's edges; provides `edges`."""

    def __call__(self, article: Article) -> Article:
        edges = [*_co_mentions(article), *_said(article), *_has_role(article), *_part_of(article)]
        return replace(article, edges=tuple(edges))


# A sentence naming more entities than this is a list (of attendees, of villages) rather than a relation: only
# the first ones it names are paired, so that edges grow with the text and not with the square of a list.
MAX_CO_MENTIONED = 20


def _co_mentions(article: Article) -> list[Edge]:
    pairs: Counter[tuple[str, str]] = Counter()
    mentions = sorted(article.mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    for sent in article.sentences:
        found = mentions[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
        inside = sorted(list(dict.fromkeys(m.entity for m in found))[:MAX_CO_MENTIONED])
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                pairs[(a, b)] += 1
    return [Edge(a, b, "co_mentioned", n) for (a, b), n in sorted(pairs.items())]


def _said(article: Article) -> list[Edge]:
    return [Edge(q.speaker, q.id, "said") for q in article.quotes if q.speaker]


def _has_role(article: Article) -> list[Edge]:
    edges = {
        Edge(e.id, r.of_entity, "has_role")
        for e in article.entities
        for r in e.roles
        if r.of_entity and article.entity(r.of_entity) is not None
    }
    return sorted(edges, key=lambda e: (e.source, e.target))


def _part_of(article: Article) -> list[Edge]:
    present = {e.id for e in article.entities}
    edges: set[Edge] = set()
    for entity in article.entities:
        code = entity.kb.get("region_code")
        if not code:
            continue
        parent = code if entity.type == "government_body" else code.rpartition(".")[0]
        if parent and region_id(parent) in present:
            edges.add(Edge(entity.id, region_id(parent), "part_of"))
    return sorted(edges, key=lambda e: (e.source, e.target))
