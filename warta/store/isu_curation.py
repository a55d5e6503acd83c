"""Curators' decisions on isus (`warta isu merge|split|rename`, `POST /api/v1/isu/{id}/curation`; docs/isu.md
"Curation").

A decision is logged in `curation_log` (action `isu-merge`, `isu-split` or `isu-rename`, the isu id decided on as
its `entity`) and kept as rules on articles (migration 0011), since isu ids change as articles arrive:

- merge isu X into Y: a forced link between X's first article and Y's (`isu_links`);
- split articles S out of X: a fence around S (`isu_fences`: no article of S is linked to one outside S unless
  by a later decision) and forced links chaining S's articles, so that S is one isu; an optional label;
- rename X: a label anchored on X's first article (`isu_labels`).

`warta.store.isu` reads these rules whenever it files an article; here the isus the decision touches are
clustered again at once (a merge only adds a link between two isus, a split only cuts links inside one), in the
caller's transaction. The isus that result are logged with the decision (`result`, the one holding the decided
articles first).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from warta.errors import InputError, NotFoundError
from warta.store import isu
from warta.store.connection import Connection
from warta.store.curation import log_decision, reason

ACTIONS = ("merge", "split", "rename")
MAX_LABEL = 1000


@dataclass(frozen=True)
class _Plan:
    """A checked decision: what to log, the rows to write, the isus to cluster again and the article whose isu
    comes first in the result."""

    args: dict[str, object]
    links: list[tuple[str, str]]
    fence: list[str]
    label: str | None
    isus: list[str]
    anchor: str


def decide(conn: Connection, action: str, isu_id: str, args: dict[str, object], who: str, why: str) -> int:
    """Check and record a decision on an isu, then cluster the isus it touches again; returns its log number.
    The resulting isu ids are added to `args` (and to the log) as `result`. NotFoundError for an unknown isu
    or article, InputError for a bad argument."""
    if action not in ACTIONS:
        raise InputError(f"unknown isu decision {action!r}; use one of {', '.join(ACTIONS)}")
    why = reason(why)
    plan = _PLANS[action](conn, isu_id, _first_article(conn, isu_id), args)
    seq = log_decision(conn, f"isu-{action}", isu_id, plan.args, who, why)
    _write(conn, plan, seq)
    made = isu.regroup(conn, plan.isus)
    first = str(conn.execute("SELECT isu_id FROM article_isu WHERE article_id = ?", (plan.anchor,)).fetchone()[0])
    result = [first, *sorted(set(made) - {first})]
    logged = json.dumps({**plan.args, "result": result}, ensure_ascii=False, sort_keys=True)
    conn.execute("UPDATE curation_log SET args = ? WHERE seq = ?", (logged, seq))
    args["result"] = result
    return seq


def _first_article(conn: Connection, isu_id: str) -> str:
    row = conn.execute("SELECT first_article FROM isus WHERE id = ?", (isu_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no isu with id {isu_id!r}; see `warta isu list`")
    return str(row[0])


def _merge(conn: Connection, isu_id: str, first: str, args: dict[str, object]) -> _Plan:
    into = args.get("into")
    if not isinstance(into, str) or not into:
        raise InputError("merge: name the isu to merge into (--into ISU_ID)")
    other = _first_article(conn, into)
    if into == isu_id:
        raise InputError(f"cannot merge isu {isu_id} into itself")
    return _Plan({"into": into, "link": [first, other]}, [(first, other)], [], None, [isu_id, into], first)


def _split(conn: Connection, isu_id: str, first: str, args: dict[str, object]) -> _Plan:
    given = args.get("articles")
    if not isinstance(given, list) or not given or not all(isinstance(a, str) and a for a in given):
        raise InputError("split: name the articles to take out (--articles A1,A2)")
    chosen = sorted(set(given))
    found = dict(isu.select_in(conn, "SELECT article_id, isu_id FROM article_isu WHERE article_id IN ({})", chosen))
    for article in chosen:
        if article not in found:
            raise NotFoundError(f"no article with id {article!r} in an isu; see `warta isu show {isu_id}`")
        if found[article] != isu_id:
            raise InputError(f"article {article} is not in isu {isu_id} but in {found[article]}")
    size = int(conn.execute("SELECT articles FROM isus WHERE id = ?", (isu_id,)).fetchone()[0])
    if len(chosen) >= size:
        raise InputError(f"split: {len(chosen)} articles are all of isu {isu_id}; leave at least one")
    ordered = sorted(isu.load(conn, chosen), key=lambda f: f.order)
    label = _label(args["label"]) if args.get("label") is not None else None
    logged: dict[str, object] = {"articles": chosen, **({"label": label} if label else {})}
    chain = list(pairwise(chosen))
    return _Plan(logged, chain, chosen, label, [isu_id], ordered[0].article)


def _rename(conn: Connection, isu_id: str, first: str, args: dict[str, object]) -> _Plan:
    label = _label(args.get("label"))
    return _Plan({"label": label, "anchor": first}, [], [], label, [isu_id], first)


def _label(value: object) -> str:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text or len(text) > MAX_LABEL:
        raise InputError(f"give a non-empty label of at most {MAX_LABEL} characters (--label)")
    return text


def _write(conn: Connection, plan: _Plan, seq: int) -> None:
    """The decision's rule rows, numbered `seq` (a pair joined again, or an anchor labelled again, takes the
    newer number)."""
    conn.executemany(
        "INSERT INTO isu_links (article_id, other_id, log_seq) VALUES (?, ?, ?) "
        "ON CONFLICT (article_id, other_id) DO UPDATE SET log_seq = excluded.log_seq",
        [(a, b, seq) for pair in plan.links for a, b in (pair, pair[::-1])],
    )
    conn.executemany("INSERT INTO isu_fences (article_id, log_seq) VALUES (?, ?)", [(a, seq) for a in plan.fence])
    if plan.label is not None:
        conn.execute(
            "INSERT INTO isu_labels (article_id, label, log_seq) VALUES (?, ?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET label = excluded.label, log_seq = excluded.log_seq",
            (plan.anchor, plan.label, seq),
        )


_PLANS: dict[str, Callable[[Connection, str, str, dict[str, object]], _Plan]] = {
    "merge": _merge,
    "split": _split,
    "rename": _rename,
}
