"""The isu candidate search: which filed articles a new article's features could link to (`warta.store.isu`),
found through the term index (`isu_terms`) with sums of stem weights, so that only those articles' features
are loaded and `warta.isu.linked` decides.

The near window (the rule's `window_days`, and undated articles): every article sharing a stem, whose summed
products of stem weights (their cosine) reach the rule's floor. Most postings there are of a new article's few
common stems ("kata", "jalan"), whose products are small. A stem vector is a unit vector
(`warta.isu.text.weights`), so what a set of the new article's stems can add to any cosine is at most their
weights' norm (Cauchy–Schwarz). Take the commonest stems whose norm stays at most `LIGHT` of the floor: an
article sharing none of the other stems cannot reach the floor, so the search reads the postings of the other
stems only, keeps the articles whose sum could still reach the floor with the light stems' most, and adds the
light stems' products for those few by key.

The far window (up to `far_days`, beyond the near one): the articles naming one of the new article's specific
places whose cosine reaches the far rule's lowest threshold (`Rule.far_floor`). The same bound, with the far
floor, leaves the far window's postings of the rarer stems to read: those of the place's articles are summed,
the light stems' products added for the articles that could still reach the far floor.

The candidates and their cosines are those of a full scan whichever stems are called common: commonness only
decides how much is skipped. It is counted over the articles this process has filed, halved every `HALF_LIFE`
of them so that it follows the news and stays as small as the vocabulary in use. A process that has filed
nothing skips nothing.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from warta.isu import Features, Rule

if TYPE_CHECKING:
    from warta.store.connection import Connection

LIGHT = 0.8  # the light stems' norm stays at most this share of the rule's floor (0.2 of 0.25)
HALF_LIFE = 10_000  # filed articles after which every count is halved
SLACK = 1e-6  # the SQL sums may differ from Python's in the last digits: keep candidates just below the floor


class Commonness:
    """How many recently filed articles hold each stem (thread-safe: a server files from several threads)."""

    def __init__(self, half_life: int = HALF_LIFE) -> None:
        self._counts: Counter[str] = Counter()
        self._added = 0
        self._half_life = half_life
        self._lock = threading.Lock()

    def add(self, stems: Iterable[str]) -> None:
        """Count one filed article's stems."""
        with self._lock:
            self._counts.update(stems)
            self._added += 1
            if self._added >= self._half_life:
                self._counts = Counter({s: n // 2 for s, n in self._counts.items() if n > 1})
                self._added = 0

    def light(self, stems: Iterable[tuple[str, float]], bound: float) -> tuple[frozenset[str], float]:
        """The commonest of these (stem, weight) pairs whose weights' norm stays at most `bound`, and that norm
        (stems no filed article held are never light)."""
        with self._lock:
            ranked = sorted(((self._counts[s], s, w) for s, w in stems if self._counts[s]), reverse=True)
        squares = 0.0
        light: set[str] = set()
        for _, stem, weight in ranked:
            if squares + weight * weight > bound * bound:
                break
            squares += weight * weight
            light.add(stem)
        return frozenset(light), math.sqrt(squares)


COMMON = Commonness()  # this process's counts, shared by every store it opens


def similar(conn: Connection, item: Features, rule: Rule) -> dict[str, float]:
    """The articles whose summed shared stem weights with `item` reach the rule's floor: those within the near
    window (or undated) sharing a stem, each with that sum (their cosine), and those further away within the far
    window naming one of its specific places, whose sum reaches the far floor, each with 0.0. Undated, `item` is
    compared with every day and with no far article."""
    if not item.stems:
        return {}
    places = sorted(item.places) if item.day is not None else []
    light, spared = COMMON.light(item.stems, LIGHT * rule.floor)
    far_light, far_spared = COMMON.light(item.stems, LIGHT * rule.far_floor) if places else (frozenset(), 0.0)
    term = (
        "SELECT CAST(? AS TEXT) AS term, CAST(? AS DOUBLE PRECISION) AS weight, CAST(? AS INTEGER) AS light, "
        "CAST(? AS INTEGER) AS far_light"
    )
    params: list[Any] = [
        v for stem, weight in item.stems for v in (f"s:{stem}", weight, int(stem in light), int(stem in far_light))
    ]
    near_cte, near_params = _near(item, rule, spared)
    ctes, parts = [f"q AS ({' UNION ALL '.join([term] * len(item.stems))})", near_cte], [_lifted("near", "light")]
    params += near_params
    if places and item.day is not None:
        far_ctes, far_params = _far(item.day, rule, places, far_spared)
        ctes += far_ctes
        parts.append(_lifted("far", "far_light"))
        params += far_params
    found: dict[str, float] = {}
    for article, total, near in conn.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(parts)}", params):
        if total >= (rule.floor if near else rule.far_floor) - SLACK:  # the two windows share no article
            found[str(article)] = float(total) if near else 0.0
    return found


def _near(item: Features, rule: Rule, spared: float) -> tuple[str, list[Any]]:
    """The `near` table: the near window's articles sharing one of the stems that are not light, with the sum of
    those stems' products, where it could reach the floor with the light ones' most (`spared`)."""
    stems = "SELECT t.article_id, t.weight * q.weight AS w FROM q JOIN isu_terms t ON t.term = q.term "
    stems += "WHERE q.light = 0 AND "
    params: list[Any] = []
    if item.day is None:  # undated: every day is near
        ranges = [stems + "1 = 1"]
    else:  # each range on its own, so that each is a range of the (term, day) index
        ranges = [stems + "t.day BETWEEN ? AND ?", stems + "t.day IS NULL"]
        params += [item.day - rule.window_days, item.day + rule.window_days]
    params.append(rule.floor - spared - SLACK)
    sql = (
        f"near AS (SELECT article_id, SUM(w) AS w FROM ({' UNION ALL '.join(ranges)}) heavy GROUP BY article_id "
        "HAVING SUM(w) >= CAST(? AS DOUBLE PRECISION))"
    )
    return sql, params


def _far(day: int, rule: Rule, places: Sequence[str], spared: float) -> tuple[list[str], list[Any]]:
    """The `placed` table (the articles of the far window of the day `day` naming one of the places) and the
    `far` table: those of them sharing a stem that is not light for the far floor, with the sum of those stems'
    products, where it could reach the far floor with the light ones' most (`spared`). Those stems' postings over
    the far window are read from the (term, day) index: fewer rows than every term of every placed article."""
    far = max(rule.window_days, rule.far_days)
    days = [(day - far, day - rule.window_days - 1), (day + rule.window_days + 1, day + far)]
    placed = f"SELECT article_id FROM isu_terms WHERE term IN ({_marks(places)}) AND day BETWEEN ? AND ?"
    heavy = (
        "SELECT t.article_id, t.weight * q.weight AS w FROM q JOIN isu_terms t ON t.term = q.term "
        "WHERE q.far_light = 0 AND t.day BETWEEN ? AND ? AND t.article_id IN (SELECT article_id FROM placed)"
    )
    ctes = [
        f"placed AS MATERIALIZED ({placed} UNION {placed})",
        f"far AS (SELECT article_id, SUM(w) AS w FROM ({heavy} UNION ALL {heavy}) heavy_far GROUP BY article_id "
        "HAVING SUM(w) >= CAST(? AS DOUBLE PRECISION))",
    ]
    keys = [f"p:{place}" for place in places]
    return ctes, [*keys, *days[0], *keys, *days[1], *days[0], *days[1], rule.far_floor - spared - SLACK]


def _lifted(table: str, flag: str) -> str:
    """The rows of `table` (`near` or `far`) with the products of the stems `flag` calls light added by key, and
    whether they are near."""
    return (
        f"SELECT c.article_id, c.w + ifnull((SELECT SUM(t.weight * q.weight) FROM q JOIN isu_terms t "
        f"ON t.article_id = c.article_id AND t.term = q.term WHERE q.{flag} = 1), 0), "
        f"{int(table == 'near')} FROM {table} c"
    )


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))
