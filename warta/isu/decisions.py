"""Curators' decisions on isus, as they change the link relation between two articles (pure logic; the store keeps
them in SQL, `warta.store.isu_curation`).

A decision is about articles, never about isu ids (which change as articles arrive), and has a sequence number
(its curation log number): a **forced link** joins two articles (merging their isus), a **fence** is the set of
articles a split took out of their isu (no article inside it is linked to one outside it). For one pair of
articles the latest decision touching the pair holds: a forced link between them, or a fence with one of them
inside and the other outside; without either, the rule of `warta.isu.link` decides. So a later merge can join
what an earlier split parted, and a later split parts what an earlier merge joined.

The relation stays a function of the pair (and of the decisions), so the isus, its connected components, still
do not depend on the order the articles arrive in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Decisions:
    """The decisions in force, for the articles they are loaded for (a store loads those of the articles it
    compares; both articles of a pair must be covered)."""

    links: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # article → {other: latest forced link}
    fences: Mapping[str, frozenset[int]] = field(default_factory=dict)  # article → the splits that fenced it

    def __bool__(self) -> bool:
        return bool(self.links or self.fences)

    def peers(self, article: str) -> list[str]:
        """The articles a forced link joins to `article` (whether a later split cut it or not), sorted."""
        return sorted(self.links.get(article, {}))

    def allows(self, a: str, b: str, by_rule: bool) -> bool:
        """Whether two articles are linked, given whether the rule links them (`warta.isu.linked`)."""
        crossing = self.fences.get(a, frozenset()) ^ self.fences.get(b, frozenset())
        cut = max(crossing, default=0)
        forced = self.links.get(a, {}).get(b, 0)
        if not cut and not forced:
            return by_rule
        return forced > cut


NONE = Decisions()
