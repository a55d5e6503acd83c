"""The "same story" relation between two articles: a pure function of the two articles' features.

Two articles are linked when they are near-duplicates (one syndicated story), or when
  - they appeared within `window_days` of each other and their stem vectors' cosine reaches `strong` (the same
    words: one story retold), or reaches `with_place` and they name a specific place in common (the same event
    in one place), or reaches `with_actors` and they name `actors` persons or bodies in common; or
  - they appeared within `far_days` of each other, name a specific place in common, and their cosine reaches
    `far_place` plus `far_per_day` for each day between them (a story that develops over weeks: the court case
    after the protest, the rebuilding after the fire).
Sharing entities alone never links: every article of a regency shares its Bupati and its regency. Because the
relation looks at the pair only (symmetric, and nothing learnt from other articles), its connected components
do not depend on the order the articles arrive in.
"""

from __future__ import annotations

from dataclasses import dataclass

from warta.isu.features import Features


@dataclass(frozen=True)
class Rule:
    """Thresholds of the link rule (tuned on the dev part of eval/isu only; docs/isu.md)."""

    window_days: int = 4
    strong: float = 0.5
    with_place: float = 0.25
    with_actors: float = 0.3
    actors: int = 2
    far_days: int = 60
    far_place: float = 0.35
    far_per_day: float = 0.002

    @property
    def floor(self) -> float:
        """The lowest cosine any link other than a near-duplicate needs."""
        return min(self.strong, self.with_place, self.with_actors, self.far_place)

    @property
    def far_floor(self) -> float:
        """The lowest cosine a link beyond the near window needs (the far rule at its nearest or farthest day)."""
        return min(self.far_place + self.far_per_day * days for days in (self.window_days + 1, self.far_days))


DEFAULT_RULE = Rule()


def cosine(a: Features, b: Features) -> float:
    """The cosine of two unit stem vectors."""
    small, large = (a.vector, b.vector) if len(a.vector) <= len(b.vector) else (b.vector, a.vector)
    return sum(w * large.get(s, 0.0) for s, w in small.items())


def gap(a: Features, b: Features) -> int:
    """Days between two articles' publication; 0 when either date is unknown (an undated article is near all)."""
    if a.day is None or b.day is None:
        return 0
    return abs(a.day - b.day)


def linked(a: Features, b: Features, rule: Rule = DEFAULT_RULE, similarity: float | None = None) -> bool:
    """Whether two articles tell the same story (`similarity`: their cosine, when already computed)."""
    if a.neardup is not None and a.neardup == b.neardup:
        return True
    days = gap(a, b)
    if days > max(rule.window_days, rule.far_days):
        return False
    sim = round(cosine(a, b) if similarity is None else similarity, 9)  # same figure whichever came first
    place = bool(a.places & b.places)
    if days <= rule.window_days and (
        sim >= rule.strong
        or (place and sim >= rule.with_place)
        or (sim >= rule.with_actors and len(a.actors & b.actors) >= rule.actors)
    ):
        return True
    return place and days <= rule.far_days and sim >= rule.far_place + rule.far_per_day * days
